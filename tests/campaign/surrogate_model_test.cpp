#include "campaign/surrogate_model.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace bosim {
namespace {

/// Between refits (refit_every > 1) the model extends its Cholesky factor by the new
/// observation with θ kept; its predictions must equal those of a GP conditioned from
/// scratch on all observations (re-standardized) with the same θ.
TEST(SurrogateModel, UpdateWithoutRefitMatchesFullConditioning) {
  const Eigen::Index dimension = 3, n = 24;
  Rng data_rng(5);
  Eigen::MatrixXd x(n, dimension);
  for (Eigen::Index i = 0; i < x.size(); ++i) x(i) = data_rng.uniform();
  Eigen::VectorXd values(n);
  for (Eigen::Index i = 0; i < n; ++i) values(i) = 40.0 * std::sin(3.0 * x(i, 0)) + 10.0 * x(i, 1) + 100.0;
  Eigen::MatrixXd candidates(300, dimension);  // more than one prediction block
  for (Eigen::Index i = 0; i < candidates.size(); ++i) candidates(i) = data_rng.uniform();

  CampaignSettings settings;
  settings.refit_every = 4;
  Rng model_rng(6);
  SurrogateModel model(settings, dimension, model_rng);
  int fits = 0, failures = 0;
  const Eigen::Index first = 16;
  for (Eigen::Index size = first; size <= first + 3; ++size)  // iterations 0 (refit), 1, 2, 3
    model.update(x.topRows(size), values.head(size), static_cast<int>(size - first), fits, failures);
  EXPECT_EQ(fits, 1);
  EXPECT_EQ(failures, 0);
  const Eigen::VectorXd theta = model.hyperparameters();

  const Eigen::Index size = first + 3;
  const double offset = values.head(size).mean();
  const double scale = std::sqrt((values.head(size).array() - offset).square().mean());
  GaussianProcess full(Kernel(settings.kernel, dimension));
  ASSERT_TRUE(full.condition(x.topRows(size), (values.head(size).array() - offset) / scale, theta));
  Eigen::VectorXd full_mean, full_variance, mean, stddev;
  full.predict(candidates, full_mean, full_variance);
  model.predict(candidates, mean, stddev);
  const Eigen::VectorXd expected_mean = (full_mean.array() * scale + offset).matrix();
  const Eigen::VectorXd expected_stddev =
      ((full_variance.array().max(0.0) + full.noise_variance()).sqrt() * scale).matrix();
  EXPECT_LT((mean - expected_mean).cwiseAbs().maxCoeff(), 1e-9 * scale);
  EXPECT_LT((stddev - expected_stddev).cwiseAbs().maxCoeff(), 1e-9 * scale);

  // The next scheduled iteration refits.
  model.update(x.topRows(size + 1), values.head(size + 1), 4, fits, failures);
  EXPECT_EQ(fits, 2);
}

/// Profiling counter: every refit adds its likelihood evaluations (at least one per start).
TEST(SurrogateModel, CountsLikelihoodEvaluationsOfEveryFit) {
  const Eigen::Index dimension = 2, n = 10;
  Rng data_rng(7);
  Eigen::MatrixXd x(n, dimension);
  for (Eigen::Index i = 0; i < x.size(); ++i) x(i) = data_rng.uniform();
  const Eigen::VectorXd values = x.col(0).array().square() + x.col(1).array();
  CampaignSettings settings;
  Rng model_rng(8);
  SurrogateModel model(settings, dimension, model_rng);
  EXPECT_EQ(model.likelihood_evaluations(), 0);
  int fits = 0, failures = 0;
  model.update(x.topRows(n - 1), values.head(n - 1), 0, fits, failures);
  const long after_first = model.likelihood_evaluations();
  EXPECT_GE(after_first, 1 + settings.restarts);
  model.update(x, values, 1, fits, failures);
  EXPECT_GE(model.likelihood_evaluations(), after_first + 1 + settings.restarts);
}

/// Kriging believer: a fantasy observed at its own predictive mean leaves the posterior mean
/// unchanged everywhere (the update is proportional to y − μ(x) = 0, Rasmussen & Williams 2006,
/// Eq. 2.25) and only shrinks the variance. The next update() drops the fantasies: its
/// predictions equal a GP conditioned from scratch on the real observations with the same θ.
TEST(SurrogateModel, FantasiesKeepTheMeanAndAreDiscardedByTheNextUpdate) {
  const Eigen::Index dimension = 2, n = 12;
  Rng data_rng(9);
  Eigen::MatrixXd x(n + 1, dimension);
  for (Eigen::Index i = 0; i < x.size(); ++i) x(i) = data_rng.uniform();
  Eigen::VectorXd values(n + 1);
  for (Eigen::Index i = 0; i <= n; ++i) values(i) = 5.0 * std::cos(4.0 * x(i, 0)) - 3.0 * x(i, 1);
  Eigen::MatrixXd candidates(50, dimension);
  for (Eigen::Index i = 0; i < candidates.size(); ++i) candidates(i) = data_rng.uniform();

  CampaignSettings settings;
  settings.refit_every = 4;  // the update after the fantasies keeps θ: the O(n²) path must not extend them
  Rng model_rng(10);
  SurrogateModel model(settings, dimension, model_rng);
  int fits = 0, failures = 0;
  model.update(x.topRows(n), values.head(n), 0, fits, failures);
  Eigen::VectorXd mean_before, stddev_before, mean_after, stddev_after;
  model.predict(candidates, mean_before, stddev_before);
  model.add_fantasy(candidates.row(3));
  model.add_fantasy(candidates.row(7));
  model.predict(candidates, mean_after, stddev_after);
  const double spread = stddev_before.maxCoeff();
  EXPECT_LT((mean_after - mean_before).cwiseAbs().maxCoeff(), 1e-8 * spread);
  EXPECT_LT(stddev_after[3], 0.9 * stddev_before[3]);
  EXPECT_LT(stddev_after[7], 0.9 * stddev_before[7]);
  EXPECT_TRUE(((stddev_after - stddev_before).array() <= 1e-12 * spread).all());

  model.update(x, values, 1, fits, failures);
  EXPECT_EQ(fits, 1);
  const double offset = values.mean();
  const double scale = std::sqrt((values.array() - offset).square().mean());
  GaussianProcess full(Kernel(settings.kernel, dimension));
  ASSERT_TRUE(full.condition(x, (values.array() - offset) / scale, model.hyperparameters()));
  Eigen::VectorXd full_mean, full_variance, mean, stddev;
  full.predict(candidates, full_mean, full_variance);
  model.predict(candidates, mean, stddev);
  EXPECT_LT((mean - (full_mean.array() * scale + offset).matrix()).cwiseAbs().maxCoeff(), 1e-9 * scale);
}

}  // namespace
}  // namespace bosim
