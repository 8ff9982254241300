// store_trajectories = false end to end: the results lack /trajectories, `bosim summary` ranks, tests and
// recommends from /runs exactly as for the full file, and --format json refuses with exit code 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// The study with and without trajectories: 64 designs, a budget of 12, so many runs miss the optimum and
/// ERT depends on what they spent.
void write_study(const fs::path& folder, bool store_trajectories) {
  testing::write_text_file(folder / (store_trajectories ? "full.toml" : "lean.toml"),
                           std::string("name = \"s\"\nseed = 3\nrepeats = 20\nstore_trajectories = ") +
                               (store_trajectories ? "true" : "false") +
                               "\n[truth]\nkind = \"function\"\nfunction = \"branin\"\npool = \"sobol\"\n"
                               "pool_size = 64\n[campaign]\nn_init = 2\nbudget = 12\n"
                               "[[sweep]]\nacquisition = [\"random\", \"ei\", \"ucb\"]\n");
}

TEST(LeanResults, SummaryAndRecommendationsEqualThoseOfTheFullFile) {
  const fs::path folder = testing::scratch_folder("lean_results");
  write_study(folder, false);
  write_study(folder, true);
  for (const char* name : {"lean", "full"}) {
    const std::string run = std::string("run ") + name + ".toml -q -o " + name + ".h5";
    ASSERT_EQ(bosim_in(folder, run, folder / "run.log"), 0) << text_of(folder / "run.log");
    const std::string summary = std::string("summary ") + name + ".h5 --recommend";
    ASSERT_EQ(bosim_in(folder, summary, folder / (std::string(name) + ".log")), 0)
        << text_of(folder / (std::string(name) + ".log"));
  }
  const std::string lean = text_of(folder / "lean.log");
  const std::vector<std::string> full_lines = lines_of(text_of(folder / "full.log"));
  EXPECT_NE(lean.find("no /trajectories in this file (store_trajectories = false)"), std::string::npos) << lean;
  EXPECT_NE(lean.find("> 12"), std::string::npos) << "expected runs that missed the optimum:\n" << lean;
  EXPECT_NE(lean.find("recommended settings per acquisition"), std::string::npos) << lean;
  // Every other line (ranking, ERT and its interval, quartiles, tests, sensitivity) is the full file's.
  std::size_t compared = 0;
  for (const std::string& line : lines_of(lean)) {
    if (line.find("no /trajectories") != std::string::npos) continue;
    EXPECT_NE(std::find(full_lines.begin(), full_lines.end(), line), full_lines.end())
        << "not in the full summary: " << line;
    ++compared;
  }
  EXPECT_GT(compared, 20u);
  EXPECT_EQ(bosim_in(folder, "summary lean.h5 --format json", folder / "json.log"), 2);
  EXPECT_NE(text_of(folder / "json.log").find("--format json needs /trajectories"), std::string::npos)
      << text_of(folder / "json.log");
}

}  // namespace
}  // namespace bosim
