#include "gp/gaussian_process.hpp"

#include <gtest/gtest.h>

#include <Eigen/LU>
#include <cmath>

#include "common/random.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

Eigen::VectorXd parameters(double lengthscale, double signal_variance, double noise_variance) {
  Eigen::VectorXd theta(3);
  theta << std::log(lengthscale), std::log(signal_variance), std::log(noise_variance);
  return theta;
}

TEST(GaussianProcess, PredictionMatchesHandComputedThreePointExample) {
  // 1-D SE, ℓ = 1, σ_f² = 1, σ_n² = 0.01; X = (0, 0.5, 1), y = (1, −1, 0.5), x* = 0.25.
  const Eigen::Vector3d inputs(0.0, 0.5, 1.0), targets(1.0, -1.0, 0.5);
  const double query = 0.25;
  Eigen::Matrix3d k_y;
  Eigen::Vector3d k_star;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) k_y(i, j) = std::exp(-0.5 * std::pow(inputs(i) - inputs(j), 2)) + (i == j ? 0.01 : 0.0);
    k_star(i) = std::exp(-0.5 * std::pow(inputs(i) - query, 2));
  }
  // Independent route: LU with full pivoting instead of a Cholesky factor.
  const Eigen::FullPivLU<Eigen::Matrix3d> lu(k_y);
  const double expected_mean = k_star.dot(lu.solve(targets));
  const double expected_variance = 1.0 - k_star.dot(lu.solve(k_star));
  // The same numbers from Cramer's rule, computed outside this code base.
  EXPECT_NEAR(expected_mean, -0.1646366749021837, 1e-13);
  EXPECT_NEAR(expected_variance, 0.006744247524182234, 1e-13);

  GaussianProcess gp(Kernel(KernelKind::squared_exponential, 1));
  ASSERT_TRUE(gp.condition(Eigen::MatrixXd(inputs), Eigen::VectorXd(targets), parameters(1.0, 1.0, 0.01)));
  EXPECT_EQ(gp.jitter(), 0.0);
  EXPECT_EQ(gp.training_size(), 3);
  EXPECT_DOUBLE_EQ(gp.noise_variance(), 0.01);
  Eigen::MatrixXd candidates(2, 1);
  candidates << query, 3.0;
  Eigen::VectorXd mean, variance;
  gp.predict(candidates, mean, variance);
  EXPECT_NEAR(mean(0), expected_mean, 1e-12);
  EXPECT_NEAR(variance(0), expected_variance, 1e-12);
  EXPECT_GT(variance(1), variance(0));  // farther from the data
}

TEST(GaussianProcess, NearlyInterpolatesWithTinyNoise) {
  const int n = 8;
  Eigen::MatrixXd x(n, 1);
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) {
    x(i, 0) = i / double(n - 1);
    y(i) = std::sin(6.0 * x(i, 0));
  }
  for (KernelKind kind : {KernelKind::squared_exponential, KernelKind::matern52}) {
    GaussianProcess gp(Kernel(kind, 1));
    ASSERT_TRUE(gp.condition(x, y, parameters(0.3, 1.0, 1e-8)));
    Eigen::VectorXd mean, variance;
    gp.predict(x, mean, variance);
    EXPECT_LT((mean - y).cwiseAbs().maxCoeff(), 1e-4) << to_string(kind);
    EXPECT_LT(variance.maxCoeff(), 1e-6) << to_string(kind);
    EXPECT_GE(variance.minCoeff(), 0.0) << to_string(kind);
  }
}

TEST(GaussianProcess, DuplicateInputsAtNoiseLowerBoundFactorize) {
  Eigen::MatrixXd x(5, 2);
  x << 0.2, 0.3, 0.2, 0.3, 0.2, 0.3, 0.8, 0.1, 0.8, 0.1;
  Eigen::VectorXd y(5);
  y << 1.0, 1.1, 0.9, -1.0, -0.8;
  GaussianProcess gp(Kernel(KernelKind::matern52_ard, 2));
  Eigen::VectorXd theta(4);
  theta << std::log(0.5), std::log(0.5), std::log(1.0), std::log(HyperparameterBounds{}.noise_variance_min);
  ASSERT_TRUE(gp.condition(x, y, theta));
  Eigen::VectorXd mean, variance;
  gp.predict(x, mean, variance);
  EXPECT_TRUE(mean.allFinite());
  // Duplicates are averaged: the mean at the first point is close to mean(1.0, 1.1, 0.9).
  EXPECT_NEAR(mean(0), 1.0, 1e-3);
}

TEST(GaussianProcess, DuplicateInputsWithoutNoiseNeedJitter) {
  Eigen::MatrixXd x(4, 1);
  x << 0.1, 0.1, 0.6, 0.6;
  Eigen::VectorXd y(4);
  y << 0.5, 0.5, -0.5, -0.5;
  GaussianProcess gp(Kernel(KernelKind::squared_exponential, 1));
  // σ_n² = 1e-300 vanishes next to σ_f² = 1: duplicate rows make K_y exactly singular.
  ASSERT_TRUE(gp.condition(x, y, parameters(0.3, 1.0, 1e-300)));
  EXPECT_GT(gp.jitter(), 0.0);
  EXPECT_LE(gp.jitter(), 1e-2);
  Eigen::VectorXd mean, variance;
  gp.predict(x, mean, variance);
  EXPECT_TRUE(mean.allFinite());
  EXPECT_TRUE(variance.allFinite());
  EXPECT_LT((mean - y).cwiseAbs().maxCoeff(), 1e-3);
}

