#include "racing/elimination.hpp"

#include <algorithm>
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
  const NotWorseThanBest kept = not_worse_than_best(samples, best, alpha);
  for (std::size_t k = 0; k < entrants.size(); ++k) {
    EntrantDecision& decision = decisions[k];
    if (k == best) {
      decision = {EntrantVerdict::best, 1.0, {not_a_number, not_a_number}};
      continue;
    }
    const PairedComparison& comparison = kept.comparisons[k];
    decision.adjusted_p_value = comparison.adjusted_p_value;
    decision.difference = hodges_lehmann(paired_differences(samples[k], samples[best]), 1.0 - 2.0 * alpha).interval;
    const bool member = std::find(kept.members.begin(), kept.members.end(), k) != kept.members.end();
    if (!member || comparison.test.pairs == 0)
      decision.verdict = EntrantVerdict::eliminated;
    else if (equivalence > 0.0 && decision.difference.low >= -equivalence && decision.difference.high <= equivalence)
      decision.verdict = EntrantVerdict::equivalent;
  }
  return decisions;
}

}  // namespace bosim
