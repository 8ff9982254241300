// `bosim run` under real mpirun: same results on any rank count, resume after kills, graceful stop, failed runs, bad
// launch.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <regex>

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

/// Expected improvement (a GP fit per iteration) and random over the quickstart dataset: `repeats` runs of each.
std::string mixed_study(int repeats) { return testing::mixed_study("mpi", 23, repeats); }

/// Strings of a variable-length string dataset (/run_messages).
std::vector<std::string> read_strings(const std::string& path, const std::string& dataset) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t data = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  const hid_t space = H5Dget_space(data);
  std::vector<char*> pointers(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);  // as stored: no conversion
  if (H5Dread(data, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0)
    throw std::runtime_error("cannot read " + dataset);
  std::vector<std::string> strings;
  for (char* text : pointers) strings.emplace_back(text ? text : "");
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, pointers.data());
  H5Tclose(type);
  H5Sclose(space);
  H5Dclose(data);
  H5Fclose(file);
  return strings;
}

/// The /runs status column ("ok"/"failed", fixed-length text).
std::vector<std::string> read_statuses(const std::string& path) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t data = H5Dopen2(file, "/runs", H5P_DEFAULT);
  const hid_t space = H5Dget_space(data);
  constexpr std::size_t width = 16;
  std::vector<char> cells(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)) * width, '\0');
  const hid_t text = H5Tcopy(H5T_C_S1);
  H5Tset_size(text, width);
  const hid_t compound = H5Tcreate(H5T_COMPOUND, width);
  H5Tinsert(compound, "status", 0, text);
  H5Dread(data, compound, H5S_ALL, H5S_ALL, H5P_DEFAULT, cells.data());
  std::vector<std::string> statuses;
  for (std::size_t row = 0; row * width < cells.size(); ++row)
    statuses.emplace_back(cells.data() + row * width, strnlen(cells.data() + row * width, width));
  H5Tclose(compound);
  H5Tclose(text);
  H5Sclose(space);
  H5Dclose(data);
  H5Fclose(file);
  return statuses;
}

/// Property 1's comparison: every dataset byte for byte, /runs without its wall_seconds column.
void expect_same_results(const fs::path& expected, const fs::path& actual) {
  testing::expect_same_datasets(expected, actual);
  EXPECT_EQ(read_strings(expected, "/run_messages"), read_strings(actual, "/run_messages")) << actual;
}

/// Polls until `path` exists (true) or `seconds` pass (false).
bool wait_for_file(const fs::path& path, double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!fs::exists(path))
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return true;
}

/// The command after "bosim: to resume: " in a log.
std::string printed_resume_command(const fs::path& log) {
  std::smatch match;
  const std::string text = file_text(log);
  return std::regex_search(text, match, std::regex("bosim: to resume: (.*)\n")) ? match[1].str() : std::string();
}

TEST(MpiRun, SameResultsOnOneTwoAndThreeRanksAndWithoutMpi) {
  const fs::path folder = testing::scratch_folder("mpi_ranks");
  testing::write_text_file(folder / "study.toml", mixed_study(40));
  ASSERT_EQ(run_to_end(plain(run_arguments(folder / "study.toml", folder / "plain.h5")), folder / "log"), 0)
      << file_text(folder / "log");
  for (int ranks : {1, 2, 3}) {
    const fs::path output = folder / ("np" + std::to_string(ranks) + ".h5");
    ASSERT_EQ(run_to_end(under_mpirun(ranks, run_arguments(folder / "study.toml", output)), folder / "log"), 0)
        << file_text(folder / "log");
    expect_same_results(folder / "plain.h5", output);
    EXPECT_FALSE(fs::exists(output.string() + ".journal"));  // deleted once the results are written
  }
}

std::uintmax_t size_or_zero(const fs::path& path) {
  std::error_code error;
  const std::uintmax_t size = fs::file_size(path, error);
  return error ? 0 : size;
}

