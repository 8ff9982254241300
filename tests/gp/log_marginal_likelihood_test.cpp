#include "gp/log_marginal_likelihood.hpp"

#include <gtest/gtest.h>

#include <Eigen/LU>
#include <cmath>
#include <numbers>

#include "common/random.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

Eigen::MatrixXd random_inputs(Eigen::Index n, Eigen::Index dimension, Rng& rng) {
  Eigen::MatrixXd x(n, dimension);
  for (Eigen::Index i = 0; i < x.size(); ++i) x(i) = rng.uniform();
  return x;
}

Eigen::VectorXd smooth_targets(const Eigen::MatrixXd& x) {
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i) y(i) = std::sin(4.0 * x(i, 0)) + x.row(i).sum() - 1.0;
  return y;
}

TEST(LogMarginalLikelihood, GradientMatchesCentralDifferences) {
  Rng rng(20240611);
  const double step = 1e-5;
  for (KernelKind kind : all_kernel_kinds()) {
    const Kernel kernel(kind, 3);
    const Eigen::MatrixXd x = random_inputs(12, 3, rng);
    const Eigen::VectorXd y = smooth_targets(x);
    LmlWorkspace workspace;
    for (int trial = 0; trial < 5; ++trial) {
      Eigen::VectorXd theta(kernel.parameter_count());
      for (Eigen::Index l = 0; l < kernel.lengthscale_count(); ++l) theta(l) = rng.uniform(-1.5, 1.0);
      theta(kernel.signal_index()) = rng.uniform(-1.0, 1.0);
      theta(kernel.noise_index()) = rng.uniform(-6.0, -1.0);

      Eigen::VectorXd gradient;
      const double value = log_marginal_likelihood(kernel, x, y, theta, &gradient, workspace);
      ASSERT_TRUE(std::isfinite(value));
      ASSERT_EQ(gradient.size(), theta.size());
      for (Eigen::Index j = 0; j < theta.size(); ++j) {
        Eigen::VectorXd shifted = theta;
        shifted(j) += step;
        const double plus = log_marginal_likelihood(kernel, x, y, shifted, nullptr, workspace);
        shifted(j) -= 2.0 * step;
        const double minus = log_marginal_likelihood(kernel, x, y, shifted, nullptr, workspace);
        const double finite_difference = (plus - minus) / (2.0 * step);
        EXPECT_NEAR(gradient(j), finite_difference, 1e-5 * std::max(1.0, std::abs(finite_difference)))
            << to_string(kind) << " trial " << trial << " parameter " << j;
      }
    }
  }
}

TEST(LogMarginalLikelihood, ValueMatchesDeterminantAndInverse) {
  // 1-D squared exponential written out by hand: k = σ_f² exp(−(x − x')²/(2ℓ²)).
  const double lengthscale = 0.4, signal_variance = 1.5, noise_variance = 0.05;
  Eigen::MatrixXd x(4, 1);
  x << 0.0, 0.2, 0.5, 0.9;
  Eigen::VectorXd y(4);
  y << 0.3, -0.8, 1.1, 0.2;
  Eigen::MatrixXd k_y(4, 4);
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      const double difference = x(i, 0) - x(j, 0);
      k_y(i, j) = signal_variance * std::exp(-difference * difference / (2.0 * lengthscale * lengthscale)) +
                  (i == j ? noise_variance : 0.0);
    }
  }
  const double expected =
      -0.5 * y.dot(k_y.inverse() * y) - 0.5 * std::log(k_y.determinant()) - 2.0 * std::log(2.0 * std::numbers::pi);

  for (KernelKind kind : {KernelKind::squared_exponential_ard, KernelKind::squared_exponential}) {
    const Kernel kernel(kind, 1);
    Eigen::VectorXd theta(3);
    theta << std::log(lengthscale), std::log(signal_variance), std::log(noise_variance);
    LmlWorkspace workspace;
    EXPECT_NEAR(log_marginal_likelihood(kernel, x, y, theta, nullptr, workspace), expected, 1e-12);
  }
}

