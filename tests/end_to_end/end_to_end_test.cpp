// End to end: a study file through load, runs and the HDF5 results file, plus the bosim command line.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "common/version.hpp"
#include "distribution/study_runner.hpp"
#include "hdf5_reading.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;

const std::string quickstart_data = std::string(BOSIM_SOURCE_DIR) + "/studies/data/quickstart.csv";

/// A small study over the quickstart dataset: 3 configurations × `repeats`.
std::string small_study_text(int repeats) {
  return "name = \"e2e\"\nseed = 17\nrepeats = " + std::to_string(repeats) +
         "\n[truth]\nkind = \"dataset\"\npath = \"" + quickstart_data +
         "\"\nreplicates = \"sample\"\n[campaign]\nn_init = 6\ndelta = 30\n"
         "[[sweep]]\nacquisition = [\"ei\", \"random\"]\n"
         "[[sweep]]\nacquisition = \"ucb\"\nbeta0 = 1.5\nepsilon = 0.1\n";
}

std::string run_study_to_file(const fs::path& folder, const std::string& text, const std::string& name) {
  const fs::path study_path = folder / (name + ".toml");
  testing::write_text_file(study_path, text);
  RunRequest request;
  request.study_path = study_path.string();
  request.output_path = (folder / (name + ".h5")).string();
  request.force = true;
  request.quiet = true;
  EXPECT_EQ(run_study(request), 0);
  return request.output_path;
}

TEST(EndToEnd, SmallStudyWritesConsistentResults) {
  const fs::path folder = testing::scratch_folder("e2e_small");
  const std::string output = run_study_to_file(folder, small_study_text(8), "small");

  const auto config_ids = testing::read_compound_member<std::uint32_t>(output, "/runs", "config_id", H5T_NATIVE_UINT32);
  const auto repeats = testing::read_compound_member<std::uint32_t>(output, "/runs", "repeat", H5T_NATIVE_UINT32);
  const auto experiments =
      testing::read_compound_member<std::int32_t>(output, "/runs", "experiments_to_optimum", H5T_NATIVE_INT32);
  ASSERT_EQ(config_ids.size(), 24u);
  for (size_t row = 0; row < config_ids.size(); ++row) {  // ordered by (config_id, repeat)
    EXPECT_EQ(config_ids[row], row / 8);
    EXPECT_EQ(repeats[row], row % 8);
  }

  hsize_t rows = 0, columns = 0;
  const auto chosen =
      testing::read_matrix<std::int32_t>(output, "/trajectories/chosen", H5T_NATIVE_INT32, rows, columns);
  const auto best = testing::read_matrix<double>(output, "/trajectories/best_so_far", H5T_NATIVE_DOUBLE, rows, columns);
  ASSERT_EQ(rows, 24u);
  for (size_t row = 0; row < rows; ++row) {
    // Each run stops at the optimum: exactly experiments_to_optimum entries, then padding.
    size_t length = 0;
    while (length < columns && chosen[row * columns + length] >= 0) ++length;
    EXPECT_EQ(static_cast<std::int32_t>(length), std::max(experiments[row], 6));
    for (size_t c = length; c < columns; ++c) {
      EXPECT_EQ(chosen[row * columns + c], -1);
      EXPECT_TRUE(std::isnan(best[row * columns + c]));
    }
    EXPECT_DOUBLE_EQ(best[row * columns + length - 1], 429.5);  // the optimum's mean lifetime
  }

  const auto summary_means = testing::read_compound_member<double>(output, "/summary", "mean", H5T_NATIVE_DOUBLE);
  ASSERT_EQ(summary_means.size(), 3u);
  for (std::uint32_t config = 0; config < 3; ++config) {
    double sum = 0.0;
    for (size_t row = 0; row < experiments.size(); ++row)
      if (config_ids[row] == config) sum += experiments[row];
    EXPECT_NEAR(summary_means[config], sum / 8.0, 1e-12);
  }
}

TEST(EndToEnd, SameStudyTwiceGivesIdenticalResults) {
  const fs::path folder = testing::scratch_folder("e2e_determinism");
  const std::string first = run_study_to_file(folder, small_study_text(4), "first");
  const std::string second = run_study_to_file(folder, small_study_text(4), "second");
  EXPECT_EQ(testing::read_compound_bytes_without(first, "/runs", {"wall_seconds"}),
            testing::read_compound_bytes_without(second, "/runs", {"wall_seconds"}));
  for (const char* dataset : {"/configs", "/summary", "/trajectories/chosen", "/trajectories/best_so_far"})
    EXPECT_EQ(testing::read_raw_bytes(first, dataset), testing::read_raw_bytes(second, dataset)) << dataset;
}

TEST(EndToEnd, ExpectedImprovementReplaysP3htFasterThanRandom) {
  BOSIM_REQUIRE_SHARED_DATASET(p3ht, "p3ht_cnt.csv");
  const fs::path folder = testing::scratch_folder("e2e_p3ht");
  const std::string text = "seed = 3\nrepeats = 20\n[truth]\nkind = \"dataset\"\npath = \"" + p3ht +
                           "\"\ngoal = \"maximize\"\n[campaign]\nacquisition = \"ei\"\nn_init = 6\n";
  const std::string output = run_study_to_file(folder, text, "p3ht");
  const auto found = testing::read_compound_member<std::uint8_t>(output, "/runs", "found", H5T_NATIVE_UINT8);
  const auto experiments =
      testing::read_compound_member<std::int32_t>(output, "/runs", "experiments_to_optimum", H5T_NATIVE_INT32);
  for (std::uint8_t f : found) EXPECT_EQ(f, 1);
  const double mean = std::accumulate(experiments.begin(), experiments.end(), 0.0) / experiments.size();
  const double random_mean = (178 + 1) / 2.0 + 6.0 * 5.0 / (2.0 * 178);  // closed form for 178 designs
  EXPECT_LT(mean, 0.5 * random_mean) << "EI mean experiments to optimum " << mean;
}

