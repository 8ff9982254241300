// Acquisition functions on known numbers (reference study Eqs. 9–11).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "acquisition/expected_improvement.hpp"
#include "acquisition/mean_variance.hpp"
#include "acquisition/probability_of_improvement.hpp"
#include "acquisition/pure_exploration.hpp"
#include "acquisition/thompson_sampling.hpp"
#include "acquisition/upper_confidence_bound.hpp"

namespace bosim {
namespace {

// Φ(0.5), φ(0.5), Φ(−1) to 16 digits (independent tables / mpmath).
constexpr double cdf_half = 0.6914624612740131;
constexpr double pdf_half = 0.3520653267642995;
constexpr double cdf_minus_one = 0.15865525393145707;

TEST(NormalDistribution, MatchesTabulatedValues) {
  EXPECT_NEAR(normal_cdf(0.5), cdf_half, 1e-15);
  EXPECT_NEAR(normal_pdf(0.5), pdf_half, 1e-15);
  EXPECT_NEAR(normal_cdf(-1.0), cdf_minus_one, 1e-15);
  EXPECT_DOUBLE_EQ(normal_cdf(0.0), 0.5);
}

TEST(NormalDistribution, ExpectedImprovementTailIsPositiveAndContinuous) {
  // Reference values of φ(z) + zΦ(z) from 40-digit arithmetic (mpmath).
  EXPECT_NEAR(expected_improvement_unit(-6.0) / 1.563569795970966e-10, 1.0, 1e-12);
  EXPECT_NEAR(expected_improvement_unit(-8.0) / 7.550262411946499e-17, 1.0, 1e-12);
  EXPECT_NEAR(expected_improvement_unit(-30.0) / 1.631956734091401e-199, 1.0, 1e-9);
  // The asymptotic branch (z < −12) joins the direct form.
  const double z = -12.0000001;
  EXPECT_NEAR(expected_improvement_unit(z) / (normal_pdf(z) + z * normal_cdf(z)), 1.0, 1e-6);
  EXPECT_GT(expected_improvement_unit(-30.0), 0.0);
  EXPECT_GT(expected_improvement_unit(-20.0), expected_improvement_unit(-21.0));
}

TEST(ProbabilityOfImprovement, ThresholdIsBestMeanPlusDelta) {
  // μ = (3, 1), σ = (2, 1), μ⁺ = 1, δ = 1 → τ = 2: z = (0.5, −1).
  const Eigen::VectorXd mean = (Eigen::VectorXd(2) << 3.0, 1.0).finished();
  const Eigen::VectorXd stddev = (Eigen::VectorXd(2) << 2.0, 1.0).finished();
  Eigen::VectorXd scores;
  probability_of_improvement({mean, stddev, 1.0, 0}, 1.0, scores);
  EXPECT_NEAR(scores[0], cdf_half, 1e-15);
  EXPECT_NEAR(scores[1], cdf_minus_one, 1e-15);
}

TEST(ProbabilityOfImprovement, ZeroSigmaUsesTheLimit) {
  const Eigen::VectorXd mean = (Eigen::VectorXd(2) << 5.0, 1.0).finished();
  const Eigen::VectorXd stddev = Eigen::VectorXd::Zero(2);
  Eigen::VectorXd scores;
  probability_of_improvement({mean, stddev, 2.0, 0}, 0.0, scores);
  EXPECT_EQ(scores[0], 1.0);
  EXPECT_EQ(scores[1], 0.0);
}

TEST(ExpectedImprovement, MatchesClosedForm) {
  // μ = 3, σ = 2, τ = 2: EI = σφ(z) + (μ − τ)Φ(z), z = 0.5.
  const Eigen::VectorXd mean = Eigen::VectorXd::Constant(1, 3.0);
  const Eigen::VectorXd stddev = Eigen::VectorXd::Constant(1, 2.0);
  Eigen::VectorXd scores;
  expected_improvement({mean, stddev, 1.5, 0}, 0.5, scores);
  EXPECT_NEAR(scores[0], 2.0 * pdf_half + 1.0 * cdf_half, 1e-14);
}

TEST(ExpectedImprovement, ZeroWhereSigmaIsZero) {
  const Eigen::VectorXd mean = Eigen::VectorXd::Constant(1, 10.0);
  const Eigen::VectorXd stddev = Eigen::VectorXd::Zero(1);
  Eigen::VectorXd scores;
  expected_improvement({mean, stddev, 0.0, 0}, 0.0, scores);
  EXPECT_EQ(scores[0], 0.0);
}

TEST(UpperConfidenceBound, BetaDecaysGeometrically) {
  // β_k = β₀ εᵏ with the reference study's best setting β₀ = 1.5, ε = 0.1.
  EXPECT_DOUBLE_EQ(ucb_beta(1.5, 0.1, 0), 1.5);
  EXPECT_NEAR(ucb_beta(1.5, 0.1, 2), 0.015, 1e-16);
  const Eigen::VectorXd mean = (Eigen::VectorXd(2) << 1.0, 2.0).finished();
  const Eigen::VectorXd stddev = (Eigen::VectorXd(2) << 4.0, 1.0).finished();
  Eigen::VectorXd scores;
  upper_confidence_bound({mean, stddev, 0.0, 1}, 1.5, 0.1, scores);  // β_1 = 0.15
  EXPECT_NEAR(scores[0], 1.0 + 0.15 * 4.0, 1e-15);
  EXPECT_NEAR(scores[1], 2.0 + 0.15 * 1.0, 1e-15);
  EXPECT_EQ(argmax_lowest_index(scores), 1);
  upper_confidence_bound({mean, stddev, 0.0, 0}, 1.5, 0.1, scores);  // β_0 = 1.5 favours the uncertain one
  EXPECT_EQ(argmax_lowest_index(scores), 0);
}

TEST(PureExploration, PicksLargestSigma) {
  const Eigen::VectorXd mean = (Eigen::VectorXd(3) << 9.0, 0.0, 0.0).finished();
  const Eigen::VectorXd stddev = (Eigen::VectorXd(3) << 0.1, 3.0, 2.0).finished();
  Eigen::VectorXd scores;
  pure_exploration({mean, stddev, 0.0, 0}, scores);
  EXPECT_EQ(argmax_lowest_index(scores), 1);
}

TEST(MeanVariance, WeightsMeanAndVariance) {
  const Eigen::VectorXd mean = (Eigen::VectorXd(2) << 2.0, 1.0).finished();
  const Eigen::VectorXd stddev = (Eigen::VectorXd(2) << 1.0, 2.0).finished();
  Eigen::VectorXd scores;
  mean_variance({mean, stddev, 0.0, 0}, 0.25, scores);
  EXPECT_DOUBLE_EQ(scores[0], 0.25 * 2.0 + 0.75 * 1.0);
  EXPECT_DOUBLE_EQ(scores[1], 0.25 * 1.0 + 0.75 * 4.0);
}

TEST(Argmax, TiesBreakToLowestIndex) {
  const Eigen::VectorXd scores = (Eigen::VectorXd(5) << 1.0, 3.0, 2.0, 3.0, 3.0).finished();
  EXPECT_EQ(argmax_lowest_index(scores), 1);
  EXPECT_EQ(argmax_lowest_index(Eigen::VectorXd::Zero(4)), 0);
}

TEST(Argmax, NamesRoundTrip) {
  for (const char* name : {"pi", "ei", "ucb", "random", "exploration", "thompson", "mean-variance"}) {
    AcquisitionKind kind{};
    ASSERT_TRUE(parse_acquisition_kind(name, kind)) << name;
    EXPECT_EQ(to_string(kind), name);
  }
  AcquisitionKind kind{};
  EXPECT_FALSE(parse_acquisition_kind("EI ", kind));
}

TEST(ThompsonSampling, DrawHasThePosteriorMoments) {
  // Two candidates with correlation 0.8: over many draws the sample mean, variances and
  // correlation match (tolerance: 5 standard errors at 20,000 draws).
  const Eigen::VectorXd mean = (Eigen::VectorXd(2) << 1.0, -2.0).finished();
  Eigen::MatrixXd covariance(2, 2);
  covariance << 4.0, 0.8 * 2.0 * 0.5, 0.8 * 2.0 * 0.5, 0.25;
  Rng rng(7);
  const int draws = 20000;
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(2), draw;
  Eigen::MatrixXd products = Eigen::MatrixXd::Zero(2, 2);
  for (int i = 0; i < draws; ++i) {
    ASSERT_TRUE(thompson_draw(mean, covariance, rng, draw));
    sum += draw;
    products += (draw - mean) * (draw - mean).transpose();
  }
  const Eigen::VectorXd sample_mean = sum / draws;
  const Eigen::MatrixXd sample_covariance = products / draws;
  EXPECT_NEAR(sample_mean[0], 1.0, 5 * 2.0 / std::sqrt(draws));
  EXPECT_NEAR(sample_mean[1], -2.0, 5 * 0.5 / std::sqrt(draws));
  EXPECT_NEAR(sample_covariance(0, 0), 4.0, 5 * 4.0 * std::sqrt(2.0 / draws));
  EXPECT_NEAR(sample_covariance(0, 1) / std::sqrt(sample_covariance(0, 0) * sample_covariance(1, 1)), 0.8, 0.02);
}

TEST(ThompsonSampling, SingularCovarianceGetsJitter) {
  const Eigen::VectorXd mean = Eigen::VectorXd::Zero(3);
  const Eigen::MatrixXd covariance = Eigen::MatrixXd::Ones(3, 3);  // rank one: needs jitter
  Rng rng(1);
  Eigen::VectorXd draw;
  ASSERT_TRUE(thompson_draw(mean, covariance, rng, draw));
  EXPECT_NEAR(draw[0], draw[1], 1e-3);  // perfectly correlated up to the jitter
}

TEST(ThompsonSampling, NonFiniteCovarianceFails) {
  // Eigen's LLT accepts a NaN pivot; the shared JitteredCholesky refuses it.
  const Eigen::VectorXd mean = Eigen::VectorXd::Zero(2);
  Eigen::MatrixXd covariance = Eigen::MatrixXd::Identity(2, 2);
  covariance(1, 1) = std::numeric_limits<double>::quiet_NaN();
  Rng rng(1);
  Eigen::VectorXd draw;
  EXPECT_FALSE(thompson_draw(mean, covariance, rng, draw));
}

TEST(ThompsonSampling, NoVarianceLeftDrawsTheMean) {
  const Eigen::VectorXd mean = (Eigen::VectorXd(2) << 0.5, -1.0).finished();
  const Eigen::MatrixXd covariance = Eigen::MatrixXd::Zero(2, 2);
  Rng rng(1);
  Eigen::VectorXd draw;
  ASSERT_TRUE(thompson_draw(mean, covariance, rng, draw));
  EXPECT_EQ(draw, mean);
}

TEST(ThompsonSampling, IndefiniteCovarianceFails) {
  // Eigenvalue −1 against a mean diagonal 1: beyond the largest jitter 10⁻⁴.
  const Eigen::VectorXd mean = Eigen::VectorXd::Zero(2);
  Eigen::MatrixXd covariance(2, 2);
  covariance << 1.0, 2.0, 2.0, 1.0;
  Rng rng(1);
  Eigen::VectorXd draw;
  EXPECT_FALSE(thompson_draw(mean, covariance, rng, draw));
}

}  // namespace
}  // namespace bosim
