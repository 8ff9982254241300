// store_trajectories = false end to end: the results lack /trajectories, and `bosim summary` shows the stored
// /summary (text) or refuses (--format json) with exit code 2.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "test_support.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;

int bosim_in(const fs::path& folder, const std::string& arguments, const fs::path& log) {
  const std::string command = "cd '" + folder.string() + "' && " + std::string(BOSIM_BINARY_DIR) + "/apps/bosim " +
                              arguments + " > '" + log.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string text_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(LeanResults, SummaryShowsTheStoredSummaryWithoutTrajectories) {
  const fs::path folder = testing::scratch_folder("lean_results");
  testing::write_text_file(folder / "study.toml",
                           "seed = 3\nrepeats = 20\nstore_trajectories = false\n[truth]\nkind = \"function\"\n"
                           "function = \"branin\"\npool = \"sobol\"\npool_size = 16\n[campaign]\nn_init = 2\n"
                           "[[sweep]]\nacquisition = [\"random\", \"ei\"]\n");
  ASSERT_EQ(bosim_in(folder, "run study.toml -q -o lean.h5", folder / "run.log"), 0) << text_of(folder / "run.log");
  ASSERT_EQ(bosim_in(folder, "summary lean.h5", folder / "summary.log"), 0) << text_of(folder / "summary.log");
  const std::string summary = text_of(folder / "summary.log");
  EXPECT_NE(summary.find("no /trajectories in this file (store_trajectories = false)"), std::string::npos) << summary;
  EXPECT_NE(summary.find("40 runs, 0 failed"), std::string::npos) << summary;
  // A 16-design pool searched without replacement and no budget: every run finds the optimum.
  EXPECT_NE(summary.find("100%"), std::string::npos) << summary;
  EXPECT_EQ(bosim_in(folder, "summary lean.h5 --format json", folder / "json.log"), 2);
  EXPECT_NE(text_of(folder / "json.log").find("--format json needs /trajectories"), std::string::npos)
      << text_of(folder / "json.log");
}

}  // namespace
}  // namespace bosim
