// The command line refuses inputs that would silently mix up data: duplicate or missing CSV headers, an
// output that is one of the run's inputs or has no name, a resume into another study's results or shard.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "hdf5_reading.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;

/// Runs bosim in `folder` with `arguments`, stdout and stderr to `log`; returns the exit code. `shell_setup`
/// runs first in the same shell (e.g. a ulimit that bosim inherits).
int bosim_in(const fs::path& folder, const std::string& arguments, const fs::path& log,
             const std::string& shell_setup = "") {
  const std::string command = "cd '" + folder.string() + "' && " + shell_setup + std::string(BOSIM_BINARY_DIR) +
                              "/apps/bosim " + arguments + " > '" + log.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string text_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A dataset study over data.csv in the same folder (objective y, to maximize).
std::string dataset_study(int seed = 5, int repeats = 3) {
  return "seed = " + std::to_string(seed) + "\nrepeats = " + std::to_string(repeats) +
         "\n[truth]\nkind = \"dataset\"\npath = \"data.csv\"\nobjective = \"y\"\ngoal = \"maximize\"\n"
         "[campaign]\nn_init = 3\n[[sweep]]\nacquisition = [\"random\", \"ei\"]\n";
}

/// A 5 × 5 grid dataset with one clear maximum.
std::string grid_csv(const std::string& header = "x1,x2,y") {
  std::string text = header + "\n";
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j)
      text += std::to_string(i) + "," + std::to_string(j) + "," +
              std::to_string(-(i - 2) * (i - 2) - (j - 3) * (j - 3)) + "\n";
  return text;
}

TEST(InputSafety, DuplicateCsvColumnNamesExitTwoNamingThem) {
  const fs::path folder = testing::scratch_folder("duplicate_columns");
  testing::write_text_file(folder / "study.toml", dataset_study());
  for (const auto& [header, column] : {std::pair<std::string, int>{"x1,x1,y", 2}, {"x1,y,y", 3}}) {
    testing::write_text_file(folder / "data.csv", grid_csv(header));
    EXPECT_EQ(bosim_in(folder, "run study.toml -o out.h5", folder / "run.log"), 2) << header;
    const std::string log = text_of(folder / "run.log");
    EXPECT_NE(log.find("data.csv:1:" + std::to_string(column) + ": error: duplicate column name"), std::string::npos)
        << log;
    EXPECT_FALSE(fs::exists(folder / "out.h5"));
    EXPECT_FALSE(fs::exists(folder / "out.h5.journal"));
    EXPECT_EQ(bosim_in(folder, "validate study.toml", folder / "validate.log"), 2) << header;
  }
}

