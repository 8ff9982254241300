// Elimination rule of a race: after a round, which settings of one scope are worse than the best or equivalent to it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "stats/bootstrap.hpp"
#include "stats/expected_running_time.hpp"

namespace bosim {

/// One repeat of one setting as the race sees it.
struct RepeatOutcome {
  bool failed = false;      ///< the run failed: no value (NaN in the paired tests)
  CensoredRuntime runtime;  ///< experiments to the optimum, or spent before the run stopped without it
};

/// A setting still racing in a scope: its id (the ranking's last tie-break) and its outcomes for repeats 0..n−1,
/// the same n for every entrant of a scope (rounds are run by all of them).
struct RaceEntrant {
  std::uint32_t config_id = 0;
  std::vector<RepeatOutcome> repeats;
};

enum class EntrantVerdict { best, racing, equivalent, eliminated };

struct EntrantDecision {
  EntrantVerdict verdict = EntrantVerdict::racing;
  double adjusted_p_value = 1.0;  ///< Holm-adjusted one-sided p of "worse than the best" (1 for the best)
  /// (1 − 2α) Hodges–Lehmann CI of (entrant − best) when equivalence is used and the entrant was not eliminated;
  /// NaN bounds otherwise (it costs O(n² log n) in the repeats).
  Interval difference;
};

/// The decision after a round, for the entrants of one scope (in the order given). Pure: a function of the
/// outcomes only, so every rank count and every resume decides alike.
///  1. The best is the first by the failure-aware ranking of `bosim summary --recommend` (ranks_before in
///     stats/expected_running_time.hpp: ERT, then success rate, then config_id).
///  2. Every other entrant is compared with it by the test of not_worse_than_best (stats/paired_comparison.hpp,
///     what --recommend uses; its functions called directly to skip the display interval): one-sided paired Wilcoxon
///     signed-rank tests of the per-repeat rank values (experiments to optimum, +∞ for a miss, NaN for a failure),
///     Holm-adjusted over the m − 1 comparisons. An entrant with adjusted p < alpha, or without a single repeat paired
///     with the best, is eliminated (--recommend's rule for leaving a setting out of the not-worse set).
///  3. With equivalence > 0, an entrant left whose paired difference to the best has a (1 − 2α) Hodges–Lehmann
///     CI inside [−equivalence, +equivalence] is equivalent: the two one-sided tests procedure (Schuirmann 1987,
///     J. Pharmacokinet. Biopharm. 15:657) at level α with the Hodges–Lehmann interval (Hollander & Wolfe 1999).
std::vector<EntrantDecision> decide_round(const std::vector<RaceEntrant>& entrants, double alpha, double equivalence);

}  // namespace bosim
