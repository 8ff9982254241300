// One virtual campaign: counting conventions, stopping rules, determinism and closed-form statistics.
#include "campaign/campaign.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "campaign/initial_design.hpp"
#include "fake_truth.hpp"

namespace bosim {
namespace {

using testing::FakeTruth;
using testing::smooth_grid_truth;

/// A pool of N one-dimensional designs with a single optimum at index N/2.
FakeTruth single_optimum_pool(int pool_size) {
  Eigen::MatrixXd designs(pool_size, 1);
  Eigen::VectorXd values(pool_size);
  for (int i = 0; i < pool_size; ++i) {
    designs(i, 0) = i;
    values[i] = i == pool_size / 2 ? 1.0 : 0.0;
  }
  return FakeTruth(designs, values);
}

struct SampleMoments {
  double mean, standard_error;
};

SampleMoments random_search_experiments(int pool_size, int n_init, int repeats) {
  const FakeTruth truth = single_optimum_pool(pool_size);
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::random;
  settings.n_init = n_init;
  std::vector<double> experiments;
  for (int repeat = 0; repeat < repeats; ++repeat) {
    const RunRecord record = run_campaign(truth, settings, {2024, 0, static_cast<std::uint32_t>(repeat)});
    EXPECT_TRUE(record.found);
    experiments.push_back(record.experiments_to_optimum);
  }
  const double mean = std::accumulate(experiments.begin(), experiments.end(), 0.0) / repeats;
  double squares = 0.0;
  for (double e : experiments) squares += (e - mean) * (e - mean);
  return {mean, std::sqrt(squares / (repeats - 1) / repeats)};
}

// Random selection without replacement: the optimum's position in the random order is uniform
// on 1..N, so E[experiments_to_optimum] = (N + 1)/2 when n_init = 1.
TEST(RandomSearch, ClosedFormMeanWithOneInitialDesign) {
  const int pool_size = 50;
  const SampleMoments m = random_search_experiments(pool_size, 1, 2000);
  EXPECT_NEAR(m.mean, (pool_size + 1) / 2.0, 3.0 * m.standard_error);
}

// With n_init > 1 the initial designs are one batch: an optimum among them counts n_init
// experiments, so E = (N + 1)/2 + n_init(n_init − 1)/(2N).
TEST(RandomSearch, ClosedFormMeanWithAnInitialBatch) {
  const int pool_size = 32, n_init = 6;
  const SampleMoments m = random_search_experiments(pool_size, n_init, 2000);
  const double expected = (pool_size + 1) / 2.0 + n_init * (n_init - 1) / (2.0 * pool_size);
  EXPECT_NEAR(m.mean, expected, 3.0 * m.standard_error);
}

TEST(Campaign, RecordsAreConsistent) {
  const FakeTruth truth = smooth_grid_truth(9);
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::expected_improvement;
  settings.n_init = 5;
  const RunRecord record = run_campaign(truth, settings, {7, 3, 11});
  ASSERT_TRUE(record.found);
  EXPECT_EQ(record.config_id, 3u);
  EXPECT_EQ(record.repeat, 11u);
  const auto experiments = static_cast<size_t>(record.experiments_to_optimum);
  ASSERT_EQ(record.chosen.size(), experiments);  // stops at the optimum
  ASSERT_EQ(record.best_so_far.size(), experiments);
  EXPECT_EQ(record.iterations_to_optimum, record.experiments_to_optimum - 5);
  EXPECT_EQ(std::set<std::int32_t>(record.chosen.begin(), record.chosen.end()).size(), experiments);  // no repeats
  EXPECT_EQ(record.chosen.back(), truth.optimal_designs().front());
  for (size_t i = 1; i < record.best_so_far.size(); ++i) EXPECT_GE(record.best_so_far[i], record.best_so_far[i - 1]);
  EXPECT_EQ(record.best_value, truth.expected_value(truth.optimal_designs().front()));
  EXPECT_EQ(record.n_fits, record.iterations_to_optimum);  // refit every iteration
}

TEST(Campaign, IsAPureFunctionOfItsIdentity) {
  const FakeTruth truth = smooth_grid_truth(8);
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::upper_confidence_bound;
  const RunRecord a = run_campaign(truth, settings, {99, 1, 4});
  const RunRecord b = run_campaign(truth, settings, {99, 1, 4});
  const RunRecord c = run_campaign(truth, settings, {99, 1, 5});
  EXPECT_EQ(a.chosen, b.chosen);
  EXPECT_EQ(a.best_so_far, b.best_so_far);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_NE(a.seed, c.seed);
}

TEST(Campaign, ConfigurationsOfOneRepeatShareInitialDesigns) {
  // Common random numbers: the initial designs depend on (study seed, repeat) only.
  const FakeTruth truth = smooth_grid_truth(8);
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::random;
  settings.n_init = 6;
  const RunRecord a = run_campaign(truth, settings, {5, 0, 2});
  const RunRecord b = run_campaign(truth, settings, {5, 9, 2});
  const auto a_initial =
      std::vector<std::int32_t>(a.chosen.begin(), a.chosen.begin() + std::min<size_t>(6, a.chosen.size()));
  const auto b_initial =
      std::vector<std::int32_t>(b.chosen.begin(), b.chosen.begin() + std::min<size_t>(6, b.chosen.size()));
  EXPECT_EQ(a_initial, b_initial);
}

/// Records every measurement: a uniform draw from the measurement's Rng, logged with its design.
class RecordingTruth final : public TabulatedTruth {
 public:
  explicit RecordingTruth(int pool_size) : TabulatedTruth(Goal::maximize, "y") {
    Eigen::MatrixXd designs(pool_size, 1);
    Eigen::VectorXd values(pool_size);
    for (int i = 0; i < pool_size; ++i) designs(i, 0) = values[i] = i;
    set_space(DesignSpace({{"x0", 0.0, pool_size - 1.0, 0.0, false}}));
    set_pool(std::move(designs), std::move(values));
  }
  std::string describe() const override { return "recording truth"; }
  double measure(Eigen::Index design, Rng& rng) const override {
    const double value = rng.uniform();
    log.emplace_back(design, value);
    return value;
  }
  /// (design, visit) → value of the measurements since the last call.
  std::map<std::pair<Eigen::Index, int>, double> take_visits() const {
    std::map<std::pair<Eigen::Index, int>, double> visits;
    std::map<Eigen::Index, int> count;
    for (const auto& [design, value] : log) visits[{design, count[design]++}] = value;
    log.clear();
    return visits;
  }
  mutable std::vector<std::pair<Eigen::Index, double>> log;
};

TEST(Campaign, ConfigurationsOfOneRepeatShareMeasurementsPerDesignAndVisit) {
  // Common random numbers: the k-th measurement of design d in repeat r draws from a stream of (seed, r, d, k),
  // whatever the configuration, so two configurations that measure d for the k-th time see the same value.
  const RecordingTruth truth(6);
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::random;
  settings.replacement = true;  // designs are measured again: visits 0, 1, 2, …
  settings.budget = 40;
  settings.continue_after_optimum = true;
  settings.n_init = 3;
  run_campaign(truth, settings, {5, 0, 2});
  const auto a = truth.take_visits();
  run_campaign(truth, settings, {5, 7, 2});  // another configuration: other random choices
  const auto b = truth.take_visits();
  run_campaign(truth, settings, {5, 0, 3});  // another repeat
  const auto c = truth.take_visits();
  int shared = 0, later_visits = 0;
  std::set<double> distinct;
  for (const auto& [key, value] : a) {
    distinct.insert(value);
    const auto other = b.find(key);
    if (other == b.end()) continue;
    EXPECT_EQ(other->second, value) << "design " << key.first << ", visit " << key.second;
    ++shared;
    later_visits += key.second > 0 ? 1 : 0;
    if (c.count(key) > 0) {
      EXPECT_NE(c.at(key), value) << "repeats must not share measurements";
    }
  }
  EXPECT_GT(later_visits, 10);  // 40 measurements of 6 designs: most keys are shared
  EXPECT_GT(shared, 20);
  EXPECT_EQ(distinct.size(), a.size());  // every visit of a run is a fresh draw
  EXPECT_NE(a.begin()->second, c.begin()->second);
}

TEST(Campaign, BudgetAndContinueAfterOptimum) {
  const FakeTruth truth = smooth_grid_truth(6);
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::random;
  settings.n_init = 3;
  settings.budget = 20;
  settings.continue_after_optimum = true;
  const RunRecord record = run_campaign(truth, settings, {1, 0, 0});
  EXPECT_EQ(record.chosen.size(), 20u);  // runs to the budget even after finding the optimum
  settings.budget = 0;
  const RunRecord whole_pool = run_campaign(truth, settings, {1, 0, 0});
  EXPECT_EQ(whole_pool.chosen.size(), 36u);  // until the pool is empty
  EXPECT_TRUE(whole_pool.found);
}

TEST(Campaign, NotFoundWithinBudget) {
  const FakeTruth truth = single_optimum_pool(100);
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::random;
  settings.n_init = 2;
  settings.budget = 3;
  int not_found = 0;
  for (std::uint32_t repeat = 0; repeat < 50; ++repeat) {
    const RunRecord record = run_campaign(truth, settings, {3, 0, repeat});
    EXPECT_LE(record.chosen.size(), 3u);
    if (!record.found) {
      ++not_found;
      EXPECT_EQ(record.experiments_to_optimum, -1);
      EXPECT_EQ(record.iterations_to_optimum, -1);
    }
  }
  EXPECT_GT(not_found, 40);  // P(found) = 3/100 per run
}

TEST(Campaign, ExpectedImprovementBeatsRandomOnASmoothLandscape) {
  const FakeTruth truth = smooth_grid_truth(12);  // 144 designs: random needs ~72.5 on average
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::expected_improvement;
  settings.n_init = 5;
  double total = 0.0;
  const int repeats = 20;
  for (std::uint32_t repeat = 0; repeat < repeats; ++repeat) {
    const RunRecord record = run_campaign(truth, settings, {11, 0, repeat});
    ASSERT_TRUE(record.found);
    EXPECT_EQ(record.fit_failures, 0);
    total += record.experiments_to_optimum;
  }
  EXPECT_LT(total / repeats, 30.0);
}

TEST(Campaign, MinimizeGoalFindsTheSmallestValue) {
  const FakeTruth truth = smooth_grid_truth(8, Goal::minimize);
  CampaignSettings settings;
  settings.acquisition = AcquisitionKind::probability_of_improvement;
  const RunRecord record = run_campaign(truth, settings, {2, 0, 0});
  ASSERT_TRUE(record.found);
  EXPECT_EQ(record.best_value, truth.expected_value(truth.optimal_designs().front()));
  EXPECT_LT(record.best_value, truth.expected_value(0));
}

TEST(Campaign, GridSnapChoosesPoolDesigns) {
  // A pool of 20 scattered designs inside a 0.1-step grid over [0,1]²: the acquisition is maximized
  // over the 121 grid points and each pick snapped to the nearest unobserved pool design.
  Rng rng(3);
  Eigen::MatrixXd designs(20, 2);
  Eigen::VectorXd values(20);
  for (int i = 0; i < 20; ++i) {
    designs.row(i) << std::round(rng.uniform() * 10) / 10, std::round(rng.uniform() * 10) / 10;
    values[i] = -(designs(i, 0) - 0.5) * (designs(i, 0) - 0.5) - designs(i, 1) + 0.001 * i;
  }
  FakeTruth truth(designs, values);
  truth.set_space(DesignSpace({{"x0", 0.0, 1.0, 0.1, false}, {"x1", 0.0, 1.0, 0.1, false}}));
  CampaignSettings settings;
  settings.mode = CandidateMode::grid_snap;
  settings.n_init = 4;
  const RunRecord record = run_campaign(truth, settings, {8, 0, 0});
  EXPECT_TRUE(record.found);
  EXPECT_EQ(std::set<std::int32_t>(record.chosen.begin(), record.chosen.end()).size(), record.chosen.size());
}

TEST(InitialDesign, RandomIsAPrefixAcrossSizes) {
  const FakeTruth truth = smooth_grid_truth(6);
  const Eigen::MatrixXd unit = truth.space().to_unit(truth.designs());
  CampaignSettings small, large;
  small.n_init = 3;
  large.n_init = 8;
  Rng rng_small(42), rng_large(42);
  const auto a = choose_initial_designs(truth, unit, small, rng_small);
  const auto b = choose_initial_designs(truth, unit, large, rng_large);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin()));
}

