// Kernels over encoded categorical inputs: shared length-scale groups and the overlap factor.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <cmath>

#include "common/random.hpp"
#include "gp/kernel.hpp"
#include "gp/log_marginal_likelihood.hpp"

namespace bosim {
namespace {

/// One continuous column, then two overlap columns (level indices).
KernelLayout mixed_overlap_layout() {
  KernelLayout layout;
  layout.distance_groups = {0};
  layout.group_count = 1;
  layout.overlap_columns = 2;
  return layout;
}

TEST(OverlapKernel, HandComputedValues) {
  // θ = [log ℓ, log ℓc1, log ℓc2, log σf², log σn²] with ℓ = 0.5, ℓc = (2, 0.25), σf² = 1.5.
  const Kernel kernel(KernelKind::squared_exponential_ard, mixed_overlap_layout());
  ASSERT_EQ(kernel.parameter_count(), 5);
  Eigen::VectorXd theta(5);
  theta << std::log(0.5), std::log(2.0), std::log(0.25), std::log(1.5), std::log(1e-3);
  Eigen::MatrixXd a(1, 3), b(3, 3);
  a << 0.2, 0, 1;
  b << 0.7, 0, 1,  // same categories: 1.5 exp(−(0.5/0.5)²/2) = 1.5 e^{−1/2}
      0.2, 1, 1,   // first category differs: 1.5 e^{−1/2}
      0.2, 1, 0;   // both differ: 1.5 e^{−1/2 − 4}
  Eigen::MatrixXd k;
  kernel.covariance(a, b, theta, k);
  EXPECT_NEAR(k(0, 0), 1.5 * std::exp(-0.5), 1e-15);
  EXPECT_NEAR(k(0, 1), 1.5 * std::exp(-0.5), 1e-15);
  EXPECT_NEAR(k(0, 2), 1.5 * std::exp(-4.5), 1e-15);
}

TEST(OverlapKernel, MaternTimesOverlapValue) {
  const Kernel kernel(KernelKind::matern52_ard, mixed_overlap_layout());
  Eigen::VectorXd theta(5);
  theta << std::log(0.5), std::log(2.0), std::log(0.25), std::log(1.5), std::log(1e-3);
  Eigen::MatrixXd a(1, 3), b(1, 3);
  a << 0.2, 0, 1;
  b << 0.7, 1, 1;  // r = 1: 1.5 (1 + √5 + 5/3) e^{−√5} · e^{−1/2}
  Eigen::MatrixXd k;
  kernel.covariance(a, b, theta, k);
  const double s5 = std::sqrt(5.0);
  EXPECT_NEAR(k(0, 0), 1.5 * (1.0 + s5 + 5.0 / 3.0) * std::exp(-s5) * std::exp(-0.5), 1e-15);
}

TEST(OverlapKernel, OnlyCategoricalColumns) {
  KernelLayout layout;
  layout.overlap_columns = 2;
  const Kernel kernel(KernelKind::squared_exponential_ard, layout);
  EXPECT_EQ(kernel.distance_lengthscale_count(), 0);
  EXPECT_EQ(kernel.parameter_count(), 4);
  Eigen::VectorXd theta(4);
  theta << std::log(1.0), std::log(0.5), std::log(2.0), std::log(1e-3);
  Eigen::MatrixXd a(1, 2), b(2, 2);
  a << 0, 3;
  b << 0, 3, 1, 2;
  Eigen::MatrixXd k;
  kernel.covariance(a, b, theta, k);
  EXPECT_NEAR(k(0, 0), 2.0, 1e-15);
  EXPECT_NEAR(k(0, 1), 2.0 * std::exp(-1.0 - 2.0), 1e-15);
}

TEST(SharedLengthscales, OneHotColumnsOfAVariableShareTheirScale) {
  // Columns: x, then a 3-level one-hot block sharing length scale 1.
  KernelLayout layout;
  layout.distance_groups = {0, 1, 1, 1};
  layout.group_count = 2;
  const Kernel kernel(KernelKind::squared_exponential_ard, layout);
  EXPECT_EQ(kernel.parameter_count(), 4);
  Eigen::VectorXd theta(4);
  theta << std::log(0.5), std::log(2.0), std::log(1.0), std::log(1e-3);
  Eigen::MatrixXd a(1, 4), b(1, 4);
  a << 0.2, 1, 0, 0;
  b << 0.7, 0, 0, 1;  // r² = 1 + 2/4: k = exp(−0.75)
  Eigen::MatrixXd k;
  kernel.covariance(a, b, theta, k);
  EXPECT_NEAR(k(0, 0), std::exp(-0.75), 1e-15);
}

TEST(CategoricalKernels, RejectInconsistentLayouts) {
  KernelLayout gap;
  gap.distance_groups = {0, 2};
  gap.group_count = 3;
  EXPECT_THROW(Kernel(KernelKind::squared_exponential_ard, gap), std::invalid_argument);
  KernelLayout empty;
  EXPECT_THROW(Kernel(KernelKind::squared_exponential_ard, empty), std::invalid_argument);
}

/// Rows of (x ∈ [0,1], level of a 3-level variable, level of a 2-level variable) for the overlap layout,
/// or with the categories one-hot encoded for a grouped layout.
Eigen::MatrixXd mixed_inputs(Eigen::Index n, bool one_hot, Rng& rng) {
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(n, one_hot ? 6 : 3);
  for (Eigen::Index i = 0; i < n; ++i) {
    x(i, 0) = rng.uniform();
    const auto c1 = static_cast<Eigen::Index>(rng.uniform_index(3));
    const auto c2 = static_cast<Eigen::Index>(rng.uniform_index(2));
    if (one_hot) {
      x(i, 1 + c1) = 1.0;
      x(i, 4 + c2) = 1.0;
    } else {
      x(i, 1) = static_cast<double>(c1);
      x(i, 2) = static_cast<double>(c2);
    }
  }
  return x;
}

void expect_gradient_matches_differences(const Kernel& kernel, const Eigen::MatrixXd& x, Rng& rng) {
  Eigen::VectorXd y(x.rows());
  // x may have only two columns (the categories-only layout): a third term only when there is a third column.
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    y(i) = std::sin(4.0 * x(i, 0)) + 0.7 * x(i, 1) - (x.cols() > 2 ? 0.4 * x(i, 2) : 0.0);
  LmlWorkspace workspace;
  const double step = 1e-5;
  for (int trial = 0; trial < 5; ++trial) {
    Eigen::VectorXd theta(kernel.parameter_count());
    for (Eigen::Index l = 0; l < kernel.lengthscale_count(); ++l) theta(l) = rng.uniform(-1.5, 1.0);
    theta(kernel.signal_index()) = rng.uniform(-1.0, 1.0);
    theta(kernel.noise_index()) = rng.uniform(-6.0, -1.0);
    Eigen::VectorXd gradient;
    const double value = log_marginal_likelihood(kernel, x, y, theta, &gradient, workspace);
    ASSERT_TRUE(std::isfinite(value));
    for (Eigen::Index j = 0; j < theta.size(); ++j) {
      Eigen::VectorXd shifted = theta;
      shifted(j) += step;
      const double plus = log_marginal_likelihood(kernel, x, y, shifted, nullptr, workspace);
      shifted(j) -= 2.0 * step;
      const double minus = log_marginal_likelihood(kernel, x, y, shifted, nullptr, workspace);
      const double finite_difference = (plus - minus) / (2.0 * step);
      EXPECT_NEAR(gradient(j), finite_difference, 1e-5 * std::max(1.0, std::abs(finite_difference)))
          << to_string(kernel.kind()) << " trial " << trial << " parameter " << j;
    }
  }
}

TEST(CategoricalKernels, OverlapGradientMatchesCentralDifferences) {
  Rng rng(151);
  for (KernelKind kind : all_kernel_kinds()) {
    const Kernel kernel(kind, mixed_overlap_layout());
    expect_gradient_matches_differences(kernel, mixed_inputs(14, false, rng), rng);
  }
  KernelLayout only_categories;
  only_categories.overlap_columns = 2;
  Eigen::MatrixXd x = mixed_inputs(14, false, rng);
  x.col(0) = x.col(1);
  x.col(1) = x.col(2);
  expect_gradient_matches_differences(Kernel(KernelKind::matern52_ard, only_categories), x.leftCols(2), rng);
}

TEST(CategoricalKernels, SharedOneHotGradientMatchesCentralDifferences) {
  Rng rng(152);
  KernelLayout layout;
  layout.distance_groups = {0, 1, 1, 1, 2, 2};
  layout.group_count = 3;
  for (KernelKind kind : all_kernel_kinds())
    expect_gradient_matches_differences(Kernel(kind, layout), mixed_inputs(14, true, rng), rng);
}

TEST(CategoricalKernels, LikelihoodOfOverlapEqualsDirectCovariance) {
  // The packed likelihood path and Kernel::covariance agree: log p from an explicit K_y.
  Rng rng(153);
  const Kernel kernel(KernelKind::matern52_ard, mixed_overlap_layout());
  const Eigen::MatrixXd x = mixed_inputs(10, false, rng);
  Eigen::VectorXd y(10);
  for (Eigen::Index i = 0; i < 10; ++i) y(i) = x(i, 0) + x(i, 1);
  Eigen::VectorXd theta(5);
  theta << -0.5, 0.3, -0.2, 0.1, std::log(1e-2);
  Eigen::MatrixXd k;
  kernel.covariance(x, x, theta, k);
  k.diagonal().array() += 1e-2;
  const Eigen::LLT<Eigen::MatrixXd> factor(k);
  const Eigen::VectorXd alpha = factor.solve(y);
  const double expected = -0.5 * y.dot(alpha) - Eigen::MatrixXd(factor.matrixL()).diagonal().array().log().sum() -
                          5.0 * std::log(2.0 * M_PI);
  LmlWorkspace workspace;
  EXPECT_NEAR(log_marginal_likelihood(kernel, x, y, theta, nullptr, workspace), expected, 1e-10);
}

}  // namespace
}  // namespace bosim
