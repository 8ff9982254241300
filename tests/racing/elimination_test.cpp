#include "racing/elimination.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "stats/paired_comparison.hpp"

namespace bosim {
namespace {

/// An entrant whose repeat r found the optimum after experiments[r] experiments.
RaceEntrant found_after(std::uint32_t config_id, const std::vector<double>& experiments) {
  RaceEntrant entrant;
  entrant.config_id = config_id;
  for (const double e : experiments) entrant.repeats.push_back({false, {e, true}});
  return entrant;
}

/// experiments[r] + shift + r * step for every r.
std::vector<double> shifted(const std::vector<double>& experiments, double shift, double step = 0.0) {
  std::vector<double> values;
  for (std::size_t r = 0; r < experiments.size(); ++r) values.push_back(experiments[r] + shift + step * r);
  return values;
}

const std::vector<double> base{12, 15, 9, 20, 14, 11, 17, 13, 16, 10};

TEST(DecideRound, AClearlyWorseSettingIsEliminatedAfterTheFirstRoundWithTheExactHolmP) {
  // Ten positive, distinct differences: exact one-sided Wilcoxon p = P(W+ >= 55) = 2^-10 (one test, Holm = p).
  const std::vector<EntrantDecision> decisions =
      decide_round({found_after(0, base), found_after(1, shifted(base, 10, 1))}, 0.05, 0.0);
  EXPECT_EQ(decisions[0].verdict, EntrantVerdict::best);
  EXPECT_EQ(decisions[1].verdict, EntrantVerdict::eliminated);
  EXPECT_DOUBLE_EQ(decisions[1].adjusted_p_value, 1.0 / 1024.0);
}

TEST(DecideRound, IndistinguishableSettingsAreKept) {
  // Differences +1, −1 alternating (and one +2): nowhere near significance.
  std::vector<double> other = base;
  for (std::size_t r = 0; r < other.size(); ++r) other[r] += r % 2 == 0 ? 1.0 : -1.0;
  other[9] += 1.0;
  const std::vector<EntrantDecision> decisions = decide_round({found_after(0, base), found_after(1, other)}, 0.05, 0.0);
  const std::size_t worse = decisions[0].verdict == EntrantVerdict::best ? 1 : 0;
  EXPECT_EQ(decisions[worse].verdict, EntrantVerdict::racing);
  EXPECT_GT(decisions[worse].adjusted_p_value, 0.05);
}

TEST(DecideRound, HolmAdjustsOverTheComparisonsWithTheBest) {
  std::vector<double> close = base;
  close[0] += 1;
  close[1] -= 1;
  const std::vector<EntrantDecision> decisions =
      decide_round({found_after(0, base), found_after(1, shifted(base, 10, 1)), found_after(2, close)}, 0.05, 0.0);
  EXPECT_EQ(decisions[0].verdict, EntrantVerdict::best);
  EXPECT_EQ(decisions[1].verdict, EntrantVerdict::eliminated);
  EXPECT_DOUBLE_EQ(decisions[1].adjusted_p_value, 2.0 / 1024.0);  // smallest of m = 2 p-values: times 2
  EXPECT_EQ(decisions[2].verdict, EntrantVerdict::racing);
}

TEST(DecideRound, AtTheHolmBoundaryTheFamilyDecides) {
  // Five positive distinct differences: p = 2^-5 = 0.03125 < 0.05 alone, but 0.0625 with a second comparison.
  const std::vector<double> five{12, 15, 9, 20, 14};
  EXPECT_EQ(decide_round({found_after(0, five), found_after(1, shifted(five, 5, 1))}, 0.05, 0)[1].verdict,
            EntrantVerdict::eliminated);
  const auto decisions = decide_round(
      {found_after(0, five), found_after(1, shifted(five, 5, 1)), found_after(2, shifted(five, 5, 1))}, 0.05, 0.0);
  EXPECT_EQ(decisions[1].verdict, EntrantVerdict::racing);
  EXPECT_DOUBLE_EQ(decisions[1].adjusted_p_value, 0.0625);
}

TEST(DecideRound, EqualSettingsAreEquivalentOnlyWithAMargin) {
  const std::vector<RaceEntrant> same{found_after(0, base), found_after(1, base)};
  EXPECT_EQ(decide_round(same, 0.05, 0.0)[1].verdict, EntrantVerdict::racing);
  const std::vector<EntrantDecision> decisions = decide_round(same, 0.05, 1.0);
  EXPECT_EQ(decisions[1].verdict, EntrantVerdict::equivalent);
  EXPECT_EQ(decisions[1].difference.low, 0.0);  // every Walsh average of zero differences is 0
  EXPECT_EQ(decisions[1].difference.high, 0.0);
}

TEST(DecideRound, AnIntervalWiderThanTheMarginIsNotEquivalent) {
  std::vector<double> other = base;
  for (std::size_t r = 0; r < other.size(); ++r) other[r] += r % 2 == 0 ? 3.0 : -3.0;
  const std::vector<EntrantDecision> decisions = decide_round({found_after(0, base), found_after(1, other)}, 0.05, 1.0);
  const std::size_t other_index = decisions[0].verdict == EntrantVerdict::best ? 1 : 0;
  EXPECT_EQ(decisions[other_index].verdict, EntrantVerdict::racing);
  EXPECT_LT(decisions[other_index].difference.low, -1.0);
  EXPECT_GT(decisions[other_index].difference.high, 1.0);
}

TEST(DecideRound, MissesRankWorseThanAnySuccessAndAllFailedIsEliminated) {
  RaceEntrant missing;
  missing.config_id = 1;
  for (std::size_t r = 0; r < base.size(); ++r) missing.repeats.push_back({false, {200.0, false}});
  RaceEntrant failing;
  failing.config_id = 2;
  failing.repeats.assign(base.size(), {true, {0.0, false}});
  const std::vector<EntrantDecision> decisions = decide_round({failing, missing, found_after(3, base)}, 0.05, 0.0);
  EXPECT_EQ(decisions[2].verdict, EntrantVerdict::best);
  EXPECT_EQ(decisions[1].verdict, EntrantVerdict::eliminated);  // ten tied +∞ differences: normal approximation
  EXPECT_LT(decisions[1].adjusted_p_value, 0.01);
  EXPECT_EQ(decisions[0].verdict, EntrantVerdict::eliminated);  // no repeat paired with the best
}

TEST(DecideRound, TheBestIsRankedByErtThenSuccessRateThenConfigId) {
  // Equal outcomes: the lower config_id is best, whatever the order given.
  EXPECT_EQ(decide_round({found_after(7, base), found_after(3, base)}, 0.05, 0.0)[1].verdict, EntrantVerdict::best);
  // One miss at 40 experiments: ERT = (sum + 40 − 12) / 9 is above the other's mean, so the other is best.
  RaceEntrant with_miss = found_after(0, base);
  with_miss.repeats[0] = {false, {40.0, false}};
  EXPECT_EQ(decide_round({with_miss, found_after(1, shifted(base, 1))}, 0.05, 0.0)[1].verdict, EntrantVerdict::best);
}

TEST(DecideRound, ALoneEntrantIsTheBest) {
  const std::vector<EntrantDecision> decisions = decide_round({found_after(4, base)}, 0.05, 1.0);
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].verdict, EntrantVerdict::best);
  EXPECT_TRUE(std::isnan(decisions[0].difference.low));
}

