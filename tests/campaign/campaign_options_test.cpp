// Campaign options: with replacement (success probability of random search), Kriging-believer batches, biased
// initial designs, initial data measured already, and prior data from a related material.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>

#include "campaign/campaign.hpp"
#include "campaign/initial_design.hpp"
#include "fake_truth.hpp"

namespace bosim {
namespace {

using testing::FakeTruth;
using testing::smooth_grid_truth;

/// N one-dimensional designs x_i = i/(N − 1) with values y_i = f(x_i).
template <class Function>
FakeTruth line_truth(int pool_size, Function f) {
  Eigen::MatrixXd designs(pool_size, 1);
  Eigen::VectorXd values(pool_size);
  for (int i = 0; i < pool_size; ++i) {
    designs(i, 0) = i / double(pool_size - 1);
    values[i] = f(designs(i, 0));
  }
  return FakeTruth(designs, values);
}

/// N designs, one optimum at index N/2.
FakeTruth single_optimum_pool(int pool_size) {
  Eigen::MatrixXd designs(pool_size, 1);
  Eigen::VectorXd values = Eigen::VectorXd::Zero(pool_size);
  for (int i = 0; i < pool_size; ++i) designs(i, 0) = i;
  values[pool_size / 2] = 1.0;
  return FakeTruth(designs, values);
}

/// Measured data given in memory, as a study would read it from a CSV.
std::shared_ptr<const MeasuredData> measured(const std::vector<double>& xs, const std::vector<double>& ys,
                                             const std::vector<Eigen::Index>& pool_designs = {}) {
  auto data = std::make_shared<MeasuredData>();
  data->designs = Eigen::Map<const Eigen::VectorXd>(xs.data(), static_cast<Eigen::Index>(xs.size()));
  data->values = Eigen::Map<const Eigen::VectorXd>(ys.data(), static_cast<Eigen::Index>(ys.size()));
  data->pool_designs = pool_designs;
  return data;
}

// ---- with replacement -------------------------------------------------------------------------

/// Zhao et al.'s virtual experiment with random picks. Convention: the budget counts every
/// experiment, the initial ones included (budget 80 with n_init = 1 is their m = 80 − 1 extra tries
/// after one initial pick). With replacement every experiment is a uniform draw from all N = 80
/// designs, so the optimum is observed within the budget with probability p_s = 1 − (79/80)^80 =
/// 0.6335, and, given success, the experiment K is geometric (p = 1/80, q = 1 − p) truncated at n = 80:
///   E[K | K ≤ n] = (1 − (n + 1)qⁿ + n qⁿ⁺¹) / (p (1 − qⁿ)).
/// Tolerance: 4 standard errors (binomial for p_s, sample for the mean) over 4,000 runs.
TEST(Replacement, RandomSearchSucceedsWithTheClosedFormProbability) {
  const int pool_size = 80, budget = 80, runs = 4000;
  const FakeTruth truth = single_optimum_pool(pool_size);
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::random;
  settings.replacement = true;
  settings.n_init = 1;
  settings.budget = budget;
  int successes = 0, runs_with_repeats = 0;
  double experiments_sum = 0.0, experiments_squares = 0.0;
  for (int repeat = 0; repeat < runs; ++repeat) {
    const RunRecord record = run_campaign(truth, settings, {99, 0, static_cast<std::uint32_t>(repeat)});
    if (!record.found) {
      EXPECT_EQ(record.chosen.size(), static_cast<size_t>(budget));  // the whole budget is spent
      const std::set<std::int32_t> distinct(record.chosen.begin(), record.chosen.end());
      if (distinct.size() < record.chosen.size()) ++runs_with_repeats;
      continue;
    }
    ++successes;
    EXPECT_EQ(record.chosen.size(), static_cast<size_t>(record.experiments_to_optimum));
    EXPECT_EQ(record.iterations_to_optimum, record.experiments_to_optimum - 1);  // extra tries
    experiments_sum += record.experiments_to_optimum;
    experiments_squares += double(record.experiments_to_optimum) * record.experiments_to_optimum;
  }
  const double p = 1.0 / pool_size, q = 1.0 - p, n = budget;
  const double success_probability = 1.0 - std::pow(q, n);
  EXPECT_NEAR(success_probability, 0.634, 5e-4);
  const double rate = double(successes) / runs;
  EXPECT_NEAR(rate, success_probability, 4.0 * std::sqrt(success_probability * (1 - success_probability) / runs));

  const double expected_mean = (1.0 - (n + 1) * std::pow(q, n) + n * std::pow(q, n + 1)) / (p * success_probability);
  const double mean = experiments_sum / successes;
  const double standard_error = std::sqrt((experiments_squares / successes - mean * mean) / (successes - 1));
  EXPECT_NEAR(mean, expected_mean, 4.0 * standard_error);
  // 80 draws from 80 designs repeat one with probability 1 − 80!/80⁸⁰ ≈ 1.
  EXPECT_EQ(runs_with_repeats, runs - successes);
}

/// A model-based campaign with replacement measures designs again (more experiments than designs)
/// and the GP takes the repeated observations as separate noisy points.
TEST(Replacement, ModelBasedCampaignRepeatsDesigns) {
  const FakeTruth truth(Eigen::MatrixXd((Eigen::MatrixXd(5, 1) << 0, 1, 2, 3, 4).finished()),
                        Eigen::VectorXd((Eigen::VectorXd(5) << 1, 3, 2, 0, 0.5).finished()), Goal::maximize, 0.3);
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::upper_confidence_bound;
  settings.acquisition_parameters.beta0 = 1.96;  // Zhao et al.'s κ
  settings.replacement = true;
  settings.continue_after_optimum = true;
  settings.n_init = 3;
  settings.budget = 12;
  const RunRecord record = run_campaign(truth, settings, {5, 0, 0});
  ASSERT_EQ(record.chosen.size(), 12u);
  EXPECT_EQ(record.n_fits, 12 - 3);
  EXPECT_EQ(record.fit_failures, 0);
  ASSERT_TRUE(record.found);
  EXPECT_EQ(record.best_value, 3.0);
}

// ---- batches ----------------------------------------------------------------------------------

/// Batches of q = 3 by the Kriging believer: every iteration measures 3 distinct new designs, the run
/// stops after the batch that holds the optimum, experiments count designs (that whole batch
/// included) and iterations count batches.
TEST(Batch, CountsDesignsAndBatches) {
  const FakeTruth truth = smooth_grid_truth(9);
  const Eigen::Index optimum = truth.optimal_designs().front();
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::expected_improvement;
  settings.n_init = 4;
  settings.batch_size = 3;
  for (std::uint32_t repeat = 0; repeat < 6; ++repeat) {
    const RunRecord record = run_campaign(truth, settings, {11, 0, repeat});
    ASSERT_TRUE(record.found);
    const auto position = std::find(record.chosen.begin(), record.chosen.end(), optimum) - record.chosen.begin();
    if (position < settings.n_init) {  // optimal among the initial designs: batch 0
      EXPECT_EQ(record.experiments_to_optimum, 4);
      EXPECT_EQ(record.iterations_to_optimum, 0);
      continue;
    }
    const int batches = static_cast<int>((position - settings.n_init) / 3 + 1);  // the batch holding it
    EXPECT_EQ(record.iterations_to_optimum, batches);
    EXPECT_EQ(record.experiments_to_optimum, 4 + 3 * batches);
    EXPECT_EQ(record.chosen.size(), static_cast<size_t>(record.experiments_to_optimum));
    EXPECT_EQ(record.n_fits, batches);  // one fit per batch, none between fantasies
    const std::set<std::int32_t> distinct(record.chosen.begin(), record.chosen.end());
    EXPECT_EQ(distinct.size(), record.chosen.size());
  }
}

/// The budget cuts the last batch: 4 + 3 + 3 + 1 = 11 experiments in 3 batches.
TEST(Batch, LastBatchIsCutToTheBudget) {
  const FakeTruth truth = smooth_grid_truth(9);
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::pure_exploration;
  settings.n_init = 4;
  settings.batch_size = 3;
  settings.budget = 11;
  settings.continue_after_optimum = true;
  const RunRecord record = run_campaign(truth, settings, {3, 0, 0});
  EXPECT_EQ(record.chosen.size(), 11u);
  EXPECT_EQ(record.n_fits, 3);
  const std::set<std::int32_t> distinct(record.chosen.begin(), record.chosen.end());
  EXPECT_EQ(distinct.size(), 11u);
}

/// Random batches: q designs per iteration, so the optimum at experiment e counts
/// n_init + q⌈(e − n_init)/q⌉ experiments.
TEST(Batch, RandomBatchesRoundUpToTheBatch) {
  const FakeTruth truth = single_optimum_pool(40);
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::random;
  settings.n_init = 2;
  settings.batch_size = 5;
  for (std::uint32_t repeat = 0; repeat < 50; ++repeat) {
    const RunRecord record = run_campaign(truth, settings, {8, 0, repeat});
    ASSERT_TRUE(record.found);
    const auto experiment = std::find(record.chosen.begin(), record.chosen.end(), 20) - record.chosen.begin() + 1;
    const int expected_batches = experiment <= 2 ? 0 : static_cast<int>((experiment - 2 + 4) / 5);
    EXPECT_EQ(record.iterations_to_optimum, expected_batches);
    EXPECT_EQ(record.experiments_to_optimum, std::min<int>(2 + 5 * expected_batches, 40));
  }
}

// ---- biased initial designs -------------------------------------------------------------------

TEST(InitialDesign, WorstDesignsAreTheLowestForMaximizeAndHighestForMinimize) {
  const FakeTruth rising = line_truth(20, [](double x) { return x; });
  EXPECT_EQ(worst_designs(rising, 0.3), (std::vector<Eigen::Index>{0, 1, 2, 3, 4, 5}));  // ⌈0.3 · 20⌉ = 6
  EXPECT_EQ(worst_designs(rising, 0.01), (std::vector<Eigen::Index>{0}));                // at least one
  Eigen::MatrixXd designs = rising.designs();
  const FakeTruth falling(designs, rising.designs().col(0), Goal::minimize);
  EXPECT_EQ(worst_designs(falling, 0.1), (std::vector<Eigen::Index>{18, 19}));
}

/// init = "worst": every initial design lies in the worst 30 % of the pool, with or without replacement.
TEST(InitialDesign, BiasedInitialDesignsLieInTheWorstFraction) {
  const FakeTruth truth = smooth_grid_truth(10);
  const std::vector<Eigen::Index> region = worst_designs(truth, 0.3);
  ASSERT_EQ(region.size(), 30u);
  for (Eigen::Index i : region) {  // the region really is the bottom of the landscape
    for (Eigen::Index j = 0; j < truth.size(); ++j) {
      if (!std::binary_search(region.begin(), region.end(), j)) {
        ASSERT_LE(truth.expected_value(i), truth.expected_value(j));
      }
    }
  }
  CampaignSettings settings;
  settings.initial_design = InitialDesignKind::worst;
  settings.init_fraction = 0.3;
  settings.n_init = 8;
  const Eigen::MatrixXd unit = truth.space().to_unit(truth.designs());
  for (bool replacement : {false, true}) {
    settings.replacement = replacement;
    std::set<Eigen::Index> seen;
    for (std::uint64_t seed = 0; seed < 100; ++seed) {
      Rng rng(seed);
      const auto chosen = choose_initial_designs(truth, unit, settings, rng);
      ASSERT_EQ(chosen.size(), 8u);
      for (Eigen::Index design : chosen) EXPECT_TRUE(std::binary_search(region.begin(), region.end(), design));
      if (!replacement) {
        EXPECT_EQ(std::set<Eigen::Index>(chosen.begin(), chosen.end()).size(), 8u);
      }
      seen.insert(chosen.begin(), chosen.end());
    }
    EXPECT_EQ(seen.size(), region.size());  // the whole region is reachable
  }
}

/// init = "box": initial designs lie in the user's box; a box naming no feature is rejected.
TEST(InitialDesign, BoxedInitialDesignsLieInTheBox) {
  const FakeTruth truth = smooth_grid_truth(10);  // features x0, x1 on {0, 1/9, …, 1}
  CampaignSettings settings;
  settings.initial_design = InitialDesignKind::box;
  settings.initial_box = {{"x0", 0.0, 0.35}, {"x1", 0.6, 1.0}};
  settings.n_init = 5;
  const std::vector<Eigen::Index> inside = designs_in_box(truth, settings.initial_box);
  EXPECT_EQ(inside.size(), 4u * 4u);  // x0 ∈ {0, 1/9, 2/9, 3/9}, x1 ∈ {6/9, …, 1}
  const Eigen::MatrixXd unit = truth.space().to_unit(truth.designs());
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    Rng rng(seed);
    for (Eigen::Index design : choose_initial_designs(truth, unit, settings, rng)) {
      EXPECT_LE(truth.designs()(design, 0), 0.35);
      EXPECT_GE(truth.designs()(design, 1), 0.6);
    }
  }
  settings.n_init = 17;
  Rng rng(1);
  EXPECT_THROW(choose_initial_designs(truth, unit, settings, rng), std::invalid_argument);
  settings.initial_box = {{"x2", 0.0, 1.0}};
  EXPECT_THROW(designs_in_box(truth, settings.initial_box), std::invalid_argument);
}

// ---- initial data and prior data --------------------------------------------------------------

/// Initial data are measured already: their designs are the first experiments and the GP sees
/// their given values, not the truth's. The truth rises towards x = 0, but the data say the
/// opposite (+100 at x = 0.8, −100 at x = 0.2), so a greedy pick follows the data to x ≥ 0.5.
TEST(InitialData, GivenValuesAreUsedAndCountAsExperiments) {
  const FakeTruth truth = line_truth(21, [](double x) { return -x; });
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::mean_variance;
  settings.acquisition_parameters.alpha = 0.99;  // nearly pure exploitation: argmax μ
  settings.initial_design = InitialDesignKind::data;
  settings.initial_data = measured({0.8, 0.2}, {100.0, -100.0}, {16, 4});
  settings.n_init = 2;
  settings.budget = 3;
  const RunRecord record = run_campaign(truth, settings, {1, 0, 0});
  ASSERT_EQ(record.chosen.size(), 3u);
  EXPECT_EQ(record.chosen[0], 16);
  EXPECT_EQ(record.chosen[1], 4);
  EXPECT_EQ(record.best_so_far[0], -0.8);  // trajectories report the truth's expected values
  EXPECT_EQ(record.best_so_far[1], -0.2);
  EXPECT_GE(truth.designs()(record.chosen[2], 0), 0.5);

  // Measured by the truth instead, the same two designs send the greedy pick towards x = 0.
  settings.initial_design = InitialDesignKind::listed;
  settings.listed_initial_designs = {{0.8}, {0.2}};
  const RunRecord measured_run = run_campaign(truth, settings, {1, 0, 0});
  EXPECT_LT(truth.designs()(measured_run.chosen[2], 0), 0.5);
}

/// Prior data of a related material join the GP's training set only: they are not experiments and
/// do not remove candidates. Here they reveal the optimum's neighbourhood, so the first greedy pick
/// is the optimal pool design x = 0.7 — a design the prior data also hold.
TEST(PriorData, TrainsTheModelButIsNeitherCountedNorChosen) {
  const auto parabola = [](double x) { return -(x - 0.7) * (x - 0.7); };
  const FakeTruth truth = line_truth(41, parabola);
  const Eigen::Index optimum = 28;  // x = 0.7
  ASSERT_EQ(truth.optimal_designs(), (std::vector<Eigen::Index>{optimum}));
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::mean_variance;
  settings.acquisition_parameters.alpha = 0.99;
  settings.initial_design = InitialDesignKind::listed;
  settings.listed_initial_designs = {{0.0}, {0.1}};
  settings.n_init = 2;

  const RunRecord without_prior = run_campaign(truth, settings, {4, 0, 0});
  ASSERT_TRUE(without_prior.found);
  EXPECT_GT(without_prior.experiments_to_optimum, 3);

  settings.prior_data =
      measured({0.5, 0.6, 0.7, 0.8, 0.9}, {parabola(0.5), parabola(0.6), parabola(0.7), parabola(0.8), parabola(0.9)});
  const RunRecord with_prior = run_campaign(truth, settings, {4, 0, 0});
  ASSERT_TRUE(with_prior.found);
  EXPECT_EQ(with_prior.experiments_to_optimum, 3);
  EXPECT_EQ(with_prior.iterations_to_optimum, 1);
  EXPECT_EQ(with_prior.chosen, (std::vector<std::int32_t>{0, 4, static_cast<std::int32_t>(optimum)}));
  EXPECT_EQ(with_prior.best_so_far.size(), 3u);
}

}  // namespace
}  // namespace bosim
