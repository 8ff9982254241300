// How many run records rank 0 can absorb per second, and how fast it writes the results from the journal.
//
// Rank 0 does, per message from a worker: deserialize the records (Boost binary archive), append the message's
// bytes to the journal as one frame (write(), fsync every 2 s or 1,000 runs), count them for the progress line.
// This program does exactly that (RecordKeeper::keep with a real JournalWriter) with messages prepared beforehand,
// so it measures rank 0's own work per record without workers; the MPI receive (a few microseconds per message
// on one node) comes on top. It then writes the results file from that journal (JournalRunIndex + JournalRuns +
// write_results_file), as `bosim run` does at the end, and reports both rates.
//
// Usage: bosim_master_throughput [RUNS [RECORDS_PER_MESSAGE [EXPERIMENTS [STORE_TRAJECTORIES]]]]
//   defaults 200000, 1, 35, 1. RUNS are RUNS/1,000 configurations x 1,000 repeats; a record carries
//   EXPERIMENTS-long trajectories (35: a GP study on P3HT).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>

#include "distribution/byte_archive.hpp"
#include "distribution/journal_runs.hpp"
#include "distribution/progress_reporter.hpp"
#include "distribution/record_keeper.hpp"
#include "results/results_file.hpp"
#include "study/study.hpp"

namespace {

using bosim::RunRecord;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }
/// CPU seconds of this process (user + system) since `start` (std::clock): on a shared machine the wall time
/// includes waiting for a core, the CPU time does not.
double cpu_seconds_since(std::clock_t start) { return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC; }

/// A record shaped like one of a GP study: `experiments` long trajectories, found the optimum.
RunRecord typical_record(std::uint32_t run, std::size_t experiments) {
  const std::uint32_t repeat = run % 1000;
  RunRecord record;
  record.config_id = run / 1000;
  record.repeat = repeat;
  record.seed = 0x9e3779b97f4a7c15ULL * (repeat + 1);
  record.found = true;
  record.experiments_to_optimum = static_cast<std::int32_t>(experiments);
  record.iterations_to_optimum = static_cast<std::int32_t>(experiments) - 6;
  record.best_value = 1.5 + 1e-3 * (repeat % 97);
  record.n_fits = static_cast<std::int32_t>(experiments) - 6;
  record.wall_seconds = 0.02 + 1e-6 * (repeat % 1013);
  for (std::size_t k = 0; k < experiments; ++k) {
    record.best_so_far.push_back(1.0 + 0.01 * static_cast<double>(k));
    record.chosen.push_back(static_cast<std::int32_t>((repeat * 31 + k * 7) % 1000));
  }
  return record;
}

}  // namespace

int main(int argc, char** argv) {
  constexpr std::uint32_t repeats_per_configuration = 1000;
  const std::uint32_t runs = (argc > 1 ? static_cast<std::uint32_t>(std::atol(argv[1])) : 200000) /
                             repeats_per_configuration * repeats_per_configuration;
  const std::size_t per_message = argc > 2 ? static_cast<std::size_t>(std::atol(argv[2])) : 1;
  const std::size_t experiments = argc > 3 ? static_cast<std::size_t>(std::atol(argv[3])) : 35;
  const bool store_trajectories = argc > 4 ? std::atoi(argv[4]) != 0 : true;

  namespace fs = std::filesystem;
  const fs::path folder = fs::temp_directory_path() / ("bosim_master_throughput_" + std::to_string(::getpid()));
  fs::create_directories(folder);
  // A study over the quickstart table with runs / 1,000 configurations x 1,000 repeats (the results file needs
  // its study; /summary's bootstrap costs per configuration what it costs in a real study of that shape).
  const std::uint32_t configurations = std::max<std::uint32_t>(runs / repeats_per_configuration, 1);
  const fs::path study_path = folder / "study.toml";
  std::ofstream(study_path) << "name = \"throughput\"\nrepeats = " << repeats_per_configuration
                            << "\nstore_trajectories = " << (store_trajectories ? "true" : "false")
                            << "\n[truth]\npath = \"" << BOSIM_SOURCE_DIR
                            << "/studies/data/quickstart.csv\"\n[[sweep]]\ndelta = {linspace = [0, 1, "
                            << configurations << "]}\n";
  const bosim::LoadedStudy loaded = bosim::load_study(study_path.string());
  const bosim::TaskList tasks(loaded.study);

  // Worker messages as they arrive: serialized vectors of `per_message` records, in reverse task order
  // within each message pair so that the results writer has to reorder.
  std::vector<std::string> messages;
  for (std::uint32_t first = 0; first < runs; first += static_cast<std::uint32_t>(per_message)) {
    std::vector<RunRecord> records;
    for (std::uint32_t r = first; r < std::min<std::uint32_t>(runs, first + static_cast<std::uint32_t>(per_message));
         ++r)
      records.push_back(typical_record(runs - 1 - r, store_trajectories ? experiments : 0));
    messages.push_back(bosim::to_bytes(records));
  }

  const std::string output = (folder / "results.h5").string();
  const std::string journal_path = bosim::journal_path_for(output);
  {
    bosim::ProgressReporter progress(runs, 0, nullptr);
    bosim::RecordKeeper keeper(bosim::JournalWriter::create(journal_path, {runs, loaded.study.inputs}), progress, 0, 0);
    const Clock::time_point start = Clock::now();
    const std::clock_t cpu_start = std::clock();
    for (const std::string& message : messages) {
      auto records = bosim::from_bytes<std::vector<RunRecord>>(message);
      keeper.keep(std::move(records), message);
      keeper.tick();
    }
    keeper.make_durable();
    const double absorb = seconds_since(start);
    const double absorb_cpu = cpu_seconds_since(cpu_start);
    std::printf(
        "absorb: %u records in %zu messages of %zu (trajectories %zu long): %.3f s wall, %.0f records/s; "
        "%.3f s CPU, %.0f records per CPU second; journal %.1f MB\n",
        runs, messages.size(), per_message, store_trajectories ? experiments : 0, absorb, runs / absorb, absorb_cpu,
        runs / absorb_cpu, static_cast<double>(fs::file_size(journal_path)) / 1e6);
  }
  const Clock::time_point start = Clock::now();
  const std::clock_t cpu_start = std::clock();
  {
    const bosim::JournalRunIndex index(journal_path, tasks);
    bosim::JournalRuns ordered(index);
    bosim::write_results_file(output, loaded.study, *loaded.truth, ordered, true);
  }
  const double write = seconds_since(start);
  const double write_cpu = cpu_seconds_since(cpu_start);
  std::printf(
      "results from journal: %.3f s wall, %.0f records/s; %.3f s CPU, %.0f records per CPU second; file "
      "%.1f MB\n",
      write, runs / write, write_cpu, runs / write_cpu, static_cast<double>(fs::file_size(output)) / 1e6);
  fs::remove_all(folder);
  return 0;
}
