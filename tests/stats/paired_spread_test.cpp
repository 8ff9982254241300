#include "stats/paired_spread.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace bosim {
namespace {

// Expected values: scipy 1.10.1, r, p = scipy.stats.pearsonr(x + y, x - y) (the Pitman–Morgan test),
// sd ratio = numpy.std(x, ddof=1) / numpy.std(y, ddof=1); tolerance 1e-12 relative.
TEST(PitmanMorgan, MatchesScipyForAWiderCandidate) {
  const std::vector<double> x{5, 9, 3, 12, 7, 1, 15, 4, 8, 10, 2, 6};
  const std::vector<double> y{6, 7, 5, 8, 7, 4, 9, 5, 6, 8, 5, 6};
  const SpreadComparison result = pitman_morgan(x, y);
  EXPECT_EQ(result.pairs, 12u);
  EXPECT_NEAR(result.correlation, 0.9774884608560729, 1e-12);
  EXPECT_NEAR(result.statistic, 14.650487143678655, 1e-10);
  EXPECT_DOUBLE_EQ(result.df, 10.0);
  EXPECT_NEAR(result.p_value / 4.384417438628191e-08, 1.0, 1e-9);
  EXPECT_NEAR(result.sd_ratio, 2.802026293836543, 1e-12);
}

TEST(PitmanMorgan, MatchesScipyForANarrowerCandidateAndDropsFailedRepeats) {
  const std::vector<double> x{4, 6, 5, 7, 5, 6, NAN};
  const std::vector<double> y{3, 9, 1, 10, 2, 8, 50};
  const SpreadComparison result = pitman_morgan(x, y);
  EXPECT_EQ(result.pairs, 6u);
  EXPECT_NEAR(result.correlation, -0.9566892062149213, 1e-12);
  EXPECT_NEAR(result.p_value, 0.002773115555633183, 1e-12);
  EXPECT_LT(result.sd_ratio, 1.0);
}

TEST(PitmanMorgan, EqualSpreadsGiveNoEvidenceAndTooFewPairsNoTest) {
  // y is x shifted by 3: equal variances, d constant: the test is undefined (p = 1).
  const SpreadComparison shifted = pitman_morgan({1, 4, 2, 8, 5}, {4, 7, 5, 11, 8});
  EXPECT_DOUBLE_EQ(shifted.p_value, 1.0);
  EXPECT_DOUBLE_EQ(shifted.sd_ratio, 1.0);
  EXPECT_DOUBLE_EQ(pitman_morgan({1, 2}, {3, 5}).p_value, 1.0);
}

}  // namespace
}  // namespace bosim