/// log|K_y| is summed as logs of products of 8 diagonal entries of L, entry by entry where such a
/// product would overflow or underflow: with points so far apart that K_y = v I, log p must equal
/// −yᵀy/(2v) − (n/2) log v − (n/2) log 2π for v = 2 and for v = 2e±700 (L_ii = √v, 8 of which overflow
/// or underflow), n = 12 (one chunk of 8 and one of 4).
TEST(LogMarginalLikelihood, LogDeterminantSurvivesExtremeVariances) {
  constexpr Eigen::Index n = 12;
  Eigen::MatrixXd x(n, 1);
  for (Eigen::Index i = 0; i < n; ++i) x(i, 0) = 100.0 * static_cast<double>(i);
  for (const double log_variance : {0.0, 700.0, -700.0}) {
    SCOPED_TRACE(log_variance);
    Eigen::VectorXd y(n);  // y scaled with √v so that yᵀy / v stays O(1)
    for (Eigen::Index i = 0; i < n; ++i) y(i) = 0.1 * static_cast<double>(i + 1) * std::exp(0.5 * log_variance);
    const double log_v = log_variance + std::log(2.0);
    const double expected = -0.5 * y.squaredNorm() / std::exp(log_v) - 0.5 * static_cast<double>(n) * log_v -
                            0.5 * static_cast<double>(n) * std::log(2.0 * std::numbers::pi);
    const Kernel kernel(KernelKind::squared_exponential_ard, 1);
    Eigen::VectorXd theta(3);
    theta << 0.0, log_variance, log_variance;  // ℓ = 1, σ_f² = σ_n² = e^log_variance
    LmlWorkspace workspace;
    const double value = log_marginal_likelihood(kernel, x, y, theta, nullptr, workspace);
    EXPECT_NEAR(value, expected, 1e-12 * std::abs(expected));
  }
}

TEST(LogMarginalLikelihood, IsotropicEqualsArdInOneDimension) {
  Rng rng(7);
  const Eigen::MatrixXd x = random_inputs(9, 1, rng);
  const Eigen::VectorXd y = smooth_targets(x);
  Eigen::VectorXd theta(3);
  theta << -1.1, 0.4, -3.0;
  for (auto [ard, isotropic] : {std::pair{KernelKind::squared_exponential_ard, KernelKind::squared_exponential},
                                std::pair{KernelKind::matern52_ard, KernelKind::matern52}}) {
    LmlWorkspace ard_workspace, isotropic_workspace;
    Eigen::VectorXd ard_gradient, isotropic_gradient;
    const double ard_value = log_marginal_likelihood(Kernel(ard, 1), x, y, theta, &ard_gradient, ard_workspace);
    const double isotropic_value =
        log_marginal_likelihood(Kernel(isotropic, 1), x, y, theta, &isotropic_gradient, isotropic_workspace);
    EXPECT_EQ(ard_value, isotropic_value) << to_string(ard);
    EXPECT_EQ(ard_gradient, isotropic_gradient) << to_string(ard);
  }
}

TEST(LogMarginalLikelihood, IsotropicEqualsArdWithEqualLengthscales) {
  Rng rng(11);
  const Eigen::MatrixXd x = random_inputs(10, 3, rng);
  const Eigen::VectorXd y = smooth_targets(x);
  Eigen::VectorXd ard_theta(5), isotropic_theta(3);
  ard_theta << -0.7, -0.7, -0.7, 0.2, -2.0;
  isotropic_theta << -0.7, 0.2, -2.0;
  LmlWorkspace workspace;
  Eigen::VectorXd ard_gradient, isotropic_gradient;
  const double ard_value =
      log_marginal_likelihood(Kernel(KernelKind::matern52_ard, 3), x, y, ard_theta, &ard_gradient, workspace);
  // The same workspace switches layouts (3 per-dimension caches to 1 summed one).
  const double isotropic_value =
      log_marginal_likelihood(Kernel(KernelKind::matern52, 3), x, y, isotropic_theta, &isotropic_gradient, workspace);
  EXPECT_NEAR(ard_value, isotropic_value, 1e-12);
  // d/dlog ℓ of the shared length-scale is the sum of the per-dimension derivatives.
  EXPECT_NEAR(ard_gradient.head(3).sum(), isotropic_gradient(0), 1e-10);
  EXPECT_NEAR(ard_gradient(3), isotropic_gradient(1), 1e-10);
  EXPECT_NEAR(ard_gradient(4), isotropic_gradient(2), 1e-10);
}