TEST(MpiRun, ResumesAfterRepeatedKillsOfMpirunToTheUninterruptedResult) {
  const fs::path folder = testing::scratch_folder("mpi_kill");
  testing::write_text_file(folder / "study.toml", mixed_study(2500));
  ASSERT_EQ(run_to_end(under_mpirun(2, run_arguments(folder / "study.toml", folder / "reference.h5")), folder / "log"),
            0);

  const fs::path output = folder / "killed.h5";
  const fs::path journal = output.string() + ".journal";
  std::mt19937 random(2024);
  std::uniform_int_distribution<int> delay_milliseconds(0, 200);
  int kills = 0, resumes = 0;
  for (int attempt = 0; attempt < 12 && !fs::exists(output); ++attempt) {
    std::vector<std::string> arguments = run_arguments(folder / "study.toml", output);
    if (fs::exists(journal)) {  // a kill before the journal existed leaves nothing to resume
      arguments.push_back("--resume");
      ++resumes;
    }
    const std::uintmax_t journal_size = size_or_zero(journal);
    const pid_t mpirun = launch(under_mpirun(1 + attempt % 3, arguments), folder / "log");
    if (kills < 4) {
      // Kill at a random moment once this attempt has made some runs durable.
      int status = 0;
      while (size_or_zero(journal) <= journal_size && ::waitpid(mpirun, &status, WNOHANG) == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_milliseconds(random)));
      ::kill(mpirun, SIGKILL);
    }
    const int code = wait_exit(mpirun);
    wait_launch_gone(mpirun);
    if (code == 128 + SIGKILL && fs::exists(journal)) ++kills;  // not a kill that came after the results
    ASSERT_TRUE(code == 0 || code == 128 + SIGKILL) << "exit " << code << "\n" << file_text(folder / "log");
  }
  // Up to 4 kills are attempted; the last may land after the results were written (then it
  // interrupts nothing), so at least 3 of them must have interrupted the study.
  EXPECT_GE(kills, 3);
  EXPECT_EQ(resumes, kills);  // the journal exists before any run, so every kill left one
  expect_same_results(folder / "reference.h5", output);
  EXPECT_FALSE(fs::exists(journal));
}

/// Starts the study on 2 ranks and stops it with SIGTERM once the journal holds some runs; returns the log.
fs::path interrupted_run(const fs::path& folder, const fs::path& output) {
  const fs::path log = folder / "interrupted.log";
  const pid_t mpirun = launch(under_mpirun(2, run_arguments(folder / "study.toml", output)), log);
  EXPECT_TRUE(wait_for_file(output.string() + ".journal", 20.0));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const pid_t rank_zero = testing::find_rank_zero(mpirun);
  EXPECT_GT(rank_zero, 1);
  if (rank_zero > 1) ::kill(rank_zero, SIGTERM);  // what srun or Slurm's --signal deliver to the ranks
  EXPECT_EQ(wait_exit(mpirun), 75) << file_text(log);
  wait_launch_gone(mpirun);
  return log;
}

TEST(MpiRun, SignalsStopGracefullyWithExitCode75AndThePrintedCommandResumes) {
  const fs::path folder = testing::scratch_folder("mpi_sigterm");
  testing::write_text_file(folder / "study.toml", mixed_study(800));
  ASSERT_EQ(run_to_end(under_mpirun(2, run_arguments(folder / "study.toml", folder / "reference.h5")), folder / "log"),
            0);
  const fs::path output = folder / "stopped.h5";

  // 1. SIGTERM to rank 0: exit 75 on every rank, so mpirun exits 75.
  const fs::path log = interrupted_run(folder, output);
  const std::string command = printed_resume_command(log);
  ASSERT_NE(command.find("mpirun --oversubscribe -np 2 "), std::string::npos) << file_text(log);
  ASSERT_NE(command.find(" --resume"), std::string::npos) << command;
  EXPECT_FALSE(fs::exists(output));

  // 2. The printed command resumes; SIGUSR1 to mpirun (forwarded to every rank) stops it again.
  const fs::path second_log = folder / "second.log";
  const std::string journal = output.string() + ".journal";
  const auto stopped_size = fs::file_size(journal);
  const pid_t shell = launch({"/bin/sh", "-c", "exec " + command}, second_log);
  // Every rank handles signals once the journal grows again (handlers are installed before any work).
  for (int poll = 0; poll < 4000 && fs::file_size(journal) == stopped_size; ++poll)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(shell, SIGUSR1);
  EXPECT_EQ(wait_exit(shell), 75) << file_text(second_log);
  wait_launch_gone(shell);
  EXPECT_NE(file_text(second_log).find("User defined signal 1 received"), std::string::npos) << file_text(second_log);

  // 3. The printed command finishes the study: the same results as without interruption.
  ASSERT_EQ(run_to_end({"/bin/sh", "-c", printed_resume_command(second_log)}, folder / "final.log"), 0)
      << file_text(folder / "final.log");
  expect_same_results(folder / "reference.h5", output);
}

