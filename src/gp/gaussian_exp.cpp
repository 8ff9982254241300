#include "gp/gaussian_exp.hpp"

#include <cmath>

#if defined(__AVX2__) && defined(BOSIM_HAVE_LIBMVEC)
#include <immintrin.h>

/// glibc's libmvec: exp of 4 doubles (AVX2 variant, x86-64 vector function ABI).
extern "C" __m256d _ZGVdN4v_exp(__m256d);
#endif

namespace bosim {

#if defined(__AVX2__) && defined(BOSIM_HAVE_LIBMVEC)

namespace {

/// Exponents below this give 0: e⁻⁷⁰⁰ ≈ 10⁻³⁰⁴ is below anything that can change a sum of the GP's
/// O(1) kernel values, and libmvec's fast path ends near −708.4.
constexpr double lowest_exponent = -700.0;

__m256d scaled_gaussian_block(__m256d squared, double scale) {
  const __m256d exponent = _mm256_mul_pd(_mm256_set1_pd(-0.5), squared);
  const __m256d lowest = _mm256_set1_pd(lowest_exponent);
  const __m256d below = _mm256_cmp_pd(exponent, lowest, _CMP_LT_OQ);
  const __m256d value = _ZGVdN4v_exp(_mm256_max_pd(lowest, exponent));  // max(lowest, NaN) is NaN
  return _mm256_andnot_pd(below, _mm256_mul_pd(_mm256_set1_pd(scale), value));
}

}  // namespace

void scaled_gaussian(Eigen::Ref<Eigen::VectorXd> values, double scale) {
  const Eigen::Index size = values.size();
  double* data = values.data();
  Eigen::Index i = 0;
  for (; i + 4 <= size; i += 4) _mm256_storeu_pd(data + i, scaled_gaussian_block(_mm256_loadu_pd(data + i), scale));
  if (i == size) return;
  alignas(32) double rest[4] = {0.0, 0.0, 0.0, 0.0};
  for (Eigen::Index k = i; k < size; ++k) rest[k - i] = data[k];
  _mm256_store_pd(rest, scaled_gaussian_block(_mm256_load_pd(rest), scale));
  for (Eigen::Index k = i; k < size; ++k) data[k] = rest[k - i];
}

#else

void scaled_gaussian(Eigen::Ref<Eigen::VectorXd> values, double scale) {
#if defined(__AVX2__)
  values = scale * (-0.5 * values.array()).exp();
#else
  for (double& value : values) value = scale * std::exp(-0.5 * value);
#endif
}

#endif

}  // namespace bosim
