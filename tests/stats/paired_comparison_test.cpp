#include "stats/paired_comparison.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "test_support.hpp"

namespace bosim {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// Expected p-values are scipy 1.10.1: scipy.stats.wilcoxon(d, alternative=..., zero_method="wilcox",
// correction=True, method="exact" / "approx") and scipy.stats.friedmanchisquare, computed once.
// Tolerance 1e-12 relative: both sides evaluate the same closed forms in double precision.
constexpr double tolerance = 1e-12;

const std::vector<double> untied{1.5, -0.5, 3, 4.2, -2.1, 6, 7.3, 0.8, 2.2, 9.1};

TEST(WilcoxonSignedRank, ExactDistributionMatchesScipy) {
  const SignedRankTest greater = wilcoxon_signed_rank(untied, Alternative::greater);
  EXPECT_TRUE(greater.exact);
  EXPECT_EQ(greater.statistic, 50.0);
  EXPECT_NEAR(greater.p_value, 0.009765625, tolerance);
  EXPECT_NEAR(wilcoxon_signed_rank(untied, Alternative::less).p_value, 0.9931640625, tolerance);
  EXPECT_NEAR(wilcoxon_signed_rank(untied, Alternative::two_sided).p_value, 0.01953125, tolerance);
}

TEST(WilcoxonSignedRank, ZerosDroppedTiesUseTheCorrectedNormalApproximation) {
  const std::vector<double> tied{2, -1, 0, 3, 3, -2, 5, 0, 4, 4, 6, 1, 2};
  const SignedRankTest greater = wilcoxon_signed_rank(tied, Alternative::greater);
  EXPECT_FALSE(greater.exact);
  EXPECT_EQ(greater.pairs, 13u);
  EXPECT_EQ(greater.nonzero, 11u);
  EXPECT_EQ(greater.statistic, 60.5);
  EXPECT_NEAR(greater.p_value, 0.007999495149173846, tolerance);
  EXPECT_NEAR(wilcoxon_signed_rank(tied, Alternative::less).p_value, 0.9937579823661266, tolerance);
  EXPECT_NEAR(wilcoxon_signed_rank(tied, Alternative::two_sided).p_value, 0.01599899029834769, tolerance);
}

TEST(WilcoxonSignedRank, MissesRankWorstAndTie) {
  // scipy returns NaN for ±inf, so the reference used ±1e9, which has the same ranks and signs.
  const std::vector<double> with_misses{infinity, 3, -2, infinity, 5, 0, -infinity, 7, 1, 4};
  const SignedRankTest greater = wilcoxon_signed_rank(with_misses, Alternative::greater);
  EXPECT_EQ(greater.statistic, 35.0);
  EXPECT_NEAR(greater.p_value, 0.07684012595875422, tolerance);
  EXPECT_NEAR(wilcoxon_signed_rank(with_misses, Alternative::two_sided).p_value, 0.15368025191750845, tolerance);
}

TEST(WilcoxonSignedRank, AboveFiftyPairsUsesTheNormalApproximation) {
  const std::vector<double> many{0.646,  1.122,  0.63,   -1.003, 1.205,  0.746,  -0.237, 0.881,  0.665,  0.594,
                                 0.328,  0.847,  -0.436, 0.137,  -0.182, 0.899,  0.34,   0.008,  -0.482, 0.043,
                                 0.308,  0.024,  1.594,  1.307,  -2.411, -1.589, 0.125,  -0.122, 0.514,  0.517,
                                 2.418,  -0.812, -0.078, 2.343,  0.947,  0.963,  -0.214, -1.348, 0.467,  0.409,
                                 -0.927, -0.383, 0.228,  -0.645, 0.202,  0.395,  0.336,  -0.206, 0.894,  1.191,
                                 0.621,  -0.518, 1.032,  -0.201, 1.179,  -0.772, 1.214,  0.28,   -0.949, -0.014};
  const SignedRankTest greater = wilcoxon_signed_rank(many, Alternative::greater);
  EXPECT_FALSE(greater.exact);
  EXPECT_NEAR(greater.p_value, 0.0076405378353745085, tolerance);
  EXPECT_NEAR(wilcoxon_signed_rank(many, Alternative::two_sided).p_value, 0.015281075670749017, tolerance);
}

TEST(WilcoxonSignedRank, NoNonZeroDifferenceGivesNoEvidence) {
  const SignedRankTest test = wilcoxon_signed_rank({0, 0, std::nan(""), 0}, Alternative::greater);
  EXPECT_EQ(test.pairs, 3u);
  EXPECT_EQ(test.nonzero, 0u);
  EXPECT_EQ(test.p_value, 1.0);
}

TEST(HodgesLehmann, MedianOfWalshAveragesWithExactInterval) {
  // Brute force in Python: the 55 Walsh averages have median 3.0; P(W⁺ ≥ 47) ≤ 0.025 < P(W⁺ ≥ 46) for n = 10
  // (the tabulated critical value), so C = 55 + 1 − 47 = 9 and the interval is [W₍₉₎, W₍₄₇₎] = [0.5, 5.75].
  const MedianDifference difference = hodges_lehmann(untied, 0.95);
  EXPECT_DOUBLE_EQ(difference.estimate, 3.0);
  EXPECT_DOUBLE_EQ(difference.interval.low, 0.5);
  EXPECT_DOUBLE_EQ(difference.interval.high, 5.75);
}

TEST(HodgesLehmann, TooFewPairsGiveAnUnboundedInterval) {
  // n = 5: P(W⁺ = 15) = 1/32 > 0.025, no interval of 95 % exists.
  const MedianDifference difference = hodges_lehmann({1, 2, 3, 4, 5}, 0.95);
  EXPECT_DOUBLE_EQ(difference.estimate, 3.0);
  EXPECT_EQ(difference.interval.low, -infinity);
  EXPECT_EQ(difference.interval.high, infinity);
}

TEST(PairedDifferences, BothMissedTieAndFailedRunsDrop) {
  const std::vector<double> d = paired_differences({5, infinity, infinity, std::nan(""), 3}, {2, infinity, 4, 1, 9});
  EXPECT_EQ(d[0], 3.0);
  EXPECT_EQ(d[1], 0.0);
  EXPECT_EQ(d[2], infinity);
  EXPECT_TRUE(std::isnan(d[3]));
  EXPECT_EQ(d[4], -6.0);
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

TEST(NotWorseThanBest, PairingDetectsAConsistentShiftThatAnUnpairedTestWouldMiss) {
  // Repeat r costs about 10 r for everyone (shared initial designs); sample 0 is always 1 worse than
  // the best, sample 2 randomly ±1 around it. Exact one-sided p of sample 0: 1/2¹⁰, ×2 by Holm.
  std::vector<std::vector<double>> samples(3);
  const std::vector<double> jitter{1, -1, 1, 1, -1, -1, 1, -1, 1, -1};
  for (int r = 0; r < 10; ++r) {
    samples[1].push_back(10.0 * r + 0.1 * r);
    samples[0].push_back(samples[1].back() + 1.0 + 0.01 * r);
    samples[2].push_back(samples[1].back() + jitter[r] * (1.0 + 0.01 * r));
  }
  const NotWorseThanBest set = not_worse_than_best(samples, 1, 0.05);
  EXPECT_EQ(set.members, (std::vector<std::size_t>{1, 2}));
  EXPECT_NEAR(set.comparisons[0].test.p_value, 1.0 / 1024.0, tolerance);
  EXPECT_NEAR(set.comparisons[0].adjusted_p_value, 2.0 / 1024.0, tolerance);
  EXPECT_EQ(set.comparisons[1].adjusted_p_value, 1.0);
  EXPECT_GE(set.comparisons[2].adjusted_p_value, 0.05);
  EXPECT_GT(set.comparisons[0].difference.estimate, 1.0);
  EXPECT_LT(set.comparisons[0].difference.estimate, 1.1);
}

TEST(FriedmanTest, MatchesScipyWithTiesAndMisses) {
  const FriedmanTest test = friedman_test(
      {{10, 12, 11, 15, 9, 14, 13, 10}, {11, 12, 13, 17, 9, 15, 16, 12}, {14, 13, 13, 19, 12, 15, 18, infinity}});
  EXPECT_EQ(test.blocks, 8u);
  EXPECT_NEAR(test.statistic, 14.0, 1e-12);
  EXPECT_NEAR(test.p_value, 0.0009118819655545164, tolerance);
  EXPECT_NEAR(test.kendall_w, 14.0 / 16.0, 1e-12);

  const FriedmanTest four =
      friedman_test({{1, 2, 3, 4, 5, 6}, {2, 3, 1, 5, 6, 7}, {3, 1, 2, 6, 4, 8}, {4, 4, 4, 4, 4, 4}});
  EXPECT_NEAR(four.statistic, 0.8793103448275951, 1e-12);
  EXPECT_NEAR(four.p_value, 0.8304176090858648, 1e-10);
}

TEST(FriedmanTest, DropsBlocksWithAFailedRun) {
  const FriedmanTest test = friedman_test({{1, 2, std::nan("")}, {2, 3, 5}, {3, 1, 4}});
  EXPECT_EQ(test.blocks, 2u);
  EXPECT_EQ(test.treatments, 3u);
}

}  // namespace
}  // namespace bosim
