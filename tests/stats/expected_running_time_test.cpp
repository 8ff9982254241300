#include "stats/expected_running_time.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "test_support.hpp"

namespace bosim {
namespace {

TEST(ExpectedRunningTime, CountsUnsuccessfulRunsAtWhatTheySpent) {
  // Two successes (10, 20) and a run that spent its budget of 40: (10 + 20 + 40) / 2.
  const std::vector<CensoredRuntime> runs{{10, true}, {20, true}, {40, false}};
  EXPECT_DOUBLE_EQ(expected_running_time(runs), 35.0);
  EXPECT_DOUBLE_EQ(success_rate(runs), 2.0 / 3.0);
  EXPECT_EQ(rank_value(runs[2]), std::numeric_limits<double>::infinity());
  EXPECT_EQ(rank_value(runs[1]), 20.0);
}

TEST(ExpectedRunningTime, EqualsTheMeanWithoutMissesAndIsInfiniteWithoutSuccess) {
  EXPECT_DOUBLE_EQ(expected_running_time({{3, true}, {5, true}, {10, true}}), 6.0);
  EXPECT_EQ(expected_running_time({{40, false}, {40, false}}), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(expected_running_time({})));
}

TEST(ExpectedRunningTime, RanksTheIssuesBudgetExampleCorrectly) {
  // Issue 11: random search found the optimum in 25 % of 40 runs (mean 21 over those), budget 40;
  // UCB in 75 % (mean 29.9). Means over successes rank random first; ERT ranks UCB first.
  std::vector<CensoredRuntime> random, ucb;
  for (int r = 0; r < 40; ++r) {
    random.push_back(r < 10 ? CensoredRuntime{21, true} : CensoredRuntime{40, false});
    ucb.push_back(r < 30 ? CensoredRuntime{29.9, true} : CensoredRuntime{40, false});
  }
  EXPECT_DOUBLE_EQ(expected_running_time(random), (10 * 21.0 + 30 * 40.0) / 10.0);  // 141
  EXPECT_NEAR(expected_running_time(ucb), (30 * 29.9 + 10 * 40.0) / 30.0, 1e-12);   // 43.2
  EXPECT_LT(expected_running_time(ucb), expected_running_time(random));
}

TEST(ExpectedRunningTime, BootstrapIntervalCoversTheEstimateAndIsReproducible) {
  std::vector<CensoredRuntime> runs;
  for (int r = 0; r < 30; ++r) runs.push_back({static_cast<double>(10 + r % 7), r % 5 != 0});
  const double ert = expected_running_time(runs);
  const Interval first = bootstrap_ert_interval(runs, 7);
  EXPECT_LT(first.low, ert);
  EXPECT_GT(first.high, ert);
  EXPECT_EQ(first.high, bootstrap_ert_interval(runs, 7).high);
}

TEST(BootstrapMeanCurveBand, BracketsTheMeanCurveAndCollapsesWhereRunsAgree) {
  // Every run has 1 at index 0; at index 1 the runs differ.
  const std::vector<std::vector<double>> curves{{1, 0}, {1, 2}, {1, 4}, {1, 6}, {1, 8}, {1, 10}};
  const std::vector<Interval> band = bootstrap_mean_curve_band(curves, 3);
  ASSERT_EQ(band.size(), 2u);
  EXPECT_EQ(band[0].low, 1.0);
  EXPECT_EQ(band[0].high, 1.0);
  EXPECT_LT(band[1].low, 5.0);
  EXPECT_GT(band[1].high, 5.0);
  EXPECT_GE(band[1].low, 0.0);
  EXPECT_LE(band[1].high, 10.0);
}

}  // namespace
}  // namespace bosim
