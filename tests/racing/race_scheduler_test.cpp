#include "racing/race_scheduler.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>

namespace bosim {
namespace {

/// A study of `acquisitions.size()` configurations (config_id = position) raced with `settings`.
Study raced_study(const std::vector<AcquisitionKind>& acquisitions, const RacingSettings& settings) {
  Study study;
  for (std::size_t k = 0; k < acquisitions.size(); ++k) {
    Configuration configuration;
    configuration.config_id = static_cast<std::uint32_t>(k);
    configuration.settings.acquisition = acquisitions[k];
    study.configurations.push_back(configuration);
  }
  study.racing = settings;
  study.repeats = settings.max_repeats;
  return study;
}

RacingSettings settings_of(std::uint32_t first_round, std::uint32_t round, std::uint32_t max_repeats,
                           double equivalence = 0.0, RaceScope scope = RaceScope::acquisition) {
  RacingSettings settings;
  settings.first_round = first_round;
  settings.round = round;
  settings.max_repeats = max_repeats;
  settings.equivalence = equivalence;
  settings.scope = scope;
  return settings;
}

/// Experiments to the optimum of run (config, repeat): a pure function, as a real run is.
using Outcome = std::function<double(std::uint32_t config, std::uint32_t repeat)>;

RunRecord record_of(const RaceRun& run, const Outcome& outcome) {
  RunRecord record;
  record.config_id = run.config_id;
  record.repeat = run.repeat;
  record.found = true;
  record.experiments_to_optimum = static_cast<std::int32_t>(outcome(run.config_id, run.repeat));
  return record;
}

/// Runs the race to its end, observing each round's runs in the order `order` gives; returns every run made.
std::vector<RaceRun> run_race(RaceScheduler& race, const Outcome& outcome, std::mt19937* shuffle = nullptr) {
  std::vector<RaceRun> all;
  for (std::vector<RaceRun> runs = race.next_runs(); !runs.empty(); runs = race.next_runs()) {
    if (shuffle) std::shuffle(runs.begin(), runs.end(), *shuffle);
    for (const RaceRun& run : runs) race.observe(record_of(run, outcome));
    all.insert(all.end(), runs.begin(), runs.end());
  }
  return all;
}

/// Repeat-dependent "noise" shared by every configuration (common random numbers), distinct per repeat.
double shared(std::uint32_t repeat) { return 10.0 + static_cast<double>((repeat * 7) % 13); }

TEST(RaceScheduler, AClearlyWorseSettingIsDroppedAfterTheFirstRoundAndTheRestRunToTheCap) {
  // Config 1 is worse by 10 + repeat experiments; configs 0 and 2 differ by ±1 alternating.
  const Outcome outcome = [](std::uint32_t config, std::uint32_t repeat) {
    if (config == 1) return shared(repeat) + 10.0 + repeat;
    return shared(repeat) + (config == 2 ? (repeat % 2 == 0 ? 1.0 : -1.0) : 0.0);
  };
  const Study study = raced_study({AcquisitionKind::expected_improvement, AcquisitionKind::expected_improvement,
                                   AcquisitionKind::expected_improvement},
                                  settings_of(10, 5, 30));
  RaceScheduler race(study);
  const std::vector<RaceRun> runs = run_race(race, outcome);
  EXPECT_TRUE(race.over());
  const RaceReport report = race.report();
  EXPECT_EQ(report.configurations[1].outcome, RaceOutcome::eliminated);
  EXPECT_EQ(report.configurations[1].round, 1u);
  EXPECT_EQ(report.configurations[1].repeats, 10u);
  EXPECT_LT(report.configurations[1].p_value, 0.05);
  EXPECT_EQ(report.configurations[0].repeats, 30u);
  EXPECT_EQ(report.configurations[2].repeats, 30u);
  EXPECT_EQ(runs.size(), 70u);
  ASSERT_EQ(report.rounds.size(), 5u);  // 10, 15, 20, 25, 30 repeats
  EXPECT_EQ(report.rounds.back().runs, 70u);
  EXPECT_EQ(report.rounds[1].racing, 2u);
  EXPECT_EQ(report.full_runs, 90u);
}

TEST(RaceScheduler, TheWorstCaseTightensAfterEliminationsAndIsExactOnceOver) {
  const Outcome outcome = [](std::uint32_t config, std::uint32_t repeat) {
    return shared(repeat) + (config == 1 ? 10.0 + repeat : 0.0);  // config 1 clearly worse
  };
  const Study study =
      raced_study(std::vector<AcquisitionKind>(3, AcquisitionKind::expected_improvement), settings_of(10, 5, 30));
  RaceScheduler race(study);
  std::vector<RaceRun> runs = race.next_runs();
  EXPECT_EQ(race.worst_case_runs(), 90u);  // nothing decided: 3 x max_repeats
  for (const RaceRun& run : runs) race.observe(record_of(run, outcome));
  runs = race.next_runs();                 // round 1 decided: config 1 out after 10 repeats
  EXPECT_EQ(race.worst_case_runs(), 70u);  // 30 + 10 + 30
  EXPECT_FALSE(race.over());
  run_race(race, outcome);
  EXPECT_TRUE(race.over());
  std::uint64_t spent = 0;
  for (const RacedConfiguration& raced : race.report().configurations) spent += raced.repeats;
  EXPECT_EQ(race.worst_case_runs(), spent);
}

TEST(RaceScheduler, AStudyOfEqualSettingsRunsToMaxRepeats) {
  const Outcome outcome = [](std::uint32_t, std::uint32_t repeat) { return shared(repeat); };
  const Study study =
      raced_study(std::vector<AcquisitionKind>(4, AcquisitionKind::upper_confidence_bound), settings_of(6, 4, 20));
  RaceScheduler race(study);
  EXPECT_EQ(run_race(race, outcome).size(), 80u);
  const RaceReport report = race.report();
  EXPECT_EQ(report.rounds.size(), settings_of(6, 4, 20).max_rounds());  // 6, 10, 14, 18, 20
  for (const RacedConfiguration& raced : report.configurations) {
    EXPECT_EQ(raced.repeats, 20u);
    EXPECT_NE(raced.outcome, RaceOutcome::eliminated);
  }
  EXPECT_EQ(report.configurations[0].outcome, RaceOutcome::best);  // ties: lowest config_id
}

TEST(RaceScheduler, WithAMarginEqualSettingsAreEquivalentAfterTheFirstRound) {
  const Outcome outcome = [](std::uint32_t, std::uint32_t repeat) { return shared(repeat); };
  const Study study =
      raced_study(std::vector<AcquisitionKind>(4, AcquisitionKind::upper_confidence_bound), settings_of(6, 4, 20, 1.0));
  RaceScheduler race(study);
  EXPECT_EQ(run_race(race, outcome).size(), 24u);
  const RaceReport report = race.report();
  EXPECT_EQ(report.configurations[0].outcome, RaceOutcome::best);
  for (std::size_t k = 1; k < 4; ++k) EXPECT_EQ(report.configurations[k].outcome, RaceOutcome::equivalent);
}

TEST(RaceScheduler, ScopeAcquisitionRacesEachAcquisitionApartAndScopeAllTogether) {
  // PI is far worse than EI; within each acquisition the two settings are equal.
  const Outcome outcome = [](std::uint32_t config, std::uint32_t repeat) {
    return shared(repeat) + (config >= 2 ? 20.0 + repeat : 0.0);
  };
  const std::vector<AcquisitionKind> kinds{AcquisitionKind::expected_improvement, AcquisitionKind::expected_improvement,
                                           AcquisitionKind::probability_of_improvement,
                                           AcquisitionKind::probability_of_improvement};
  RaceScheduler by_acquisition(raced_study(kinds, settings_of(10, 10, 30)));
  run_race(by_acquisition, outcome);
  for (const RacedConfiguration& raced : by_acquisition.report().configurations)
    EXPECT_EQ(raced.repeats, 30u) << raced.config_id;  // nothing to eliminate within an acquisition
  RaceScheduler all(raced_study(kinds, settings_of(10, 10, 30, 0.0, RaceScope::all)));
  run_race(all, outcome);
  const RaceReport report = all.report();
  EXPECT_EQ(report.configurations[2].outcome, RaceOutcome::eliminated);
  EXPECT_EQ(report.configurations[3].outcome, RaceOutcome::eliminated);
  EXPECT_EQ(report.configurations[2].repeats, 10u);
}

TEST(RaceScheduler, DecisionsDependOnTheOutcomesOnlyNotOnTheirOrderOrOnAResumeMidRound) {
  const Outcome outcome = [](std::uint32_t config, std::uint32_t repeat) {
    return shared(repeat) + static_cast<double>(config) * (1.0 + (repeat % 3));
  };
  const Study study =
      raced_study(std::vector<AcquisitionKind>(5, AcquisitionKind::expected_improvement), settings_of(5, 3, 24));
  RaceScheduler in_order(study);
  const std::vector<RaceRun> runs = run_race(in_order, outcome);
  std::mt19937 random(7);
  RaceScheduler shuffled(study);
  run_race(shuffled, outcome, &random);
  // A resume: a fresh scheduler that saw the first runs (any order, cut mid-round) asks for exactly the rest.
  for (std::size_t cut : {std::size_t{0}, std::size_t{3}, runs.size() / 2, runs.size() - 1, runs.size()}) {
    RaceScheduler resumed(study);
    std::vector<RaceRun> seen(runs.begin(), runs.begin() + static_cast<std::ptrdiff_t>(cut));
    std::shuffle(seen.begin(), seen.end(), random);
    for (const RaceRun& run : seen) resumed.observe(record_of(run, outcome));
    const std::vector<RaceRun> rest = run_race(resumed, outcome);
    EXPECT_EQ(rest.size(), runs.size() - cut) << "cut " << cut;
    const RaceReport a = in_order.report(), b = resumed.report();
    for (std::size_t k = 0; k < a.configurations.size(); ++k) {
      EXPECT_EQ(a.configurations[k].repeats, b.configurations[k].repeats);
      EXPECT_EQ(a.configurations[k].outcome, b.configurations[k].outcome);
      EXPECT_EQ(a.configurations[k].round, b.configurations[k].round);
    }
  }
  const RaceReport a = in_order.report(), c = shuffled.report();
  for (std::size_t k = 0; k < a.configurations.size(); ++k) {
    EXPECT_EQ(a.configurations[k].repeats, c.configurations[k].repeats);
    EXPECT_TRUE(a.configurations[k].p_value == c.configurations[k].p_value ||
                (std::isnan(a.configurations[k].p_value) && std::isnan(c.configurations[k].p_value)));
  }
  EXPECT_LT(runs.size(), 5u * 24u);  // something was eliminated
}

TEST(RaceScheduler, RoundsHoldTheRepeatsOfTheFullStudy) {
  // Every run of a race is a (config, repeat) of the full study: repeats below max_repeats, none twice.
  const Outcome outcome = [](std::uint32_t config, std::uint32_t repeat) { return shared(repeat) + config * 5.0; };
  RaceScheduler race(raced_study(std::vector<AcquisitionKind>(3, AcquisitionKind::random), settings_of(7, 7, 21)));
  std::vector<RaceRun> runs = run_race(race, outcome);
  std::sort(runs.begin(), runs.end(), [](const RaceRun& a, const RaceRun& b) {
    return std::tie(a.config_id, a.repeat) < std::tie(b.config_id, b.repeat);
  });
  for (std::size_t k = 1; k < runs.size(); ++k)
    EXPECT_FALSE(runs[k].config_id == runs[k - 1].config_id && runs[k].repeat == runs[k - 1].repeat);
  for (const RaceRun& run : runs) EXPECT_LT(run.repeat, 21u);
  EXPECT_EQ(runs.front().repeat, 0u);
}

}  // namespace
}  // namespace bosim
