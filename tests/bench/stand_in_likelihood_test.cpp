// The NLopt stand-ins of bench/fit_vs_nlopt.cpp compute the same function as bosim's likelihood, so that the
// benchmark times the same maximization: their log p and gradient equal log_marginal_likelihood's.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <vector>

#include "common/random.hpp"
#include "gp/log_marginal_likelihood.hpp"
#include "limbo_like_likelihood.hpp"
#include "synthetic_training_sets.hpp"
#include "textbook_likelihood.hpp"

namespace bosim {
namespace {

constexpr Eigen::Index dimension = bench::synthetic_dimension;

/// A training set and a θ to evaluate at.
struct Case {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  Eigen::VectorXd theta;
};

/// Synthetic sets 0–2 at n = 10, 20 and 40, each with a θ drawn from Rng(seed) in the region fits visit:
/// ℓ in [0.1, 2.7], σ_f² in [0.37, 2.7], σ_n² in [2.5·10⁻³, 0.37].
std::vector<Case> cases(std::uint64_t seed) {
  Rng rng(seed);
  std::vector<Case> result;
  for (const Eigen::Index n : {10, 20, 40})
    for (int set = 0; set < 3; ++set) {
      Case& c = result.emplace_back();
      bench::synthetic_training_set(n, set, c.x, c.y);
      c.theta.resize(dimension + 2);
      for (Eigen::Index d = 0; d < dimension; ++d) c.theta(d) = rng.uniform(-2.3, 1.0);
      c.theta(dimension) = rng.uniform(-1.0, 1.0);
      c.theta(dimension + 1) = rng.uniform(-6.0, -1.0);
    }
  return result;
}

/// bosim's log p and gradient at θ.
double bosim_log_likelihood(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& theta,
                            Eigen::VectorXd& gradient) {
  const Kernel kernel(KernelKind::squared_exponential_ard, dimension);
  LmlWorkspace workspace;
  return log_marginal_likelihood(kernel, x, y, theta, &gradient, workspace);
}

/// |a − b| within `relative` of max(1, |b|).
void expect_close(double a, double b, double relative, const char* what) {
  EXPECT_NEAR(a, b, relative * std::max(1.0, std::abs(b))) << what;
}

TEST(StandInLikelihood, TextbookEqualsBosims) {
  for (const Case& c : cases(31)) {
    Eigen::VectorXd expected_gradient, gradient(c.theta.size());
    const double expected = bosim_log_likelihood(c.x, c.y, c.theta, expected_gradient);
    bench::TextbookLikelihood textbook{c.x, c.y};
    const double value = -textbook.negative_log_likelihood(c.theta.data(), gradient.data());
    expect_close(value, expected, 1e-9, "log p");
    for (Eigen::Index j = 0; j < c.theta.size(); ++j)
      expect_close(-gradient(j), expected_gradient(j), 1e-8, "gradient");
    EXPECT_EQ(textbook.evaluations, 1);
    EXPECT_EQ(textbook.best, value);
  }
}

TEST(StandInLikelihood, LimboLikeEqualsBosimsWithItsJitterInTheNoise) {
  // limbo adds 10⁻⁸ to K_y's diagonal besides σ_n²: bosim at σ_n² + 10⁻⁸ is the same function, and its
  // derivative by log σ_n² is (σ_n² + 10⁻⁸)/σ_n² times the limbo-like one's.
  for (const Case& c : cases(32)) {
    Eigen::VectorXd jittered = c.theta, expected_gradient, gradient(c.theta.size());
    const double noise = std::exp(c.theta(dimension + 1));
    const double jittered_noise = noise + bench::LimboLikeKernel::diagonal_jitter;
    jittered(dimension + 1) = std::log(jittered_noise);
    const double expected = bosim_log_likelihood(c.x, c.y, jittered, expected_gradient);
    expected_gradient(dimension + 1) *= noise / jittered_noise;

    const bench::LimboLikeGp gp(c.x, c.y, Eigen::VectorXd::Zero(c.theta.size()));
    bench::LimboLikeObjective objective{gp};
    const unsigned count = static_cast<unsigned>(c.theta.size());
    const double value = objective.log_likelihood(count, c.theta.data(), gradient.data());
    expect_close(value, expected, 1e-9, "log p");
    for (Eigen::Index j = 0; j < c.theta.size(); ++j) expect_close(gradient(j), expected_gradient(j), 1e-8, "gradient");
    EXPECT_EQ(objective.evaluations, 1);
    EXPECT_EQ(objective.best, value);
  }
}

TEST(StandInLikelihood, BothGiveAFloorAndNoGradientWhereKyIsNotPositiveDefinite) {
  // Three copies of one point, σ_f² = e⁴⁰ ≈ 2.4·10¹⁷ and σ_n² = e⁻⁴⁰: K_y is a rank-one matrix plus about 10⁻⁸ I,
  // below the rounding of its entries, so Eigen's LLT fails; each stand-in then reports its floor of 10¹⁰.
  const Eigen::MatrixXd x = Eigen::MatrixXd::Constant(3, dimension, 0.5);
  const Eigen::VectorXd y = Eigen::Vector3d(-1.0, 0.0, 1.0);
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(dimension + 2);
  theta(dimension) = 40.0;
  theta(dimension + 1) = -40.0;
  Eigen::VectorXd gradient = Eigen::VectorXd::Ones(theta.size());

  bench::TextbookLikelihood textbook{x, y};
  EXPECT_EQ(textbook.negative_log_likelihood(theta.data(), gradient.data()), 1e10);
  EXPECT_TRUE(gradient.isZero(0.0));
  EXPECT_EQ(textbook.best, -std::numeric_limits<double>::infinity());

  gradient.setOnes();
  const bench::LimboLikeGp gp(x, y, Eigen::VectorXd::Zero(theta.size()));
  bench::LimboLikeObjective objective{gp};
  EXPECT_EQ(objective.log_likelihood(static_cast<unsigned>(theta.size()), theta.data(), gradient.data()), -1e10);
  EXPECT_TRUE(gradient.isZero(0.0));
  EXPECT_EQ(objective.best, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(objective.evaluations, 1);
}

}  // namespace
}  // namespace bosim
