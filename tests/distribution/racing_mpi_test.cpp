// A raced study under real mpirun: the same results file (runs and /racing) without MPI and at 1, 2 and 3 ranks and
// after repeated SIGKILLs + --resume; its runs are those of the full study; a study of equal settings runs to the cap.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <random>

#include "hdf5_reading.hpp"
#include "launch.hpp"
#include "same_results.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;
using testing::file_text;
using testing::launch;
using testing::plain;
using testing::run_arguments;
using testing::run_to_end;
using testing::under_mpirun;
using testing::wait_exit;
using testing::wait_launch_gone;

/// Random search with six settings over the quickstart dataset (microseconds per run; a budget of 60 makes three of
/// them miss often, so they are eliminated after the first round while the others race on) and one EI setting
/// (a GP per iteration, milliseconds per run; alone in its scope, so done after the first round).
std::string raced_study(int max_repeats, const std::string& racing_keys = "first_round = 40\nround = 40\n",
                        const std::string& n_init_levels = "[6, 10, 30]") {
  return "name = \"race\"\nseed = 29\n[truth]\npath = \"" + std::string(BOSIM_SOURCE_DIR) +
         "/studies/data/quickstart.csv\"\nreplicates = \"sample\"\n[campaign]\nn_init = 6\n[racing]\n" + racing_keys +
         "max_repeats = " + std::to_string(max_repeats) +
         "\n[[sweep]]\nacquisition = \"random\"\nn_init = " + n_init_levels +
         "\nbudget = [0, 60]\n[[sweep]]\nacquisition = \"ei\"\n";
}

/// Every dataset byte for byte (/runs without wall_seconds), /racing included.
void expect_same_results(const fs::path& expected, const fs::path& actual) {
  testing::expect_same_datasets(expected, actual, {"/racing/settings", "/racing/configs", "/racing/rounds"});
}

std::vector<std::string> outcomes(const fs::path& results) {
  const std::vector<unsigned char> bytes = testing::read_compound_bytes_without(
      results, "/racing/configs",
      {"config_id", "repeats", "round", "p_value", "difference_low", "difference_high"});  // 16-byte texts
  std::vector<std::string> texts;
  for (std::size_t at = 0; at + 16 <= bytes.size(); at += 16)
    texts.emplace_back(reinterpret_cast<const char*>(bytes.data() + at),
                       strnlen(reinterpret_cast<const char*>(bytes.data() + at), 16));
  return texts;
}

TEST(RacingMpi, SameRaceWithoutMpiAndOnOneTwoAndThreeRanks) {
  const fs::path folder = testing::scratch_folder("race_ranks");
  testing::write_text_file(folder / "study.toml", raced_study(400));
  ASSERT_EQ(run_to_end(plain(run_arguments(folder / "study.toml", folder / "plain.h5")), folder / "log"), 0)
      << file_text(folder / "log");
  // The race did something: some settings eliminated after round 1, the best of random ran to the cap.
  const auto repeats = testing::read_compound_member<std::uint32_t>(folder / "plain.h5", "/racing/configs", "repeats",
                                                                    H5T_NATIVE_UINT32);
  ASSERT_EQ(repeats.size(), 7u);
  EXPECT_EQ(*std::max_element(repeats.begin(), repeats.end()), 400u);
  EXPECT_EQ(*std::min_element(repeats.begin(), repeats.end()), 40u);
  const std::vector<std::string> ends = outcomes(folder / "plain.h5");
  EXPECT_EQ(std::count(ends.begin(), ends.end(), "best"), 2);  // one per acquisition
  EXPECT_GE(std::count(ends.begin(), ends.end(), "eliminated"), 3);
  for (int ranks : {1, 2, 3}) {
    const fs::path output = folder / ("np" + std::to_string(ranks) + ".h5");
    ASSERT_EQ(run_to_end(under_mpirun(ranks, run_arguments(folder / "study.toml", output)), folder / "log"), 0)
        << file_text(folder / "log");
    expect_same_results(folder / "plain.h5", output);
  }
}

TEST(RacingMpi, ARacedStudysRunsAreTheFullStudysRuns) {
  const fs::path folder = testing::scratch_folder("race_subset");
  testing::write_text_file(folder / "raced.toml", raced_study(120));
  std::string full = raced_study(120);
  full.replace(full.find("[racing]"), full.find("[[sweep]]") - full.find("[racing]"), "");
  full.insert(full.find("[truth]"), "repeats = 120\n");
  testing::write_text_file(folder / "full.toml", full);
  ASSERT_EQ(run_to_end(plain(run_arguments(folder / "raced.toml", folder / "raced.h5")), folder / "log"), 0);
  ASSERT_EQ(run_to_end(plain(run_arguments(folder / "full.toml", folder / "full.h5")), folder / "log"), 0);
  const auto row_bytes = [](const fs::path& path) {
    const auto bytes = testing::read_compound_bytes_without(path, "/runs", {"wall_seconds"});
    const auto ids = testing::read_compound_member<std::uint32_t>(path, "/runs", "config_id", H5T_NATIVE_UINT32);
    const auto repeats = testing::read_compound_member<std::uint32_t>(path, "/runs", "repeat", H5T_NATIVE_UINT32);
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<unsigned char>> rows;
    const std::size_t size = bytes.size() / ids.size();
    for (std::size_t row = 0; row < ids.size(); ++row)
      rows[{ids[row], repeats[row]}].assign(bytes.begin() + row * size, bytes.begin() + (row + 1) * size);
    return rows;
  };
  const auto raced = row_bytes(folder / "raced.h5");
  const auto all = row_bytes(folder / "full.h5");
  EXPECT_EQ(all.size(), 7u * 120u);
  EXPECT_LT(raced.size(), all.size());
  for (const auto& [run, bytes] : raced) {
    ASSERT_EQ(all.count(run), 1u) << run.first << ":" << run.second;
    EXPECT_EQ(all.at(run), bytes) << "run " << run.first << ":" << run.second << " differs from the full study's";
  }
}

