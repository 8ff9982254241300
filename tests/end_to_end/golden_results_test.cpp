// Golden results: a small study's /runs experiments_to_optimum, pinned per instruction set, so that any change
// of the numbers bosim produces (random streams, GP fit, acquisition, tie rules) is noticed and made on purpose.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/version.hpp"
#include "distribution/study_runner.hpp"
#include "hdf5_reading.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;

/// EI, UCB and random search over the quickstart dataset: 3 configurations × 5 repeats, GP fits included.
std::string golden_study() {
  return "name = \"golden\"\nseed = 11\nrepeats = 5\n[truth]\nkind = \"dataset\"\npath = \"" +
         std::string(BOSIM_SOURCE_DIR) +
         "/studies/data/quickstart.csv\"\nreplicates = \"sample\"\n[campaign]\nn_init = 6\ndelta = 30\n"
         "[[sweep]]\nacquisition = [\"ei\", \"random\"]\n"
         "[[sweep]]\nacquisition = \"ucb\"\nbeta0 = 1.5\nepsilon = 0.1\n";
}

/// experiments_to_optimum of the 15 runs in /runs order (config_id, repeat), per instruction set
/// (bosim --version names it). A change of these numbers is a change of every study's results: when it is
/// intended (a fix, a new default), update them in the same commit and say why.
const std::map<std::string, std::vector<std::int32_t>>& pinned_results() {
  static const std::map<std::string, std::vector<std::int32_t>> pinned = {
      {"x86_64 (portable)", {27, 18, 23, 22, 19, 238, 234, 210, 46, 228, 18, 16, 22, 29, 23}},
      {"x86-64-v3", {27, 18, 23, 22, 19, 238, 234, 210, 46, 228, 18, 16, 22, 29, 23}},
  };
  return pinned;
}

std::string listed(const std::vector<std::int32_t>& values) {
  std::string text;
  for (const std::int32_t value : values) text += (text.empty() ? "" : ", ") + std::to_string(value);
  return "{" + text + "}";
}

TEST(GoldenResults, SmallStudyGivesThePinnedExperimentsToOptimum) {
  const auto pinned = pinned_results().find(instruction_set);
  if (pinned == pinned_results().end() || pinned->second.empty())
    GTEST_SKIP() << "no golden results pinned for the instruction set " << instruction_set
                 << " (pinned: the portable build and x86-64-v3); add them to " << __FILE__;
  const fs::path folder = testing::scratch_folder("golden");
  testing::write_text_file(folder / "golden.toml", golden_study());
  RunRequest request;
  request.study_path = (folder / "golden.toml").string();
  request.output_path = (folder / "golden.h5").string();
  request.quiet = true;
  ASSERT_EQ(run_study(request), 0);
  const auto experiments = testing::read_compound_member<std::int32_t>(request.output_path, "/runs",
                                                                       "experiments_to_optimum", H5T_NATIVE_INT32);
  EXPECT_EQ(experiments, pinned->second) << "this build (" << build_identity() << ") gives " << listed(experiments);
}

}  // namespace
}  // namespace bosim
