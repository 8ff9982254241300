#include "racing/elimination.hpp"

#include <limits>

#include "stats/paired_comparison.hpp"

namespace bosim {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

/// Rank values for the paired tests: NaN for a failed run, rank_value otherwise (+∞ for a miss).
std::vector<double> rank_values(const RaceEntrant& entrant) {
  std::vector<double> values;
  for (const RepeatOutcome& outcome : entrant.repeats)
    values.push_back(outcome.failed ? not_a_number : rank_value(outcome.runtime));
  return values;
}

ErtRankKey rank_key(const RaceEntrant& entrant) {
  std::vector<CensoredRuntime> runtimes;
  for (const RepeatOutcome& outcome : entrant.repeats)
    if (!outcome.failed) runtimes.push_back(outcome.runtime);
  return {expected_running_time(runtimes), success_rate(runtimes), entrant.config_id};
}

std::size_t best_entrant(const std::vector<RaceEntrant>& entrants) {
  std::size_t best = 0;
  for (std::size_t k = 1; k < entrants.size(); ++k)
    if (ranks_before(rank_key(entrants[k]), rank_key(entrants[best]))) best = k;
  return best;
}

}  // namespace

std::vector<EntrantDecision> decide_round(const std::vector<RaceEntrant>& entrants, double alpha, double equivalence) {
  std::vector<EntrantDecision> decisions(entrants.size());
  if (entrants.empty()) return decisions;
  const std::size_t best = best_entrant(entrants);
  std::vector<std::vector<double>> samples;
  for (const RaceEntrant& entrant : entrants) samples.push_back(rank_values(entrant));
  // not_worse_than_best's tests and Holm correction, without the 95 % interval it also computes for display:
  // that is O(n² log n) per setting, and the ranks wait for the decision.
  std::vector<std::vector<double>> differences;
  std::vector<SignedRankTest> tests;
  std::vector<double> p_values;
  for (std::size_t k = 0; k < entrants.size(); ++k) {
    differences.push_back(paired_differences(samples[k], samples[best]));
    tests.push_back(wilcoxon_signed_rank(differences.back(), Alternative::greater));
    if (k != best) p_values.push_back(tests.back().p_value);
  }
  const std::vector<double> adjusted = holm_adjusted(p_values);
  for (std::size_t k = 0, next = 0; k < entrants.size(); ++k) {
    EntrantDecision& decision = decisions[k];
    decision.difference = {not_a_number, not_a_number};
    if (k == best) {
      decision.verdict = EntrantVerdict::best;
      continue;
    }
    decision.adjusted_p_value = adjusted[next++];
    // --recommend's rule: kept when adjusted p ≥ alpha and some repeat is paired with the best.
    if (decision.adjusted_p_value < alpha || tests[k].pairs == 0) {
      decision.verdict = EntrantVerdict::eliminated;
      continue;
    }
    if (equivalence <= 0.0) continue;
    decision.difference = hodges_lehmann(differences[k], 1.0 - 2.0 * alpha).interval;
    if (decision.difference.low >= -equivalence && decision.difference.high <= equivalence)
      decision.verdict = EntrantVerdict::equivalent;
  }
  return decisions;
}

}  // namespace bosim
