#include "gp/kernel.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace bosim {
namespace {

TEST(KernelKind, NamesRoundTrip) {
  for (KernelKind kind : all_kernel_kinds()) {
    KernelKind parsed = KernelKind::squared_exponential;
    ASSERT_TRUE(parse_kernel_kind(to_string(kind), parsed));
    EXPECT_EQ(parsed, kind);
  }
  KernelKind unchanged = KernelKind::matern52;
  EXPECT_FALSE(parse_kernel_kind("rbf", unchanged));
  EXPECT_EQ(unchanged, KernelKind::matern52);
}

TEST(Kernel, ParameterLayout) {
  const Kernel ard(KernelKind::matern52_ard, 4);
  EXPECT_TRUE(ard.is_ard());
  EXPECT_EQ(ard.lengthscale_count(), 4);
  EXPECT_EQ(ard.parameter_count(), 6);
  EXPECT_EQ(ard.signal_index(), 4);
  EXPECT_EQ(ard.noise_index(), 5);
  const Kernel isotropic(KernelKind::squared_exponential, 4);
  EXPECT_FALSE(isotropic.is_ard());
  EXPECT_EQ(isotropic.parameter_count(), 3);
  EXPECT_THROW(Kernel(KernelKind::squared_exponential, 0), std::invalid_argument);
}

TEST(Kernel, DefaultParametersAndBounds) {
  const Kernel kernel(KernelKind::squared_exponential_ard, 2);
  HyperparameterBounds bounds;
  Eigen::VectorXd expected(4);
  expected << 0.0, 0.0, 0.0, std::log(1e-2);
  EXPECT_TRUE(kernel.default_parameters(bounds).isApprox(expected, 1e-15));

  Eigen::VectorXd lower, upper;
  kernel.log_bounds(bounds, lower, upper);
  Eigen::VectorXd expected_lower(4), expected_upper(4);
  expected_lower << std::log(1e-2), std::log(1e-2), std::log(1e-3), std::log(1e-6);
  expected_upper << std::log(1e2), std::log(1e2), std::log(1e3), std::log(1.0);
  EXPECT_TRUE(lower.isApprox(expected_lower, 1e-15));
  EXPECT_TRUE(upper.isApprox(expected_upper, 1e-15));

  // A default outside the box is clamped into it.
  bounds.noise_variance_min = 0.1;
  bounds.lengthscale_min = 2.0;
  const Eigen::VectorXd clamped = kernel.default_parameters(bounds);
  EXPECT_DOUBLE_EQ(clamped(0), std::log(2.0));
  EXPECT_DOUBLE_EQ(clamped(3), std::log(0.1));
}

TEST(Kernel, SquaredExponentialArdValue) {
  const Kernel kernel(KernelKind::squared_exponential_ard, 2);
  Eigen::MatrixXd a(1, 2), b(2, 2);
  a << 0.0, 0.0;
  b << 0.3, 0.4, 0.0, 0.0;
  Eigen::VectorXd theta(4);
  theta << std::log(0.5), std::log(2.0), std::log(1.7), std::log(0.1);
  Eigen::MatrixXd k;
  kernel.covariance(a, b, theta, k);
  ASSERT_EQ(k.rows(), 1);
  ASSERT_EQ(k.cols(), 2);
  // r² = (0.3/0.5)² + (0.4/2)² = 0.4.
  EXPECT_NEAR(k(0, 0), 1.7 * std::exp(-0.2), 1e-14);
  EXPECT_NEAR(k(0, 1), 1.7, 1e-14);  // noise is not part of k
  EXPECT_DOUBLE_EQ(kernel.prior_variance(theta), 1.7);
}

TEST(Kernel, Matern52IsotropicValue) {
  const Kernel kernel(KernelKind::matern52, 3);
  Eigen::MatrixXd a(1, 3), b(1, 3);
  a << 0.1, 0.2, 0.3;
  b << 0.4, 0.6, 0.3;
  Eigen::VectorXd theta(3);
  theta << std::log(0.7), std::log(2.5), std::log(0.01);
  Eigen::MatrixXd k;
  kernel.covariance(a, b, theta, k);
  const double r = std::sqrt(0.3 * 0.3 + 0.4 * 0.4) / 0.7;
  const double expected = 2.5 * (1.0 + std::sqrt(5.0) * r + 5.0 * r * r / 3.0) * std::exp(-std::sqrt(5.0) * r);
  EXPECT_NEAR(k(0, 0), expected, 1e-14);
}

TEST(Kernel, CovarianceIsSymmetricWithSignalDiagonal) {
  for (KernelKind kind : {KernelKind::squared_exponential_ard, KernelKind::matern52_ard}) {
    const Kernel kernel(kind, 3);
    Eigen::MatrixXd x(5, 3);
    x << 0.1, 0.9, 0.3, 0.5, 0.5, 0.5, 0.0, 1.0, 0.2, 0.7, 0.1, 0.8, 0.33, 0.66, 0.99;
    Eigen::VectorXd theta(5);
    theta << -0.5, 0.2, 0.9, 0.3, -4.0;
    Eigen::MatrixXd k;
    kernel.covariance(x, x, theta, k);
    EXPECT_TRUE(k.isApprox(k.transpose(), 1e-15)) << to_string(kind);
    EXPECT_TRUE(k.diagonal().isApprox(Eigen::VectorXd::Constant(5, std::exp(0.3)), 1e-15)) << to_string(kind);
    EXPECT_TRUE((k.array() > 0.0).all());
  }
}

TEST(Kernel, LengthscaleFactorIsMinusTwiceDerivativeInSquaredDistance) {
  const double step = 1e-6;
  for (KernelKind kind : {KernelKind::squared_exponential, KernelKind::matern52}) {
    const Kernel kernel(kind, 1);
    Eigen::VectorXd squared_distance(4);
    squared_distance << 0.01, 0.3, 1.0, 4.2;
    Eigen::VectorXd values = squared_distance, factor;
    kernel.covariance_from_squared_distance(values, 1.3, &factor);
    Eigen::VectorXd plus = squared_distance.array() + step, minus = squared_distance.array() - step;
    kernel.covariance_from_squared_distance(plus, 1.3, nullptr);
    kernel.covariance_from_squared_distance(minus, 1.3, nullptr);
    const Eigen::VectorXd finite_difference = -2.0 * (plus - minus) / (2.0 * step);
    EXPECT_TRUE(factor.isApprox(finite_difference, 1e-7))
        << to_string(kind) << ": " << factor.transpose() << " vs " << finite_difference.transpose();
    // The covariance itself is the same with or without the factor.
    Eigen::VectorXd without_factor = squared_distance;
    kernel.covariance_from_squared_distance(without_factor, 1.3, nullptr);
    EXPECT_TRUE(values.isApprox(without_factor, 1e-14)) << to_string(kind);
  }
}

}  // namespace
}  // namespace bosim