TEST(InputSafety, CsvWithoutAHeaderRowExitsTwoSuggestingTheFix) {
  const fs::path folder = testing::scratch_folder("headerless");
  testing::write_text_file(folder / "study.toml", dataset_study());
  std::string rows = grid_csv();
  rows.erase(0, rows.find('\n') + 1);  // the grid without its header: the first row is 0,0,-13
  testing::write_text_file(folder / "data.csv", rows);
  EXPECT_EQ(bosim_in(folder, "validate study.toml", folder / "validate.log"), 2);
  const std::string log = text_of(folder / "validate.log");
  EXPECT_NE(log.find("data.csv:1: error: the first row holds only numbers, so this CSV has no header row"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("add a first line naming the columns (e.g. \"x1,x2,y\")"), std::string::npos) << log;
}

TEST(InputSafety, RunRefusesToOverwriteItsOwnInputsEvenWithForce) {
  const fs::path folder = testing::scratch_folder("own_inputs");
  testing::write_text_file(folder / "study.toml", dataset_study());
  testing::write_text_file(folder / "data.csv", grid_csv());
  for (const std::string output : {"data.csv", "study.toml", "./data.csv"}) {
    EXPECT_EQ(bosim_in(folder, "run study.toml -o " + output + " --force", folder / "run.log"), 2) << output;
    const std::string log = text_of(folder / "run.log");
    EXPECT_NE(log.find("the output is an input of this command"), std::string::npos) << log;
    EXPECT_FALSE(fs::exists(folder / (output + ".journal"))) << output;
  }
  EXPECT_EQ(text_of(folder / "data.csv"), grid_csv());
  EXPECT_EQ(text_of(folder / "study.toml"), dataset_study());
  EXPECT_EQ(bosim_in(folder, "sample-truth study.toml -n 10 -o study.toml --force", folder / "sample.log"), 2)
      << text_of(folder / "sample.log");
}

TEST(InputSafety, AnEmptyOutputNameExitsTwoBeforeAnyWork) {
  const fs::path folder = testing::scratch_folder("empty_output");
  testing::write_text_file(folder / "study.toml", dataset_study(5, 200));
  testing::write_text_file(folder / "data.csv", grid_csv());
  for (const std::string extra : {"", " --resume", " --force"}) {
    EXPECT_EQ(bosim_in(folder, "run study.toml -o ''" + extra, folder / "run.log"), 2) << extra;
    EXPECT_NE(text_of(folder / "run.log").find("the output file name is empty"), std::string::npos)
        << text_of(folder / "run.log");
  }
  EXPECT_FALSE(fs::exists(folder / ".journal"));
  EXPECT_EQ(bosim_in(folder, "merge a.h5 b.h5 -o ''", folder / "merge.log"), 2);
  EXPECT_NE(text_of(folder / "merge.log").find("the output file name is empty"), std::string::npos)
      << text_of(folder / "merge.log");
}

/// Largest file bosim may write in leave_a_complete_journal, in KiB (bash's `ulimit -f` unit): the journal of
/// these few runs (under 2 KiB) fits, the results file (about 25 KiB, /truth and /configs alone over 8) does not.
constexpr int file_size_limit_kib = 8;

/// Runs the study of `folder` to OUTPUT under a file size limit (RLIMIT_FSIZE, with SIGXFSZ ignored so that
/// the write fails with EFBIG instead of killing bosim), so that writing the results fails after every run is
/// journalled: the state a kill between the results and the journal's deletion leaves, except that the
/// results file is missing. Needs no privileges.
void leave_a_complete_journal(const fs::path& folder, const std::string& output, const std::string& extra = "") {
  const std::string limit = "trap '' XFSZ; ulimit -f " + std::to_string(file_size_limit_kib) + "; ";
  EXPECT_EQ(bosim_in(folder, "run study.toml -q -o " + output + extra, folder / "failing.log", limit), 2)
      << text_of(folder / "failing.log");
  EXPECT_NE(text_of(folder / "failing.log").find("File too large"), std::string::npos)
      << text_of(folder / "failing.log");
  EXPECT_FALSE(fs::exists(folder / output));
  ASSERT_TRUE(fs::exists(folder / (output + ".journal"))) << text_of(folder / "failing.log");
}

TEST(InputSafety, ResumeDecidesAlreadyWrittenFromTheFilesStudyNotItsModificationTime) {
  const fs::path folder = testing::scratch_folder("resume_written");
  testing::write_text_file(folder / "data.csv", grid_csv());
  testing::write_text_file(folder / "study.toml", dataset_study(7));
  ASSERT_EQ(bosim_in(folder, "run study.toml -q -o other_seed.h5", folder / "a.log"), 0) << text_of(folder / "a.log");
  testing::write_text_file(folder / "study.toml", dataset_study(5));
  ASSERT_EQ(bosim_in(folder, "run study.toml -q -o reference.h5", folder / "b.log"), 0) << text_of(folder / "b.log");

  // A stale results file of another study, newer than the complete journal: not this study's results.
  leave_a_complete_journal(folder, "out.h5");
  fs::copy_file(folder / "other_seed.h5", folder / "out.h5");
  fs::last_write_time(folder / "out.h5", fs::last_write_time(folder / "out.h5.journal") + std::chrono::hours(1));
  EXPECT_EQ(bosim_in(folder, "run study.toml -o out.h5 --resume", folder / "stale.log"), 2);
  EXPECT_NE(text_of(folder / "stale.log").find("output file exists"), std::string::npos)
      << text_of(folder / "stale.log");
  EXPECT_TRUE(fs::exists(folder / "out.h5.journal"));  // the journal is kept
  ASSERT_EQ(bosim_in(folder, "run study.toml -o out.h5 --resume --force", folder / "forced.log"), 0)
      << text_of(folder / "forced.log");
  EXPECT_FALSE(fs::exists(folder / "out.h5.journal"));
  EXPECT_EQ(testing::read_compound_bytes_without(folder / "reference.h5", "/runs", {"wall_seconds"}),
            testing::read_compound_bytes_without(folder / "out.h5", "/runs", {"wall_seconds"}));

  // This study's results, older than the journal: written before the kill, so only the journal is left to delete.
  leave_a_complete_journal(folder, "again.h5");
  fs::copy_file(folder / "reference.h5", folder / "again.h5");
  fs::last_write_time(folder / "again.h5", fs::last_write_time(folder / "again.h5.journal") - std::chrono::hours(1));
  EXPECT_EQ(bosim_in(folder, "run study.toml -o again.h5 --resume", folder / "written.log"), 0)
      << text_of(folder / "written.log");
  EXPECT_NE(text_of(folder / "written.log").find("already holds every run"), std::string::npos)
      << text_of(folder / "written.log");
  EXPECT_FALSE(fs::exists(folder / "again.h5.journal"));
}

TEST(InputSafety, ResumingOneShardsJournalAsAnotherShardIsRefused) {
  const fs::path folder = testing::scratch_folder("resume_shard");
  testing::write_text_file(folder / "data.csv", grid_csv());
  testing::write_text_file(folder / "study.toml", dataset_study(5, 4));  // 8 runs: 4 per shard
  leave_a_complete_journal(folder, "shard.h5", " --shard 1/2");
  const std::uintmax_t journal_size = fs::file_size(folder / "shard.h5.journal");
  EXPECT_EQ(bosim_in(folder, "run study.toml -o shard.h5 --shard 2/2 --resume", folder / "other.log"), 2);
  const std::string log = text_of(folder / "other.log");
  EXPECT_NE(log.find("the journal was written for --shard 1/2, this run is for --shard 2/2"), std::string::npos) << log;
  EXPECT_EQ(fs::file_size(folder / "shard.h5.journal"), journal_size);
  EXPECT_EQ(bosim_in(folder, "run study.toml -o shard.h5 --resume", folder / "whole.log"), 2);
  EXPECT_EQ(bosim_in(folder, "run study.toml -o shard.h5 --shard 1/2 --resume", folder / "same.log"), 0)
      << text_of(folder / "same.log");
  EXPECT_TRUE(fs::exists(folder / "shard.h5"));
}

}  // namespace
}  // namespace bosim
