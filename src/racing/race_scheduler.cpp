#include "racing/race_scheduler.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>

namespace bosim {

namespace {

/// The scope index of each configuration: one per acquisition (in first-seen order of config_id), or 0 for all.
std::vector<std::size_t> scopes_of(const std::vector<const Configuration*>& configurations, RaceScope scope) {
  std::map<std::string, std::size_t> index;
  std::vector<std::size_t> scopes;
  for (const Configuration* configuration : configurations) {
    if (scope == RaceScope::all) {
      scopes.push_back(0);
      continue;
    }
    const std::string name = to_string(configuration->settings.acquisition);
    scopes.push_back(index.emplace(name, index.size()).first->second);
  }
  return scopes;
}

}  // namespace

RaceScheduler::RaceScheduler(const Study& study) : settings_(study.racing.value()) {
  std::vector<const Configuration*> configurations;
  for (const Configuration& configuration : study.configurations) configurations.push_back(&configuration);
  std::sort(configurations.begin(), configurations.end(),
            [](const Configuration* a, const Configuration* b) { return a->config_id < b->config_id; });
  const std::vector<std::size_t> scopes = scopes_of(configurations, settings_.scope);
  for (std::size_t k = 0; k < configurations.size(); ++k) {
    Entry entry;
    entry.config_id = configurations[k]->config_id;
    entry.scope = scopes[k];
    entry.repeats = settings_.repeats_after_round(0);
    entry.outcomes.resize(entry.repeats);
    entry.observed.resize(entry.repeats, false);
    entry.round = 1;
    entry.p_value = std::numeric_limits<double>::quiet_NaN();
    entry.difference = {entry.p_value, entry.p_value};
    entries_.push_back(std::move(entry));
  }
  const std::size_t scope_count = entries_.empty() ? 0 : *std::max_element(scopes.begin(), scopes.end()) + 1;
  scope_racing_.assign(scope_count, true);
  full_runs_ = static_cast<std::uint64_t>(entries_.size()) * settings_.max_repeats;
  over_ = entries_.empty();
  const std::uint32_t first = settings_.repeats_after_round(0);
  rounds_.push_back(
      {1, first, static_cast<std::uint32_t>(entries_.size()), 0, static_cast<std::uint64_t>(entries_.size()) * first});
}

void RaceScheduler::observe(const RunRecord& record) {
  const auto found = std::lower_bound(entries_.begin(), entries_.end(), record.config_id,
                                      [](const Entry& entry, std::uint32_t id) { return entry.config_id < id; });
  if (found == entries_.end() || found->config_id != record.config_id || record.repeat >= settings_.max_repeats)
    throw std::invalid_argument("run record (" + std::to_string(record.config_id) + ", " +
                                std::to_string(record.repeat) + ") is not a run of this race");
  if (record.repeat >= found->outcomes.size()) {  // a later round's run, replayed from a journal before its round
    found->outcomes.resize(record.repeat + 1);
    found->observed.resize(record.repeat + 1, false);
  }
  RepeatOutcome& outcome = found->outcomes[record.repeat];
  outcome.failed = record.status == RunStatus::failed;
  outcome.runtime.reached = record.found;
  outcome.runtime.experiments = record.found ? static_cast<double>(record.experiments_to_optimum)
                                             : static_cast<double>(record.best_so_far.size());
  found->observed[record.repeat] = true;
}

void RaceScheduler::release_outcomes(Entry& entry) {
  std::vector<RepeatOutcome>().swap(entry.outcomes);
  std::vector<bool>().swap(entry.observed);
}

bool RaceScheduler::active(const Entry& entry) const {
  return entry.round == round_ && (entry.verdict == EntrantVerdict::racing || entry.verdict == EntrantVerdict::best);
}

bool RaceScheduler::round_complete() const {
  for (const Entry& entry : entries_) {
    if (!active(entry)) continue;
    for (std::uint32_t repeat = 0; repeat < entry.repeats; ++repeat)
      if (!entry.observed[repeat]) return false;
  }
  return true;
}

void RaceScheduler::decide() {
  RaceRound& record = rounds_.back();
  const bool at_cap = settings_.repeats_after_round(round_ - 1) >= settings_.max_repeats;
  for (std::size_t scope = 0; scope < scope_racing_.size(); ++scope) {
    if (!scope_racing_[scope]) continue;
    std::vector<Entry*> members;
    for (Entry& entry : entries_)
      if (entry.scope == scope && active(entry)) members.push_back(&entry);
    std::vector<RaceEntrant> entrants;
    for (const Entry* entry : members) {
      RaceEntrant& entrant = entrants.emplace_back();
      entrant.config_id = entry->config_id;
      entrant.repeats.assign(entry->outcomes.begin(), entry->outcomes.begin() + entry->repeats);
    }
    const std::vector<EntrantDecision> decisions = decide_round(entrants, settings_.alpha, settings_.equivalence);
    std::uint32_t left = 0;
    for (std::size_t k = 0; k < members.size(); ++k) {
      members[k]->verdict = decisions[k].verdict;
      members[k]->p_value = decisions[k].verdict == EntrantVerdict::best ? std::numeric_limits<double>::quiet_NaN()
                                                                         : decisions[k].adjusted_p_value;
      members[k]->difference = decisions[k].difference;
      const bool racing = decisions[k].verdict == EntrantVerdict::racing;
      if (!racing && decisions[k].verdict != EntrantVerdict::best) release_outcomes(*members[k]);
      left += racing || decisions[k].verdict == EntrantVerdict::best ? 1 : 0;
    }
    record.left += left;
    // Only the best left (everyone else eliminated or equivalent), or no repeats left to give.
    if (left <= 1 || at_cap) scope_racing_[scope] = false;
  }
  over_ = std::none_of(scope_racing_.begin(), scope_racing_.end(), [](bool racing) { return racing; });
}

void RaceScheduler::start_next_round() {
  const std::uint32_t repeats = settings_.repeats_after_round(round_);
  std::uint32_t racing = 0;
  for (Entry& entry : entries_)
    if (scope_racing_[entry.scope] && active(entry)) {
      entry.round = round_ + 1;
      entry.repeats = repeats;
      if (entry.outcomes.size() < repeats) {
        entry.outcomes.resize(repeats);
        entry.observed.resize(repeats, false);
      }
      ++racing;
    }
  ++round_;
  const std::uint64_t runs_before = rounds_.back().runs;
  const std::uint32_t previous_repeats = rounds_.back().repeats;
  rounds_.push_back(
      {round_, repeats, racing, 0, runs_before + static_cast<std::uint64_t>(racing) * (repeats - previous_repeats)});
}

std::vector<RaceRun> RaceScheduler::next_runs() {
  while (!over_ && round_complete()) {
    decide();
    if (!over_) start_next_round();
  }
  std::vector<RaceRun> runs;
  if (over_) return runs;
  for (const Entry& entry : entries_) {
    if (!active(entry)) continue;
    for (std::uint32_t repeat = 0; repeat < entry.repeats; ++repeat)
      if (!entry.observed[repeat]) runs.push_back({entry.config_id, repeat});
  }
  return runs;
}

std::uint64_t RaceScheduler::worst_case_runs() const {
  std::uint64_t runs = 0;
  for (const Entry& entry : entries_)
    runs += !over_ && scope_racing_[entry.scope] && active(entry) ? settings_.max_repeats : entry.repeats;
  return runs;
}

RaceReport RaceScheduler::report() const {
  RaceReport report;
  report.settings = settings_;
  report.rounds = rounds_;
  report.full_runs = full_runs_;
  for (const Entry& entry : entries_) {
    RacedConfiguration& raced = report.configurations.emplace_back();
    raced.config_id = entry.config_id;
    raced.repeats = entry.repeats;
    raced.round = entry.round;
    raced.p_value = entry.p_value;
    raced.difference_low = entry.difference.low;
    raced.difference_high = entry.difference.high;
    switch (entry.verdict) {
      case EntrantVerdict::best:
        raced.outcome = RaceOutcome::best;
        break;
      case EntrantVerdict::racing:
        raced.outcome = RaceOutcome::survived;
        break;
      case EntrantVerdict::equivalent:
        raced.outcome = RaceOutcome::equivalent;
        break;
      case EntrantVerdict::eliminated:
        raced.outcome = RaceOutcome::eliminated;
        break;
    }
  }
  return report;
}

}  // namespace bosim
