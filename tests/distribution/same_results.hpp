// What the distribution tests share: the quickstart study they run, bosim's run arguments, and the byte-for-byte
// comparison of two results files (the property "same results at any rank count, after any kill + resume").
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "hdf5_reading.hpp"

namespace bosim::testing {

/// Expected improvement (a GP fit per iteration, milliseconds per run) and random search (microseconds per run)
/// over the quickstart dataset: `repeats` runs of each.
inline std::string mixed_study(const std::string& name, int seed, int repeats) {
  return "name = \"" + name + "\"\nseed = " + std::to_string(seed) + "\nrepeats = " + std::to_string(repeats) +
         "\n[truth]\npath = \"" + std::string(BOSIM_SOURCE_DIR) +
         "/studies/data/quickstart.csv\"\nreplicates = \"sample\"\n[campaign]\nn_init = 6\ndelta = 30\n"
         "[[sweep]]\nacquisition = [\"ei\", \"random\"]\n";
}

/// `bosim run STUDY -o OUTPUT --quiet`.
inline std::vector<std::string> run_arguments(const std::filesystem::path& study, const std::filesystem::path& output) {
  return {"run", study.string(), "-o", output.string(), "--quiet"};
}

/// /runs (without its wall_seconds column), /configs, /summary and /trajectories byte for byte, and the
/// `extra` datasets (e.g. /racing/*).
inline void expect_same_datasets(const std::filesystem::path& expected, const std::filesystem::path& actual,
                                 std::initializer_list<const char*> extra = {}) {
  ASSERT_TRUE(std::filesystem::exists(actual)) << actual;
  EXPECT_EQ(read_compound_bytes_without(expected, "/runs", {"wall_seconds"}),
            read_compound_bytes_without(actual, "/runs", {"wall_seconds"}))
      << actual;
  std::vector<const char*> datasets = {"/configs", "/summary", "/trajectories/chosen", "/trajectories/best_so_far"};
  datasets.insert(datasets.end(), extra.begin(), extra.end());
  for (const char* dataset : datasets)
    EXPECT_EQ(read_raw_bytes(expected, dataset), read_raw_bytes(actual, dataset)) << dataset << " of " << actual;
}

}  // namespace bosim::testing