TEST(GaussianProcess, FailedConditionLeavesThePrior) {
  GaussianProcess gp(Kernel(KernelKind::squared_exponential, 1));
  Eigen::MatrixXd x(2, 1);
  x << 0.0, 1.0;
  Eigen::VectorXd y(2);
  y << 1.0, 2.0;
  Eigen::VectorXd theta = parameters(0.3, 2.0, 0.1);
  theta(2) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(gp.condition(x, y, theta));
  EXPECT_EQ(gp.training_size(), 0);
  Eigen::VectorXd mean, variance;
  gp.predict(x, mean, variance);
  EXPECT_EQ(mean, Eigen::VectorXd::Zero(2));
  EXPECT_EQ(variance, Eigen::VectorXd::Constant(2, 2.0));
}

TEST(GaussianProcess, AddInputMatchesFullConditioning) {
  Rng rng(99);
  const int n = 30, dimension = 3;
  Eigen::MatrixXd x(n, dimension);
  for (Eigen::Index i = 0; i < x.size(); ++i) x(i) = rng.uniform();
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) y(i) = std::cos(3.0 * x(i, 0)) * x(i, 1) + rng.normal() * 0.05;
  Eigen::MatrixXd candidates(300, dimension);  // more than one prediction block
  for (Eigen::Index i = 0; i < candidates.size(); ++i) candidates(i) = rng.uniform();
  Eigen::VectorXd theta(5);
  theta << -0.9, -0.4, 0.3, 0.1, std::log(1e-3);

  for (KernelKind kind : {KernelKind::squared_exponential_ard, KernelKind::matern52_ard}) {
    GaussianProcess incremental(Kernel(kind, dimension));
    ASSERT_TRUE(incremental.condition(x.topRows(n - 5), y.head(n - 5), theta));
    for (int i = n - 5; i < n; ++i) ASSERT_TRUE(incremental.add_input(x.row(i)));
    ASSERT_EQ(incremental.training_size(), n);
    incremental.set_targets(y);

    GaussianProcess full(Kernel(kind, dimension));
    ASSERT_TRUE(full.condition(x, y, theta));
    Eigen::VectorXd incremental_mean, incremental_variance, full_mean, full_variance;
    incremental.predict(candidates, incremental_mean, incremental_variance);
    full.predict(candidates, full_mean, full_variance);
    EXPECT_LT((incremental_mean - full_mean).cwiseAbs().maxCoeff(), 1e-10) << to_string(kind);
    EXPECT_LT((incremental_variance - full_variance).cwiseAbs().maxCoeff(), 1e-10) << to_string(kind);
  }
}

TEST(GaussianProcess, AddInputRejectsAnExactDuplicateWithoutNoise) {
  Eigen::MatrixXd x(2, 1);
  x << 0.0, 0.7;
  Eigen::VectorXd y(2);
  y << 1.0, -1.0;
  GaussianProcess gp(Kernel(KernelKind::squared_exponential, 1));
  ASSERT_TRUE(gp.condition(x, y, parameters(0.5, 1.0, 1e-300)));
  ASSERT_EQ(gp.jitter(), 0.0);
  Eigen::RowVectorXd duplicate(1);
  duplicate << 0.7;
  EXPECT_FALSE(gp.add_input(duplicate));  // new pivot d² = 1 − 1 = 0
  EXPECT_EQ(gp.training_size(), 2);
  Eigen::VectorXd mean, variance;
  gp.predict(x, mean, variance);
  EXPECT_NEAR(mean(1), -1.0, 1e-12);  // unchanged
}

TEST(GaussianProcess, PosteriorCovarianceMatchesDirectFormula) {
  Rng rng(5);
  const int n = 12, m = 7, dimension = 2;
  Eigen::MatrixXd x(n, dimension), candidates(m, dimension);
  for (Eigen::Index i = 0; i < x.size(); ++i) x(i) = rng.uniform();
  for (Eigen::Index i = 0; i < candidates.size(); ++i) candidates(i) = rng.uniform();
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) y(i) = x(i, 0) - x(i, 1) * x(i, 1);
  Eigen::VectorXd theta(4);
  theta << -1.0, -0.5, 0.2, std::log(1e-2);
  const Kernel kernel(KernelKind::matern52_ard, dimension);
  GaussianProcess gp(kernel);
  ASSERT_TRUE(gp.condition(x, y, theta));

  Eigen::MatrixXd k_y, cross, prior;
  kernel.covariance(x, x, theta, k_y);
  k_y.diagonal().array() += 1e-2;
  kernel.covariance(x, candidates, theta, cross);
  kernel.covariance(candidates, candidates, theta, prior);
  const Eigen::MatrixXd expected = prior - cross.transpose() * Eigen::FullPivLU<Eigen::MatrixXd>(k_y).solve(cross);

  const Eigen::MatrixXd covariance = gp.posterior_covariance(candidates);
  EXPECT_LT((covariance - expected).cwiseAbs().maxCoeff(), 1e-10);
  EXPECT_EQ(covariance, covariance.transpose());
  Eigen::VectorXd mean, variance;
  gp.predict(candidates, mean, variance);
  EXPECT_LT((covariance.diagonal() - variance).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(GaussianProcess, RejectsInconsistentSizes) {
  GaussianProcess gp(Kernel(KernelKind::squared_exponential_ard, 2));
  EXPECT_THROW(gp.condition(Eigen::MatrixXd::Zero(3, 2), Eigen::VectorXd::Zero(2), Eigen::VectorXd::Zero(4)),
               std::invalid_argument);
  EXPECT_THROW(gp.condition(Eigen::MatrixXd::Zero(3, 1), Eigen::VectorXd::Zero(3), Eigen::VectorXd::Zero(4)),
               std::invalid_argument);
}

}  // namespace
}  // namespace bosim
