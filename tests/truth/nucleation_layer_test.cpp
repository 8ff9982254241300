// Tests of the synthetic nucleation-layer model and truth: calibration, constraint, optimum, determinism.
#include <algorithm>
#include <cmath>

#include "test_support.hpp"
#include "truth/nucleation_layer_truth.hpp"

namespace bosim {
namespace {

const NucleationLayerTruth& default_truth() {
  static const NucleationLayerTruth truth{NucleationLayerSpec{}};
  return truth;
}

Eigen::Index find_design(const GroundTruth& truth, double cb, double cnt, double hours) {
  for (Eigen::Index i = 0; i < truth.size(); ++i)
    if (truth.designs()(i, 0) == cb && truth.designs()(i, 1) == cnt && truth.designs()(i, 2) == hours) return i;
  return -1;
}

TEST(NucleationLayerTruth, PoolIsTheFeasibleTableOneGrid) {
  const NucleationLayerTruth& truth = default_truth();
  // 1,526 (CB, CNT) pairs on the 0.01 grid with 0.60 ≤ CB + CNT ≤ 0.90, times 9 oxidation times.
  EXPECT_EQ(truth.size(), 13734);
  for (Eigen::Index i = 0; i < truth.size(); ++i) {
    const double cb = truth.designs()(i, 0), cnt = truth.designs()(i, 1), hours = truth.designs()(i, 2);
    const double pvdf = 1.0 - cb - cnt;
    ASSERT_GE(pvdf, 0.10 - 1e-12) << "design " << i;
    ASSERT_LE(pvdf, 0.40 + 1e-12) << "design " << i;
    ASSERT_TRUE(cb >= 0.20 && cb <= 0.90 && cnt >= 0.0 && cnt <= 0.50 && hours >= 0 && hours <= 8);
    ASSERT_EQ(hours, std::round(hours));
    ASSERT_EQ(cb, std::round(cb * 100.0) / 100.0);  // decimal grid values, as a user types them
  }
  EXPECT_GE(find_design(truth, 0.53, 0.16, 2.0), 0);
  EXPECT_EQ(find_design(truth, 0.20, 0.10, 2.0), -1);  // PVdF 0.70: infeasible
  EXPECT_EQ(find_design(truth, 0.90, 0.05, 2.0), -1);  // PVdF 0.05: infeasible
}

TEST(NucleationLayerTruth, CellToCellSpreadMatchesTheReferenceStudy) {
  // Statistic of the reference study's Fig. 6a: for each pair of cells of one design, the
  // sample standard deviation of their two lifetimes, |a − b|/√2; averaged over 1,000 pairs
  // of uniformly drawn pool designs. The study measured 25.42; the model must give 20–30.
  const NucleationLayerTruth& truth = default_truth();
  Rng rng(2024);
  double sum = 0.0;
  for (int pair = 0; pair < 1000; ++pair) {
    const auto design = static_cast<Eigen::Index>(rng.uniform_index(static_cast<std::uint64_t>(truth.size())));
    sum += std::abs(truth.measure(design, rng) - truth.measure(design, rng)) / std::sqrt(2.0);
  }
  const double mean_spread = sum / 1000.0;
  EXPECT_GT(mean_spread, 20.0);
  EXPECT_LT(mean_spread, 30.0);
}

TEST(NucleationLayerTruth, LifetimesSpanFiftyToFiveHundredCycles) {
  const NucleationLayerTruth& truth = default_truth();
  double lowest = INFINITY, highest = 0.0;
  for (Eigen::Index i = 0; i < truth.size(); ++i) {
    lowest = std::min(lowest, truth.expected_value(i));
    highest = std::max(highest, truth.expected_value(i));
  }
  EXPECT_GT(lowest, 45.0);
  EXPECT_LT(lowest, 60.0);
  EXPECT_GT(highest, 350.0);
  EXPECT_LT(highest, 500.0);
  // Single cells: 2,000 cells of random designs; the 1st and 99th percentiles stay in 30–600.
  Rng rng(5);
  std::vector<double> lifetimes;
  for (int cell = 0; cell < 2000; ++cell)
    lifetimes.push_back(
        truth.measure(static_cast<Eigen::Index>(rng.uniform_index(static_cast<std::uint64_t>(truth.size()))), rng));
  std::sort(lifetimes.begin(), lifetimes.end());
  EXPECT_GT(lifetimes[20], 30.0);
  EXPECT_LT(lifetimes[1980], 600.0);
}

TEST(NucleationLayerTruth, OptimumIsTheStudysBestCellAndBeatsThePoorOne) {
  const NucleationLayerTruth& truth = default_truth();
  ASSERT_EQ(truth.optimal_designs().size(), 1U);
  const Eigen::Index best = truth.optimal_designs().front();
  EXPECT_EQ(best, find_design(truth, 0.53, 0.16, 2.0));
  const Eigen::Index poor = find_design(truth, 0.65, 0.15, 7.0);
  ASSERT_GE(poor, 0);
  EXPECT_GT(truth.expected_value(best), 2.0 * truth.expected_value(poor));
  // Longer oxidation beyond the optimum is worse at the best composition.
  for (double hours = 3.0; hours <= 8.0; hours += 1.0)
    EXPECT_LT(truth.expected_value(find_design(truth, 0.53, 0.16, hours)),
              truth.expected_value(find_design(truth, 0.53, 0.16, hours - 1.0)));
  // The expected lifetime is the median cell's: about half the cells of the best design outlive it.
  Rng rng(9);
  int longer = 0;
  for (int cell = 0; cell < 1000; ++cell) longer += truth.measure(best, rng) > truth.expected_value(best) ? 1 : 0;
  EXPECT_NEAR(longer / 1000.0, 0.5, 0.06);
}

TEST(NucleationLayerModel, TrajectoryHasFormationLossAndEndOfLifeAcceleration) {
  const NucleationLayerModel& model = default_truth().model();
  const CellTrajectory cell = model.nominal_cell(0.53, 0.16, 2.0);
  ASSERT_GT(cell.loss.size(), 200U);
  const double steady = model.steady_state_loss(0.53, 0.16, 2.0);
  EXPECT_DOUBLE_EQ(steady, model.parameters().min_loss);
  EXPECT_GT(cell.loss[0], 10.0 * steady);            // SEI formation in cycle 1
  EXPECT_LT(cell.loss[14], 1.2 * cell.loss[99]);     // decayed by cycle 15
  EXPECT_GT(cell.loss.back(), 1.7 * cell.loss[99]);  // end-of-life acceleration (×(1 + B) at 50 %)
  EXPECT_GT(cell.cumulative_loss.back(), 50.0);
  EXPECT_LE(cell.cumulative_loss[cell.cumulative_loss.size() - 2], 50.0);
  EXPECT_EQ(cell.lifetime, static_cast<int>(cell.loss.size()));
  EXPECT_EQ(cell.lifetime, static_cast<int>(std::ceil(cell.crossing)));
}

TEST(NucleationLayerTruth, MeasurementsAreDeterministicPerSeed) {
  const NucleationLayerTruth& truth = default_truth();
  Rng first(77), second(77), other(78);
  std::vector<double> a, b, c;
  for (Eigen::Index design = 0; design < 50; ++design) {
    a.push_back(truth.measure(design * 200, first));
    b.push_back(truth.measure(design * 200, second));
    c.push_back(truth.measure(design * 200, other));
  }
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(NucleationLayerTruth, ParametersAndOverridesChangeTheModel) {
  NucleationLayerSpec spec;
  spec.parameters.cell_spread = 0.0;
  spec.parameters.cycle_noise = 0.0;
  FeatureOverride coarse;
  coarse.name = "CB (w/w)";
  coarse.step = 0.05;
  spec.feature_overrides.push_back(coarse);
  const NucleationLayerTruth truth(spec);
  EXPECT_LT(truth.size(), 13734 / 4);
  Rng rng(1);
  // Without variability a cell's lifetime is the nominal one.
  for (Eigen::Index design = 0; design < truth.size(); design += 97)
    EXPECT_EQ(truth.measure(design, rng), std::ceil(truth.expected_value(design)));

  spec.parameters.min_loss = -1.0;
  EXPECT_THROW(NucleationLayerTruth{spec}, std::invalid_argument);
  spec.parameters.min_loss = 0.095;
  spec.feature_overrides.front().name = "CB";
  EXPECT_THROW(NucleationLayerTruth{spec}, InputError);
}

}  // namespace
}  // namespace bosim
