// Race replay: what a race with given [racing] settings would have done on a full study's results, without running
// a single campaign. Repeat r of a configuration is the same run with or without racing (docs/study-format.md,
// "Racing"), so a raced study's runs are a subset of the full study's: feeding the full study's records to bosim's
// own RaceScheduler (the same elimination rule and test as `bosim run` and `--recommend`) in the order it asks for
// them reproduces the raced study's decisions exactly (bench/racing_benchmark.py --replay checks this against real
// raced runs). Used to explore first_round / round / equivalence choices offline (README, "Racing").
//
//   bosim_race_replay FULL.h5 FIRST_ROUND ROUND MAX_REPEATS ALPHA SCOPE EQUIVALENCE
//
// prints one line "runs R full F" and one line per configuration "config_id outcome repeats round p".
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <string>

#include "acquisition/acquisition.hpp"
#include "racing/race_scheduler.hpp"
#include "results/read_run_data.hpp"
#include "results/results_file.hpp"

namespace {

using namespace bosim;

/// The configurations of the results file (config_id and acquisition: all the scheduler's scopes need).
Study study_of(const ResultsSummaryView& view, const RacingSettings& settings) {
  std::size_t acquisition_column = view.parameter_names.size();
  for (std::size_t p = 0; p < view.parameter_names.size(); ++p)
    if (view.parameter_names[p] == "acquisition") acquisition_column = p;
  if (acquisition_column == view.parameter_names.size()) throw std::runtime_error("no acquisition column in /configs");
  Study study;
  for (std::size_t row = 0; row < view.config_ids.size(); ++row) {
    Configuration configuration;
    configuration.config_id = view.config_ids[row];
    if (!parse_acquisition_kind(view.config_cells[row][acquisition_column], configuration.settings.acquisition))
      throw std::runtime_error("unknown acquisition " + view.config_cells[row][acquisition_column]);
    study.configurations.push_back(configuration);
  }
  study.racing = settings;
  study.repeats = settings.max_repeats;
  return study;
}

/// The full study's record of each (config_id, repeat), with what the scheduler reads of it.
std::map<std::pair<std::uint32_t, std::uint32_t>, RunRecord> records_of(const RunDataView& runs) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, RunRecord> records;
  for (std::size_t run = 0; run < runs.runs(); ++run) {
    RunRecord record;
    record.config_id = runs.config_ids[run];
    record.repeat = runs.repeats[run];
    record.status = runs.failed[run] ? RunStatus::failed : RunStatus::ok;
    record.found = runs.found[run];
    record.experiments_to_optimum = runs.experiments_to_optimum[run];
    record.best_so_far.assign(runs.experiments_performed(run), 0.0);
    records[{record.config_id, record.repeat}] = record;
  }
  return records;
}

int replay(int argc, char** argv) {
  if (argc != 8) {
    std::fprintf(stderr, "usage: %s FULL.h5 FIRST_ROUND ROUND MAX_REPEATS ALPHA SCOPE(acquisition|all) EQUIVALENCE\n",
                 argv[0]);
    return 2;
  }
  RacingSettings settings;
  settings.first_round = static_cast<std::uint32_t>(std::stoul(argv[2]));
  settings.round = static_cast<std::uint32_t>(std::stoul(argv[3]));
  settings.max_repeats = static_cast<std::uint32_t>(std::stoul(argv[4]));
  settings.alpha = std::stod(argv[5]);
  settings.scope = std::string(argv[6]) == "all" ? RaceScope::all : RaceScope::acquisition;
  settings.equivalence = std::stod(argv[7]);
  const ResultsSummaryView view = read_results_summary(argv[1]);
  const auto records = records_of(read_run_data(argv[1]));
  RaceScheduler race(study_of(view, settings));
  for (std::vector<RaceRun> runs = race.next_runs(); !runs.empty(); runs = race.next_runs())
    for (const RaceRun& run : runs) {
      const auto found = records.find({run.config_id, run.repeat});
      if (found == records.end())
        throw std::runtime_error("the full study has no run (" + std::to_string(run.config_id) + ", " +
                                 std::to_string(run.repeat) + "): max_repeats above its repeats?");
      race.observe(found->second);
    }
  const RaceReport report = race.report();
  std::uint64_t spent = 0;
  for (const RacedConfiguration& raced : report.configurations) spent += raced.repeats;
  std::printf("runs %llu full %llu\n", static_cast<unsigned long long>(spent),
              static_cast<unsigned long long>(report.full_runs));
  for (const RacedConfiguration& raced : report.configurations)
    std::printf("%u %s %u %u %.6g\n", raced.config_id, to_string(raced.outcome).c_str(), raced.repeats, raced.round,
                raced.p_value);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return replay(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bosim_race_replay: %s\n", error.what());
    return 2;
  }
}