TEST(LogMarginalLikelihood, CacheFollowsInputsChangedInPlace) {
  Rng rng(3);
  const Kernel kernel(KernelKind::squared_exponential_ard, 2);
  Eigen::MatrixXd x = random_inputs(8, 2, rng);
  const Eigen::VectorXd y = smooth_targets(x);
  const Eigen::VectorXd theta = kernel.default_parameters(HyperparameterBounds{});
  LmlWorkspace reused;
  log_marginal_likelihood(kernel, x, y, theta, nullptr, reused);
  x(3, 1) += 0.25;  // same matrix object, same size, new content
  LmlWorkspace fresh;
  EXPECT_EQ(log_marginal_likelihood(kernel, x, y, theta, nullptr, reused),
            log_marginal_likelihood(kernel, x, y, theta, nullptr, fresh));
}

TEST(LogMarginalLikelihood, UnfactorizableGivesMinusInfinityAndZeroGradient) {
  const Kernel kernel(KernelKind::squared_exponential, 1);
  Eigen::MatrixXd x(2, 1);
  x << 0.0, 0.5;
  Eigen::VectorXd y(2);
  y << 1.0, -1.0;
  Eigen::VectorXd theta(3);
  theta << 0.0, 0.0, std::numeric_limits<double>::quiet_NaN();
  LmlWorkspace workspace;
  Eigen::VectorXd gradient;
  EXPECT_EQ(log_marginal_likelihood(kernel, x, y, theta, &gradient, workspace),
            -std::numeric_limits<double>::infinity());
  EXPECT_EQ(gradient, Eigen::VectorXd::Zero(3));
}

/// A box wide enough that σ̂_f² is never clamped.
VarianceBox wide_box() { return {-50.0, 50.0, -50.0, 50.0}; }

/// The profiled log p and its gradient against central differences, with σ̂_f² free, on a σ_f² bound
/// and with σ_n² = λσ̂_f² on either of its bounds (boxes placed 0.5 away from σ̂_f², so the steps never
/// cross a kink).
TEST(ProfiledLikelihood, GradientMatchesCentralDifferencesWhereverTheBoxActs) {
  Rng rng(20261128);
  const double step = 1e-5;
  for (KernelKind kind : all_kernel_kinds()) {
    const Kernel kernel(kind, 3);
    const Eigen::MatrixXd x = random_inputs(12, 3, rng);
    const Eigen::VectorXd y = smooth_targets(x);
    LmlWorkspace workspace;
    Eigen::VectorXd theta, gradient;
    for (int trial = 0; trial < 3; ++trial) {
      Eigen::VectorXd reduced(kernel.lengthscale_count() + 1);
      for (Eigen::Index l = 0; l < kernel.lengthscale_count(); ++l) reduced(l) = rng.uniform(-1.5, 1.0);
      const double log_ratio = reduced(kernel.signal_index()) = rng.uniform(-6.0, -1.0);
      profiled_log_marginal_likelihood(kernel, x, y, reduced, wide_box(), nullptr, theta, workspace);
      const double best = theta(kernel.signal_index());
      const VarianceBox boxes[] = {wide_box(),
                                   {-50.0, best - 0.5, -50.0, 50.0},
                                   {-50.0, 50.0, log_ratio + best + 0.5, 50.0},
                                   {-50.0, 50.0, -50.0, log_ratio + best - 0.5}};
      const double expected_signal[] = {best, best - 0.5, best + 0.5, best - 0.5};
      for (int b = 0; b < 4; ++b) {
        const double value =
            profiled_log_marginal_likelihood(kernel, x, y, reduced, boxes[b], &gradient, theta, workspace);
        ASSERT_TRUE(std::isfinite(value));
        EXPECT_NEAR(theta(kernel.signal_index()), expected_signal[b], 1e-12) << "box " << b;
        ASSERT_EQ(gradient.size(), reduced.size());
        for (Eigen::Index j = 0; j < reduced.size(); ++j) {
          Eigen::VectorXd shifted = reduced;
          shifted(j) += step;
          const double plus =
              profiled_log_marginal_likelihood(kernel, x, y, shifted, boxes[b], nullptr, theta, workspace);
          shifted(j) -= 2.0 * step;
          const double minus =
              profiled_log_marginal_likelihood(kernel, x, y, shifted, boxes[b], nullptr, theta, workspace);
          const double finite_difference = (plus - minus) / (2.0 * step);
          EXPECT_NEAR(gradient(j), finite_difference, 1e-5 * std::max(1.0, std::abs(finite_difference)))
              << to_string(kind) << " trial " << trial << " box " << b << " parameter " << j;
        }
      }
    }
  }
}

