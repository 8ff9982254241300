#include "gp/gaussian_exp.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace bosim {
namespace {

/// Units in the last place of `expected` by which `actual` differs from it.
double ulps_apart(double actual, double expected) {
  return std::abs(actual - expected) / (std::nextafter(expected, std::numeric_limits<double>::infinity()) - expected);
}

TEST(ScaledGaussian, IsWithinFourUlpOfTheScalarExpOnEveryLaneAndTheTail) {
  // 4001 values (not a multiple of 4, so the tail is covered), r² from 0 to 1400 (exp down to e⁻⁷⁰⁰).
  constexpr Eigen::Index count = 4001;
  const double scale = 2.5;
  Eigen::VectorXd squared(count);
  for (Eigen::Index i = 0; i < count; ++i) squared(i) = 1400.0 * static_cast<double>(i) / (count - 1);
  Eigen::VectorXd values = squared;
  scaled_gaussian(values, scale);
  double worst = 0.0;
  for (Eigen::Index i = 0; i < count; ++i)
    worst = std::max(worst, ulps_apart(values(i), scale * std::exp(-0.5 * squared(i))));
  // exp within 3 ulp (measured for libmvec, 2 for Eigen's packet exp), one more rounding for the scale.
  EXPECT_LE(worst, 4.0);
  EXPECT_EQ(values(0), scale);  // exp(0) = 1 exactly
}

TEST(ScaledGaussian, IsNegligibleBeyondExpOfMinus700AndKeepsNaN) {
  // Past r² = 1400 (exp(−700) ≈ 9.9·10⁻³⁰⁵): exactly 0 with libmvec, else exp's own tiny or subnormal value.
  Eigen::VectorXd values(7);
  values << 1400.5, 1417.0, 1e4, 1e300, std::numeric_limits<double>::infinity(),
      std::numeric_limits<double>::quiet_NaN(), 0.0;
  scaled_gaussian(values, 1.0);
  for (Eigen::Index i = 0; i < 5; ++i) {
    EXPECT_GE(values(i), 0.0) << "entry " << i;
    EXPECT_LT(values(i), 1e-304) << "entry " << i;
  }
  EXPECT_TRUE(std::isnan(values(5)));
  EXPECT_EQ(values(6), 1.0);
}

}  // namespace
}  // namespace bosim
