// Standard normal density and distribution function, with a stable φ(z) + zΦ(z) for expected improvement.
#pragma once

#include <cmath>
#include <numbers>

namespace bosim {

/// φ(z) = exp(−z²/2) / √(2π).
inline double normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); }

/// Φ(z) = ½ erfc(−z/√2); erfc keeps full relative accuracy in the lower tail (down to z ≈ −37).
inline double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

/// h(z) = φ(z) + zΦ(z) = E[max(Z + z, 0)], Z ~ N(0,1): the expected improvement of a unit-σ
/// Gaussian with mean z. The direct form cancels: its relative error grows like ε·z², so for
/// z < −12 the asymptotic expansion of Mills' ratio (Abramowitz & Stegun 26.2.12) is used:
///   h(z) = φ(z) (1/z² − 3/z⁴ + 15/z⁶ − 105/z⁸ + 945/z¹⁰ − …)   (relative error < 10⁻⁶ at z = −12).
inline double expected_improvement_unit(double z) {
  if (z >= -12.0) return normal_pdf(z) + z * normal_cdf(z);
  const double inverse_square = 1.0 / (z * z);
  const double series =
      inverse_square *
      (1.0 - inverse_square * (3.0 - inverse_square * (15.0 - inverse_square * (105.0 - inverse_square * 945.0))));
  return normal_pdf(z) * series;
}

}  // namespace bosim
