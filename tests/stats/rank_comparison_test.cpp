#include "stats/rank_comparison.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "test_support.hpp"

namespace bosim {
namespace {

// Reference values from scipy.stats.mannwhitneyu(x, y, use_continuity=True, method="asymptotic").
TEST(MannWhitneyU, MatchesTheNormalApproximationWithoutTies) {
  const std::vector<double> x{1, 2, 3, 4, 5};
  const std::vector<double> y{6, 7, 8, 9, 10};
  const MannWhitneyResult less = mann_whitney_u(x, y, Alternative::less);
  EXPECT_DOUBLE_EQ(less.u, 0.0);
  // σ² = 25·11/12, z = (0 − 12.5 + 0.5)/σ = −2.5067, p = Φ(z).
  EXPECT_NEAR(less.z, -12.0 / std::sqrt(25.0 * 11.0 / 12.0), 1e-12);
  EXPECT_NEAR(less.p_value, 0.006092890177672406, 1e-12);
  EXPECT_NEAR(mann_whitney_u(x, y, Alternative::two_sided).p_value, 0.012185780355344813, 1e-12);
  EXPECT_NEAR(mann_whitney_u(x, y, Alternative::greater).p_value, 0.9966923245172357, 1e-12);
}

TEST(MannWhitneyU, CorrectsForTies) {
  // Pooled sorted 1 2 2 2 3 3 3 4, midranks 1, 3, 3, 3, 6, 6, 6, 8; R_x = 1 + 3 + 3 + 6 = 13, U = 13 − 10 = 3.
  // Ties: groups of 3 and 3 → Σ(t³ − t) = 48; σ² = 16/12 · (9 − 48/56) = 10.857142…
  const MannWhitneyResult result = mann_whitney_u({1, 2, 2, 3}, {2, 3, 3, 4}, Alternative::two_sided);
  EXPECT_DOUBLE_EQ(result.u, 3.0);
  const double sigma = std::sqrt(16.0 / 12.0 * (9.0 - 48.0 / 56.0));
  EXPECT_NEAR(result.z, -(8.0 - 3.0 - 0.5) / sigma, 1e-12);
  EXPECT_NEAR(result.p_value, std::erfc(4.5 / sigma / std::sqrt(2.0)), 1e-12);
  EXPECT_NEAR(result.p_value, 0.1720337089218229, 1e-12);  // scipy
}

TEST(MannWhitneyU, RanksInfinityLastAndHandlesDegenerateSamples) {
  const double never = std::numeric_limits<double>::infinity();
  const MannWhitneyResult result = mann_whitney_u({never, never, never}, {1, 2, 3}, Alternative::greater);
  EXPECT_DOUBLE_EQ(result.u, 9.0);
  EXPECT_LT(result.p_value, 0.05);
  EXPECT_DOUBLE_EQ(mann_whitney_u({4, 4}, {4, 4}, Alternative::two_sided).p_value, 1.0);
  EXPECT_DOUBLE_EQ(mann_whitney_u({}, {4, 4}, Alternative::two_sided).p_value, 1.0);
}

TEST(HolmAdjusted, StepsDownAndStaysMonotone) {
  // Sorted p: 0.01, 0.02, 0.03, 0.5 → 4·0.01, 3·0.02, max(0.06, 2·0.03), max(.., 1·0.5).
  const std::vector<double> adjusted = holm_adjusted({0.03, 0.5, 0.01, 0.02});
  EXPECT_NEAR(adjusted[0], 0.06, 1e-15);
  EXPECT_NEAR(adjusted[1], 0.5, 1e-15);
  EXPECT_NEAR(adjusted[2], 0.04, 1e-15);
  EXPECT_NEAR(adjusted[3], 0.06, 1e-15);
  EXPECT_EQ(holm_adjusted({0.4, 0.9}), (std::vector<double>{0.8, 0.9}));
}

TEST(PairwiseComparisons, CoversEveryPairWithHolm) {
  const std::vector<std::vector<double>> samples{{1, 2, 3, 4, 5, 6}, {1, 2, 3, 4, 5, 6}, {11, 12, 13, 14, 15, 16}};
  const std::vector<PairComparison> pairs = pairwise_comparisons(samples);
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0].first, 0u);
  EXPECT_EQ(pairs[0].second, 1u);
  EXPECT_DOUBLE_EQ(pairs[0].adjusted_p_value, 1.0);
  // Pairs (0,2) and (1,2) share the smallest p; Holm multiplies it by 3 then 2, monotone → both 3p.
  EXPECT_NEAR(pairs[1].adjusted_p_value, 3.0 * pairs[1].test.p_value, 1e-15);
  EXPECT_NEAR(pairs[2].adjusted_p_value, 3.0 * pairs[2].test.p_value, 1e-15);
  EXPECT_LT(pairs[1].adjusted_p_value, 0.05);
}

TEST(NotWorseThanBest, KeepsTheTiesAndDropsTheClearlyWorse) {
  const std::vector<std::vector<double>> samples{
      {20, 21, 22, 23, 24, 25, 26, 27},  // clearly worse
      {5, 6, 7, 8, 9, 10, 11, 12},       // the best
      {5, 6, 7, 8, 9, 10, 11, 13},       // indistinguishable
  };
  const IndistinguishableSet set = not_worse_than_best(samples, 1, 0.05);
  EXPECT_EQ(set.members, (std::vector<std::size_t>{1, 2}));
  EXPECT_DOUBLE_EQ(set.adjusted_p_values[1], 1.0);
  EXPECT_LT(set.adjusted_p_values[0], 0.01);
  EXPECT_GT(set.adjusted_p_values[2], 0.3);
}

}  // namespace
}  // namespace bosim
