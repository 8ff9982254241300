// Deterministic random numbers: SplitMix64 seed mixing and the xoshiro256** generator.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

namespace bosim {

/// SplitMix64 output function (Steele, Lea & Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014): a bijection on 64-bit words
/// that turns structured inputs (0, 1, 2, ...) into well-mixed seeds.
///   z = x + 0x9E3779B97F4A7C15
///   z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
///   z = (z ^ (z >> 27)) * 0x94D049BB133111EB
///   return z ^ (z >> 31)
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  std::uint64_t z = x + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// Combines a parent seed with one more coordinate: mix(parent, k) =
/// splitmix64(parent ^ splitmix64(k)). Chaining it gives a seed for any path,
/// e.g. mix(mix(mix(study_seed, stream), config_id), repeat).
constexpr std::uint64_t mix_seed(std::uint64_t parent, std::uint64_t coordinate) {
  return splitmix64(parent ^ splitmix64(coordinate));
}

/// xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number
/// generators", ACM TOMS 2021), seeded by four SplitMix64 outputs.
/// Every distribution below is implemented here, not taken from <random>, so
/// that a run gives the same numbers with any standard library.
class Rng {
 public:
  using result_type = std::uint64_t;

  explicit Rng(std::uint64_t seed) {
    // The SplitMix64 sequence seed+γ, seed+2γ, ... as recommended by the authors.
    for (std::uint64_t i = 0; i < 4; ++i) state_[i] = splitmix64(seed + i * 0x9E3779B97F4A7C15ULL);
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

  /// Uniform double in [lower, upper).
  double uniform(double lower, double upper) { return lower + (upper - lower) * uniform(); }

  /// Uniform integer in [0, n) without modulo bias (Lemire, "Fast random
  /// integer generation in an interval", ACM TOMACS 2019). n must be > 0.
  std::uint64_t uniform_index(std::uint64_t n) {
    __extension__ using uint128 = unsigned __int128;  // GCC/Clang extension; __extension__ keeps -Wpedantic quiet
    uint128 product = static_cast<uint128>((*this)()) * n;
    auto low = static_cast<std::uint64_t>(product);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        product = static_cast<uint128>((*this)()) * n;
        low = static_cast<std::uint64_t>(product);
      }
    }
    return static_cast<std::uint64_t>(product >> 64);
  }

  /// Standard normal deviate by the Marsaglia polar method.
  double normal() {
    if (has_spare_normal_) {
      has_spare_normal_ = false;
      return spare_normal_;
    }
    double u = 0.0, v = 0.0, s = 0.0;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double factor = std::sqrt(-2.0 * std::log(s) / s);
    spare_normal_ = v * factor;
    has_spare_normal_ = true;
    return u * factor;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t state_[4]{};
  double spare_normal_ = 0.0;
  bool has_spare_normal_ = false;
};

}  // namespace bosim