std::uintmax_t size_or_zero(const fs::path& path) {
  std::error_code error;
  const std::uintmax_t size = fs::file_size(path, error);
  return error ? 0 : size;
}

TEST(RacingMpi, ResumesAfterRepeatedKillsToTheUninterruptedRace) {
  // Rounds of 20 repeats up to 3000 (150 round boundaries for the kills to land before, on or after): four
  // random-search settings that differ only in delta, which random search ignores, race on to the cap; a budget
  // of 60 is eliminated after the first round; EI is alone in its scope.
  const fs::path folder = testing::scratch_folder("race_kill");
  testing::write_text_file(
      folder / "study.toml",
      "name = \"race\"\nseed = 31\n[truth]\npath = \"" + std::string(BOSIM_SOURCE_DIR) +
          "/studies/data/quickstart.csv\"\nreplicates = \"sample\"\n[campaign]\nn_init = 6\n[racing]\n"
          "first_round = 20\nround = 20\nmax_repeats = 3000\n[[sweep]]\nacquisition = \"random\"\n"
          "delta = [0, 10, 20, 30]\n[[sweep]]\nacquisition = \"random\"\nbudget = 60\n[[sweep]]\nacquisition = "
          "\"ei\"\n");
  ASSERT_EQ(run_to_end(plain(run_arguments(folder / "study.toml", folder / "reference.h5")), folder / "log"), 0);

  const fs::path output = folder / "killed.h5";
  const fs::path journal = output.string() + ".journal";
  std::mt19937 random(2026);
  std::uniform_int_distribution<int> delay_milliseconds(0, 100);
  int kills = 0;
  for (int attempt = 0; attempt < 14 && !fs::exists(output); ++attempt) {
    std::vector<std::string> arguments = run_arguments(folder / "study.toml", output);
    if (fs::exists(journal)) arguments.push_back("--resume");
    const std::uintmax_t journal_size = size_or_zero(journal);
    const pid_t launched =
        launch(attempt % 3 == 0 ? plain(arguments) : under_mpirun(1 + attempt % 3, arguments), folder / "log");
    if (kills < 5) {
      int status = 0;
      while (size_or_zero(journal) <= journal_size && ::waitpid(launched, &status, WNOHANG) == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_milliseconds(random)));
      // Every process of the launch at once (a node lost): rank 0 stops writing the journal at that instant,
      // not up to a second later when it notices that mpirun is gone.
      for (const pid_t pid : testing::launched_processes(launched))
        if (pid != launched && pid > 1) ::kill(pid, SIGKILL);
      ::kill(launched, SIGKILL);
    }
    const int code = wait_exit(launched);
    wait_launch_gone(launched);
    if (code == 128 + SIGKILL && fs::exists(journal)) ++kills;
    ASSERT_TRUE(code == 0 || code == 128 + SIGKILL) << "exit " << code << "\n" << file_text(folder / "log");
  }
  EXPECT_GE(kills, 4);
  expect_same_results(folder / "reference.h5", output);
  EXPECT_FALSE(fs::exists(journal));
}

TEST(RacingMpi, ASweepOfSettingsThatChangeNothingRunsToMaxRepeats) {
  // Random search ignores delta: every setting is the same random search (each with its own choice stream), so
  // no paired test is significant and every setting gets max_repeats.
  const fs::path folder = testing::scratch_folder("race_equal");
  testing::write_text_file(folder / "equal.toml",
                           "name = \"equal\"\nseed = 5\n[truth]\npath = \"" + std::string(BOSIM_SOURCE_DIR) +
                               "/studies/data/quickstart.csv\"\n[campaign]\nacquisition = \"random\"\n[racing]\n"
                               "first_round = 10\nround = 10\nmax_repeats = 50\n[[sweep]]\ndelta = [0, 10, 20, 30]\n");
  ASSERT_EQ(run_to_end(plain(run_arguments(folder / "equal.toml", folder / "equal.h5")), folder / "log"), 0);
  for (std::uint32_t repeats : testing::read_compound_member<std::uint32_t>(folder / "equal.h5", "/racing/configs",
                                                                            "repeats", H5T_NATIVE_UINT32))
    EXPECT_EQ(repeats, 50u);
  EXPECT_EQ(outcomes(folder / "equal.h5"), (std::vector<std::string>{"best", "survived", "survived", "survived"}));
  EXPECT_EQ(
      testing::read_compound_member<std::uint32_t>(folder / "equal.h5", "/racing/rounds", "round", H5T_NATIVE_UINT32)
          .size(),
      5u);
}

TEST(RacingMpi, ShardIsRefusedWithExitCode2AndNoFiles) {
  const fs::path folder = testing::scratch_folder("race_shard");
  testing::write_text_file(folder / "study.toml", raced_study(40));
  std::vector<std::string> arguments = run_arguments(folder / "study.toml", folder / "shard.h5");
  arguments.insert(arguments.end(), {"--shard", "1/2"});
  EXPECT_EQ(run_to_end(plain(arguments), folder / "log"), 2);
  EXPECT_NE(file_text(folder / "log").find("--shard cannot split a raced study"), std::string::npos)
      << file_text(folder / "log");
  EXPECT_FALSE(fs::exists(folder / "shard.h5"));
  EXPECT_FALSE(fs::exists(folder / "shard.h5.journal"));
}

}  // namespace
}  // namespace bosim