/// The profiled value is the full likelihood at the θ it reports, and no σ_f² in the box (with
/// σ_n² = λσ_f² in its box) gives more: it is the maximum over the dimension it removes.
TEST(ProfiledLikelihood, IsTheFullLikelihoodMaximizedOverTheSignalVariance) {
  Rng rng(5);
  const Kernel kernel(KernelKind::matern52_ard, 2);
  const Eigen::MatrixXd x = random_inputs(15, 2, rng);
  const Eigen::VectorXd y = smooth_targets(x);
  Eigen::VectorXd lower, upper;
  kernel.log_bounds(HyperparameterBounds{}, lower, upper);
  const VarianceBox box{lower(2), upper(2), lower(3), upper(3)};
  LmlWorkspace workspace;
  Eigen::VectorXd theta;
  for (const double log_ratio : {-18.0, -9.0, -3.0, 0.0, 5.0}) {
    Eigen::VectorXd reduced(3);
    reduced << -1.0, 0.3, log_ratio;
    const double profiled = profiled_log_marginal_likelihood(kernel, x, y, reduced, box, nullptr, theta, workspace);
    EXPECT_NEAR(log_marginal_likelihood(kernel, x, y, theta, nullptr, workspace), profiled, 1e-10);
    EXPECT_GE(theta(2), lower(2));
    EXPECT_LE(theta(2), upper(2));
    EXPECT_GE(theta(3), lower(3));
    EXPECT_LE(theta(3), upper(3));
    EXPECT_NEAR(theta(3) - theta(2), log_ratio, 1e-9);
    for (double log_signal = lower(2); log_signal <= upper(2); log_signal += 0.25) {
      const double log_noise = log_ratio + log_signal;
      if (log_noise < lower(3) || log_noise > upper(3)) continue;
      Eigen::VectorXd full(4);
      full << -1.0, 0.3, log_signal, log_noise;
      EXPECT_LE(log_marginal_likelihood(kernel, x, y, full, nullptr, workspace), profiled + 1e-10)
          << "log λ " << log_ratio << " log σ_f² " << log_signal;
    }
  }
}

TEST(ProfiledLikelihood, ParametersAndBoxMapTheFullOnes) {
  const Kernel kernel(KernelKind::squared_exponential_ard, 2);
  Eigen::VectorXd theta(4);
  theta << 0.1, -0.2, 1.5, -4.0;
  Eigen::VectorXd expected(3);
  expected << 0.1, -0.2, -5.5;
  EXPECT_EQ(profiled_parameters(kernel, theta), expected);
  Eigen::VectorXd lower, upper, reduced_lower, reduced_upper;
  kernel.log_bounds(HyperparameterBounds{}, lower, upper);
  profiled_bounds(kernel, VarianceBox{lower(2), upper(2), lower(3), upper(3)}, lower, upper, reduced_lower,
                  reduced_upper);
  Eigen::VectorXd expected_lower(3), expected_upper(3);
  expected_lower << std::log(1e-2), std::log(1e-2), std::log(1e-6) - std::log(1e3);
  expected_upper << std::log(1e2), std::log(1e2), std::log(1.0) - std::log(1e-3);
  EXPECT_EQ(reduced_lower, expected_lower);
  EXPECT_EQ(reduced_upper, expected_upper);
}

}  // namespace
}  // namespace bosim