TEST(DecideRound, TheDecisionIsNotWorseThanBestsAsRecommendUsesIt) {
  // Four entrants with mixed outcomes (a miss, a failure): the eliminated ones are exactly those that
  // not_worse_than_best leaves out of its set, with its Holm-adjusted p-values.
  RaceEntrant a = found_after(0, base), b = found_after(1, shifted(base, 2, 0.5)), c = found_after(2, shifted(base, 0)),
              d = found_after(3, shifted(base, 6, 1));
  b.repeats[3] = {false, {30.0, false}};
  for (std::size_t r = 0; r < c.repeats.size(); ++r) c.repeats[r].runtime.experiments += r % 2 == 0 ? 1.0 : -1.0;
  c.repeats[5] = {true, {0.0, false}};
  const std::vector<RaceEntrant> entrants{a, b, c, d};
  std::vector<std::vector<double>> samples;
  for (const RaceEntrant& entrant : entrants) {
    std::vector<double>& values = samples.emplace_back();
    for (const RepeatOutcome& outcome : entrant.repeats)
      values.push_back(outcome.failed ? std::nan("") : rank_value(outcome.runtime));
  }
  const NotWorseThanBest expected = not_worse_than_best(samples, 0, 0.05);
  const std::vector<EntrantDecision> decisions = decide_round(entrants, 0.05, 0.0);
  for (std::size_t k = 1; k < entrants.size(); ++k) {
    const bool member = std::find(expected.members.begin(), expected.members.end(), k) != expected.members.end();
    EXPECT_EQ(decisions[k].verdict == EntrantVerdict::eliminated, !member) << k;
    EXPECT_DOUBLE_EQ(decisions[k].adjusted_p_value, expected.comparisons[k].adjusted_p_value) << k;
  }
  EXPECT_EQ(decisions[3].verdict, EntrantVerdict::eliminated);
  EXPECT_EQ(decisions[2].verdict, EntrantVerdict::racing);
}

}  // namespace
}  // namespace bosim