TEST(InitialDesign, LatinHypercubeCoversEveryStratum) {
  const FakeTruth truth = smooth_grid_truth(10);  // 0, 1/9, …, 1 in each dimension
  const Eigen::MatrixXd unit = truth.space().to_unit(truth.designs());
  CampaignSettings settings;
  settings.initial_design = InitialDesignKind::latin_hypercube;
  settings.n_init = 5;
  Rng rng(1);
  const auto chosen = choose_initial_designs(truth, unit, settings, rng);
  ASSERT_EQ(std::set<Eigen::Index>(chosen.begin(), chosen.end()).size(), 5u);
  for (Eigen::Index d = 0; d < 2; ++d) {
    std::set<int> strata;  // with 10 grid values and 5 strata of width 0.2, snapping keeps one point per stratum
    for (Eigen::Index i : chosen) strata.insert(std::min(4, static_cast<int>(unit(i, d) * 5.0)));
    EXPECT_GE(strata.size(), 4u) << "dimension " << d;
  }
}

TEST(InitialDesign, ListedDesignsAreMatchedExactly) {
  const FakeTruth truth = smooth_grid_truth(3);  // 0, 0.5, 1
  const Eigen::MatrixXd unit = truth.space().to_unit(truth.designs());
  CampaignSettings settings;
  settings.initial_design = InitialDesignKind::listed;
  settings.n_init = 2;
  settings.listed_initial_designs = {{0.5, 1.0}, {0.0, 0.0}};
  Rng rng(1);
  const auto chosen = choose_initial_designs(truth, unit, settings, rng);
  EXPECT_EQ(chosen, (std::vector<Eigen::Index>{5, 0}));
  settings.listed_initial_designs = {{0.25, 1.0}, {0.0, 0.0}};
  EXPECT_THROW(choose_initial_designs(truth, unit, settings, rng), std::invalid_argument);
}

}  // namespace
}  // namespace bosim
