// FlushSubnormals: flush-to-zero and denormals-are-zero for the GP arithmetic, restored when the scope ends.
#pragma once

#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

namespace bosim {

/// While an object lives, the calling thread's floating-point unit treats
/// subnormal numbers (|x| < 2.2·10⁻³⁰⁸) as 0, in results (flush-to-zero) and
/// in operands (denormals-are-zero); the previous mode is restored when it is
/// destroyed, so code outside the GP keeps IEEE gradual underflow.
///
/// Why: at short length scales most off-diagonal kernel values fall below
/// 10⁻³⁰⁸ (Eigen's vectorized exp, which builds without libmvec use, clamps at
/// −709.78 and returns the subnormal 5.6·10⁻³⁰⁹ instead of 0; gaussian_exp.hpp),
/// and every operation on a subnormal takes a
/// microcode assist that costs tens to hundreds of cycles: one likelihood
/// evaluation then took 30× longer (issue 16). Zeroing the kernel is not enough,
/// since the Cholesky factor, the triangular inverse and the products create
/// new subnormals. A value that small changes any sum it enters by less than
/// 10⁻²⁹² relative, so the likelihood and predictions keep their accuracy; they
/// are bit-reproducible for a given build (the mode is set per call, never
/// inherited from the caller). Nested scopes are allowed.
///
/// x86-64: MXCSR bits FTZ (15) and DAZ (6), which govern SSE and AVX alike.
/// AArch64: FPCR bit FZ (24). Other targets: no effect.
class FlushSubnormals {
 public:
  FlushSubnormals() noexcept : saved_(read()) {
    write(saved_ | flush_bits);
    barrier();
  }
  ~FlushSubnormals() {
    barrier();
    write(saved_);
  }
  FlushSubnormals(const FlushSubnormals&) = delete;
  FlushSubnormals& operator=(const FlushSubnormals&) = delete;

  /// True when the calling thread currently flushes subnormals.
  static bool active() noexcept { return flush_bits != 0 && (read() & flush_bits) == flush_bits; }

 private:
  /// Keeps the compiler from moving memory accesses (the GP's matrices) across a mode change.
  static void barrier() noexcept { __asm__ __volatile__("" : : : "memory"); }
#if defined(__x86_64__) || defined(__i386__)
  using State = unsigned int;
  static constexpr State flush_bits = 0x8000u | 0x0040u;  // _MM_FLUSH_ZERO_ON | _MM_DENORMALS_ZERO_ON
  static State read() noexcept { return _mm_getcsr(); }
  static void write(State state) noexcept { _mm_setcsr(state); }
#elif defined(__aarch64__)
  using State = std::uint64_t;
  static constexpr State flush_bits = State{1} << 24;
  static State read() noexcept {
    State state;
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(state));
    return state;
  }
  static void write(State state) noexcept { __asm__ __volatile__("msr fpcr, %0" : : "r"(state)); }
#else
  using State = std::uint32_t;
  static constexpr State flush_bits = 0;
  static State read() noexcept { return 0; }
  static void write(State) noexcept {}
#endif
  State saved_;
};

}  // namespace bosim
