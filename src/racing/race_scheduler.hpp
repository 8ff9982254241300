// Race scheduler: the rounds of a raced study — which runs each round holds, and the decisions between rounds.
#pragma once

#include <cstdint>
#include <vector>

#include "campaign/run_record.hpp"
#include "racing/elimination.hpp"
#include "racing/race_report.hpp"
#include "study/study.hpp"

namespace bosim {

/// A run of the race: the same (configuration, repeat) a study without racing has, with the same seeds
/// (a raced study's runs are a subset of the full study's).
struct RaceRun {
  std::uint32_t config_id = 0;
  std::uint32_t repeat = 0;
};

/// Round k (1-based) gives every setting still racing the repeats [repeats_after_round(k − 2),
/// repeats_after_round(k − 1)) of its RacingSettings. A round is decided once every one of its runs has been
/// observed, and only then: decide_round per scope over the outcomes of all rounds so far, in config_id order.
/// So the decisions are a function of the runs' outcomes alone — not of their arrival order, the rank count or
/// where a kill struck — and replaying a journal's records rebuilds the same race.
///
/// A scope (one acquisition, or the whole study with scope = "all") stops racing when a single setting is left
/// racing in it, or at max_repeats; the race is over when every scope has stopped.
class RaceScheduler {
 public:
  /// `study.racing` must be set.
  explicit RaceScheduler(const Study& study);

  /// A finished run (any order; a repeated one replaces the earlier record).
  void observe(const RunRecord& record);

  /// Decides every round whose runs have all been observed, then returns the runs of the current round not yet
  /// observed, in (config_id, repeat) order; empty once the race is over.
  std::vector<RaceRun> next_runs();

  bool over() const { return over_; }
  /// Runs the race takes at most: every setting's repeats so far, and max_repeats for each one still racing (no
  /// more eliminations). Exact once over(); the progress line's total.
  std::uint64_t worst_case_runs() const;
  /// What the race did so far (complete once over()).
  RaceReport report() const;

 private:
  struct Entry {
    std::uint32_t config_id = 0;
    std::size_t scope = 0;
    /// By repeat, as far as the runs scheduled (or replayed) so far: a setting's per-run values are what the paired
    /// tests between rounds compare, so they are kept while it races and released once it is out.
    std::vector<RepeatOutcome> outcomes;
    std::vector<bool> observed;  ///< by repeat, as outcomes
    EntrantVerdict verdict = EntrantVerdict::racing;
    std::uint32_t repeats = 0;  ///< repeats scheduled: those of the rounds it took part in
    std::uint32_t round = 0;    ///< its last round (1-based)
    double p_value;
    Interval difference;
  };

  /// Frees an eliminated or equivalent setting's per-run values (no later decision reads them).
  static void release_outcomes(Entry& entry);
  /// Racing in the current round (its scope still racing, not eliminated or equivalent).
  bool active(const Entry& entry) const;
  bool round_complete() const;
  void decide();
  void start_next_round();

  RacingSettings settings_;
  std::vector<Entry> entries_;  ///< by config_id
  std::vector<bool> scope_racing_;
  std::uint32_t round_ = 1;  ///< the current round (1-based)
  bool over_ = false;
  std::vector<RaceRound> rounds_;
  std::uint64_t full_runs_ = 0;
};

}  // namespace bosim