// --- the command line ----------------------------------------------------------------------

/// Runs bosim with `arguments` (after the environment assignments `environment`), output to `log`.
int run_bosim_with(const std::string& environment, const std::string& arguments, const fs::path& log) {
  const std::string command =
      environment + " " + std::string(BOSIM_BINARY_DIR) + "/apps/bosim " + arguments + " > " + log.string() + " 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int run_bosim(const std::string& arguments, const fs::path& log) { return run_bosim_with("", arguments, log); }

std::string file_text(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(CommandLine, RunValidateSummary) {
  const fs::path folder = testing::scratch_folder("cli_ok");
  testing::write_text_file(folder / "study.toml", small_study_text(3));
  EXPECT_EQ(run_bosim("validate " + (folder / "study.toml").string(), folder / "validate.log"), 0);
  EXPECT_NE(file_text(folder / "validate.log").find("3 configurations x 3 repeats = 9 runs"), std::string::npos)
      << file_text(folder / "validate.log");
  EXPECT_EQ(
      run_bosim("run " + (folder / "study.toml").string() + " -o " + (folder / "out.h5").string(), folder / "run.log"),
      0)
      << file_text(folder / "run.log");
  EXPECT_EQ(run_bosim("summary " + (folder / "out.h5").string(), folder / "summary.log"), 0);
  const std::string summary = file_text(folder / "summary.log");
  EXPECT_NE(summary.find("ucb"), std::string::npos) << summary;
  EXPECT_NE(summary.find("9 runs, 0 failed"), std::string::npos) << summary;
}

TEST(CommandLine, RefusesToOverwriteWithoutForce) {
  const fs::path folder = testing::scratch_folder("cli_force");
  testing::write_text_file(folder / "study.toml", small_study_text(1));
  testing::write_text_file(folder / "out.h5", "precious");
  EXPECT_EQ(
      run_bosim("run " + (folder / "study.toml").string() + " -o " + (folder / "out.h5").string(), folder / "run.log"),
      2);
  EXPECT_EQ(file_text(folder / "out.h5"), "precious");
  EXPECT_NE(file_text(folder / "run.log").find("--force"), std::string::npos);
}

TEST(CommandLine, BadStudyExitsTwoAndWritesNothing) {
  const fs::path folder = testing::scratch_folder("cli_bad");
  testing::write_text_file(folder / "study.toml", small_study_text(2) + "[[sweep]]\ndleta = [1, 2]\n");
  EXPECT_EQ(
      run_bosim("run " + (folder / "study.toml").string() + " -o " + (folder / "out.h5").string(), folder / "run.log"),
      2);
  EXPECT_FALSE(fs::exists(folder / "out.h5"));
  const std::string log = file_text(folder / "run.log");
  EXPECT_NE(log.find("study.toml:18:1"), std::string::npos) << log;  // file:line:column of the bad key
  EXPECT_NE(log.find("delta"), std::string::npos) << log;            // suggestion
}

TEST(CommandLine, StopsOnACpuWithoutTheInstructionsOfTheBuild) {
  // apps/bosim/cpu_guard.cpp compares the CPU with the features the build requires;
  // BOSIM_PRETEND_CPU_LACKS makes this CPU look as if it lacked some.
  const fs::path folder = testing::scratch_folder("cli_cpu");
  testing::write_text_file(folder / "study.toml", small_study_text(1));
  EXPECT_EQ(run_bosim("--version", folder / "version.log"), 0);
  EXPECT_NE(file_text(folder / "version.log").find(instruction_set), std::string::npos)
      << file_text(folder / "version.log");

  const std::string required = BOSIM_REQUIRED_CPU_FEATURES;
  const std::string run = "run " + (folder / "study.toml").string() + " -o " + (folder / "out.h5").string();
  if (required.empty()) {  // a portable build requires nothing beyond x86-64 and runs anywhere
    EXPECT_EQ(run_bosim_with("BOSIM_PRETEND_CPU_LACKS=avx2", run, folder / "run.log"), 0)
        << file_text(folder / "run.log");
    return;
  }
  const std::string lacking = required.substr(required.rfind(',') + 1);
  EXPECT_EQ(run_bosim_with("BOSIM_PRETEND_CPU_LACKS=" + lacking, run, folder / "run.log"), 2);
  const std::string log = file_text(folder / "run.log");
  EXPECT_NE(log.find(std::string("built for ") + instruction_set + ", and this CPU lacks: " + lacking + "."),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("-DBOSIM_ARCH=portable"), std::string::npos) << log;
  EXPECT_FALSE(fs::exists(folder / "out.h5"));
}

TEST(CommandLine, BadCommandLineExitsTwo) {
  const fs::path folder = testing::scratch_folder("cli_usage");
  EXPECT_EQ(run_bosim("run", folder / "a.log"), 2);
  EXPECT_EQ(run_bosim("frobnicate", folder / "b.log"), 2);
  EXPECT_EQ(run_bosim("summary " + (folder / "missing.h5").string(), folder / "c.log"), 2);
  EXPECT_EQ(run_bosim("--help", folder / "d.log"), 0);
  EXPECT_NE(file_text(folder / "d.log").find("run"), std::string::npos);
}

}  // namespace
}  // namespace bosim