TEST(MpiRun, ResumeRefusesAChangedStudyAndRecoversATornJournalTail) {
  const fs::path folder = testing::scratch_folder("mpi_resume_checks");
  testing::write_text_file(folder / "study.toml", mixed_study(800));
  ASSERT_EQ(run_to_end(under_mpirun(2, run_arguments(folder / "study.toml", folder / "reference.h5")), folder / "log"),
            0);
  const fs::path output = folder / "out.h5";
  interrupted_run(folder, output);

  // A frame cut short by a kill mid-write: length 1000, then only 10 payload bytes.
  {
    std::ofstream journal(output.string() + ".journal", std::ios::binary | std::ios::app);
    const std::uint32_t length = 1000;
    journal.write(reinterpret_cast<const char*>(&length), sizeof length);
    journal.write("0123456789", 10);
  }
  std::vector<std::string> resume = run_arguments(folder / "study.toml", output);
  resume.push_back("--resume");
  const std::string original_study = file_text(folder / "study.toml");
  testing::write_text_file(folder / "study.toml", original_study + "# edited\n");
  EXPECT_EQ(run_to_end(under_mpirun(2, resume), folder / "changed.log"), 2);
  EXPECT_NE(file_text(folder / "changed.log").find("changed since this study started"), std::string::npos)
      << file_text(folder / "changed.log");
  EXPECT_FALSE(fs::exists(output));

  testing::write_text_file(folder / "study.toml", original_study);
  resume.pop_back();  // not --quiet: the torn tail is reported
  resume.back() = "--resume";
  ASSERT_EQ(run_to_end(under_mpirun(3, resume), folder / "resumed.log"), 0) << file_text(folder / "resumed.log");
  EXPECT_NE(file_text(folder / "resumed.log").find("dropped a torn journal tail of 14 bytes"), std::string::npos)
      << file_text(folder / "resumed.log");
  expect_same_results(folder / "reference.h5", output);

  // Without a journal, --resume is refused.
  EXPECT_EQ(run_to_end(under_mpirun(2, resume), folder / "nothing.log"), 2);
  EXPECT_NE(file_text(folder / "nothing.log").find("no journal to resume"), std::string::npos);
}

TEST(MpiRun, AFailedRunIsRecordedAndTheStudyGoesOnWithExitCode3) {
  const fs::path folder = testing::scratch_folder("mpi_failed_run");
  testing::write_text_file(folder / "study.toml", mixed_study(10));
  ::setenv("BOSIM_FAIL_TASK", "1:2,0:7", 1);  // fault injection (distribution/task.hpp)
  const int code = run_to_end(under_mpirun(3, run_arguments(folder / "study.toml", folder / "out.h5")), folder / "log");
  ::unsetenv("BOSIM_FAIL_TASK");
  ASSERT_EQ(code, 3) << file_text(folder / "log");
  const std::string output = (folder / "out.h5").string();
  const auto statuses = read_statuses(output);
  const auto messages = read_strings(output, "/run_messages");
  const auto found = testing::read_compound_member<std::uint8_t>(output, "/runs", "found", H5T_NATIVE_UINT8);
  ASSERT_EQ(statuses.size(), 20u);
  for (std::size_t row = 0; row < statuses.size(); ++row) {
    const bool injected = row == 7 || row == 10 + 2;  // rows are ordered by (config_id, repeat)
    EXPECT_EQ(statuses[row], injected ? "failed" : "ok") << row;
    EXPECT_EQ(messages[row], injected ? "fault injected by BOSIM_FAIL_TASK" : "") << row;
    EXPECT_EQ(found[row], injected ? 0 : 1) << row;  // every other run found the optimum
  }
  EXPECT_NE(file_text(folder / "log").find("2 runs failed"), std::string::npos) << file_text(folder / "log");
}

TEST(MpiRun, BadStudyIsReportedOnceWithExitCode2AndNoFiles) {
  const fs::path folder = testing::scratch_folder("mpi_bad_study");
  testing::write_text_file(folder / "study.toml", mixed_study(2) + "[[sweep]]\ndleta = [1, 2]\n");
  EXPECT_EQ(run_to_end(under_mpirun(3, run_arguments(folder / "study.toml", folder / "out.h5")), folder / "log"), 2);
  const std::string log = file_text(folder / "log");
  const auto first = log.find("error:");
  ASSERT_NE(first, std::string::npos) << log;
  EXPECT_EQ(log.find("error:", first + 1), std::string::npos) << "reported more than once:\n" << log;
  EXPECT_NE(log.find("did you mean 'delta'"), std::string::npos) << log;
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(folder)) left.push_back(entry.path().filename().string());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"log", "study.toml"}));
}

}  // namespace
}  // namespace bosim

namespace bosim {
namespace {

// Property 6: rank 0 alone reports progress — done/total, runs/s, ETA, failures — as plain lines
// in a job log (stderr is a file here, not a terminal).
TEST(MpiRun, RankZeroReportsProgressOnceInTheJobLog) {
  const fs::path folder = testing::scratch_folder("mpi_progress");
  testing::write_text_file(folder / "study.toml", mixed_study(20));
  const fs::path log = folder / "log";
  ASSERT_EQ(
      run_to_end(under_mpirun(3, {"run", (folder / "study.toml").string(), "-o", (folder / "out.h5").string()}), log),
      0)
      << file_text(log);
  const std::string text = file_text(log);
  EXPECT_EQ(text.find('\r'), std::string::npos) << text;
  const std::regex final_line(R"(40/40 runs \(100\.0%\)  [\d.]+ runs/s  ETA 0:00:00  failed 0\n)");
  const auto finals = std::distance(std::sregex_iterator(text.begin(), text.end(), final_line), std::sregex_iterator());
  EXPECT_EQ(finals, 1) << text;  // once, from rank 0, not once per rank
}

}  // namespace
}  // namespace bosim
