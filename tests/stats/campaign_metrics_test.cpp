#include "stats/campaign_metrics.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "test_support.hpp"

namespace bosim {
namespace {

constexpr double padding = std::numeric_limits<double>::quiet_NaN();

TEST(OptimalityGap, FollowsTheGoal) {
  EXPECT_DOUBLE_EQ(optimality_gap(8.0, 10.0, true), 2.0);
  EXPECT_DOUBLE_EQ(optimality_gap(12.0, 10.0, false), 2.0);
  EXPECT_DOUBLE_EQ(optimality_gap(10.0, 10.0, true), 0.0);
}

TEST(SimpleRegret, IsTheDistanceToTheOptimumUntilThePadding) {
  const std::vector<double> best_so_far{3.0, 5.0, 5.0, 9.0, padding, padding};
  EXPECT_EQ(simple_regret(best_so_far, 9.0), (std::vector<double>{6.0, 4.0, 4.0, 0.0}));
  // Minimization: best-so-far decreases toward a negative optimum.
  EXPECT_EQ(simple_regret(std::vector<double>{-1.0, -2.5}, -3.0), (std::vector<double>{2.0, 0.5}));
}

TEST(TargetTolerance, IsAPercentOfTheOptimumOrOfTheRangeAtZero) {
  EXPECT_DOUBLE_EQ(target_tolerance(5.0, 200.0, 1000.0), 10.0);
  EXPECT_DOUBLE_EQ(target_tolerance(5.0, -200.0, 1000.0), 10.0);  // |f*| for negative optima
  EXPECT_DOUBLE_EQ(target_tolerance(10.0, 0.0, 4.0), 0.4);        // optimum at zero: range
  EXPECT_DOUBLE_EQ(target_scale(1e-15, 4.0), 4.0);
  EXPECT_DOUBLE_EQ(target_scale(1e-6, 4.0), 1e-6);
}

TEST(ExperimentsToTarget, FirstExperimentWithinTheTolerance) {
  // Maximize, optimum 100: within 5 % means best ≥ 95.
  const std::vector<double> rising{50.0, 80.0, 94.9, 95.0, 100.0, padding};
  EXPECT_EQ(experiments_to_target(rising, 100.0, true, target_tolerance(5.0, 100.0, 60.0)), 4);
  EXPECT_EQ(experiments_to_target(rising, 100.0, true, 0.0), 5);
  EXPECT_EQ(experiments_to_target(rising, 100.0, true, 100.0), 1);
  // Minimize, optimum 2: within 50 % means best ≤ 3.
  const std::vector<double> falling{9.0, 4.0, 3.0, 3.0};
  EXPECT_EQ(experiments_to_target(falling, 2.0, false, target_tolerance(50.0, 2.0, 7.0)), 3);
  EXPECT_EQ(experiments_to_target(falling, 2.0, false, 0.0), -1);
}

TEST(TopFractionDesigns, TakesTheCeilingAndKeepsTiesAtTheBoundary) {
  const std::vector<double> values{1, 9, 3, 7, 5, 10, 2, 8, 4, 6};
  // 25 % of 10 designs: ⌈2.5⌉ = 3 best → 10, 9, 8.
  EXPECT_EQ(top_fraction_designs(values, true, 0.25),
            (std::vector<bool>{false, true, false, false, false, true, false, true, false, false}));
  // Minimize: 1, 2, 3.
  EXPECT_EQ(top_fraction_designs(values, false, 0.25),
            (std::vector<bool>{true, false, true, false, false, false, true, false, false, false}));
  // A tie at the boundary: both 8s count.
  const std::vector<bool> tied = top_fraction_designs({10, 8, 8, 1}, true, 0.5);
  EXPECT_EQ(tied, (std::vector<bool>{true, true, true, false}));
  // At least one design even for a tiny fraction.
  EXPECT_EQ(top_fraction_designs({1, 2, 3}, true, 0.001), (std::vector<bool>{false, false, true}));
}

TEST(TopDesignsFound, CountsDistinctTopDesignsUntilThePadding) {
  const std::vector<bool> is_top{false, true, true, false};
  const std::vector<std::int32_t> chosen{0, 1, 1, 3, 2, -1, -1};
  EXPECT_EQ(top_designs_found(chosen, is_top), (std::vector<std::int32_t>{0, 1, 1, 1, 2}));
}

TEST(ExperimentsEcdf, PlateausAtTheSuccessRate) {
  // Four runs: found at 2, 2, 4; one never.
  const std::vector<double> cdf = experiments_ecdf({2, -1, 4, 2}, 5);
  EXPECT_EQ(cdf, (std::vector<double>{0.0, 0.5, 0.5, 0.75, 0.75}));
}

TEST(MeanCarriedForward, ExtendsStoppedRunsByTheirLastValue) {
  const std::vector<double> mean = mean_carried_forward({{1.0, 3.0}, {2.0, 2.0, 5.0, 7.0}, {}}, 4);
  EXPECT_EQ(mean, (std::vector<double>{1.5, 2.5, 4.0, 5.0}));
}

}  // namespace
}  // namespace bosim
