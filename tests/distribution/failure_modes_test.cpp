// `bosim run`, `merge` and `summary` when the environment fails: a full disk, an unwritable output, bad limits,
// concurrent writers, early and unusual signals, failed runs to retry, and a study still running or interrupted.
// Disk-full and read-only cases mount a small tmpfs and skip (with a message) where this process may not mount.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <fstream>
#include <regex>

#include "common/output_path.hpp"
#include "hdf5_reading.hpp"
#include "launch.hpp"
#include "same_results.hpp"
#include "study/study_file.hpp"
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

/// Expected improvement and random over the quickstart dataset: 2 × `repeats` runs.
std::string mixed_study(int repeats) { return testing::mixed_study("faults", 29, repeats); }

/// Every dataset byte for byte, /runs without its wall_seconds column.
void expect_same_results(const fs::path& expected, const fs::path& actual) {
  testing::expect_same_datasets(expected, actual);
}

/// Names of the files in `folder`, sorted.
std::vector<std::string> files_in(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

/// A tmpfs mounted at `folder` for the test's lifetime (only root, or a process with CAP_SYS_ADMIN, may mount).
class SmallDisk {
 public:
  SmallDisk(fs::path folder, const std::string& options, unsigned long flags = 0) : folder_(std::move(folder)) {
    fs::create_directories(folder_);
    mounted_ = ::mount("tmpfs", folder_.c_str(), "tmpfs", flags, options.c_str()) == 0;
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  ~SmallDisk() {
    if (mounted_) ::umount2(folder_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  /// Fills the disk with a file until only `free_bytes` are left.
  void leave_free(std::uintmax_t free_bytes) const {
    struct statvfs space {};
    ::statvfs(folder_.c_str(), &space);
    const std::uintmax_t available = static_cast<std::uintmax_t>(space.f_bavail) * space.f_frsize;
    std::ofstream filler(folder_ / "filler", std::ios::binary);
    const std::string block(4096, 'x');
    for (std::uintmax_t written = 0; written + free_bytes < available; written += block.size()) filler << block;
  }

 private:
  fs::path folder_;
  bool mounted_ = false;
};

#define SKIP_UNLESS_MOUNTED(disk)                                                                         \
  if (!(disk).mounted())                                                                                  \
  GTEST_SKIP() << "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN); the disk-full and read-only " \
                  "cases are not tested"

// ---- 1. disk full during the final write ---------------------------------------------------------

/// Runs the study with its output on a disk that has room for the journal but not for the results: exit 2
/// with the system's message, the journal left whole for --resume (which then finishes on a bigger disk), no
/// partial file.
/// ranks 0: without mpirun.
void expect_disk_full_run_is_resumable(int ranks) {
  const fs::path folder = testing::scratch_folder("disk_full_run_np" + std::to_string(ranks));
  testing::write_text_file(folder / "study.toml", mixed_study(20));
  ASSERT_EQ(run_to_end(plain(run_arguments(folder / "study.toml", folder / "reference.h5")), folder / "log"), 0);
  const SmallDisk disk(folder / "disk", "size=1m");
  SKIP_UNLESS_MOUNTED(disk);
  disk.leave_free(44 * 1024);  // the journal (29 KB) fits; the results file (31 KB) does not
  const fs::path output = folder / "disk" / "out.h5";
  std::vector<std::string> arguments = run_arguments(folder / "study.toml", output);
  std::vector<std::string> argv = ranks == 0 ? plain(arguments) : under_mpirun(ranks, arguments);
  EXPECT_EQ(run_to_end(argv, folder / "full.log"), 2) << file_text(folder / "full.log");
  const std::string log = file_text(folder / "full.log");
  EXPECT_NE(log.find("No space left on device"), std::string::npos) << log;
  EXPECT_EQ(log.find("internal error"), std::string::npos) << log;
  EXPECT_EQ(files_in(folder / "disk"), (std::vector<std::string>{"filler", "out.h5.journal"}));

  fs::remove(folder / "disk" / "filler");  // room again: --resume writes the results from the journal alone
  arguments.push_back("--resume");
  ASSERT_EQ(run_to_end(ranks == 0 ? plain(arguments) : under_mpirun(ranks, arguments), folder / "resume.log"), 0)
      << file_text(folder / "resume.log");
  expect_same_results(folder / "reference.h5", output);
  EXPECT_EQ(files_in(folder / "disk"), (std::vector<std::string>{"out.h5"}));
}

TEST(DiskFull, RunExitsTwoKeepsTheJournalAndLeavesNoPartialFile) { expect_disk_full_run_is_resumable(0); }

TEST(DiskFull, RunUnderMpirunExitsTwoOnEveryRank) { expect_disk_full_run_is_resumable(2); }

TEST(DiskFull, MergeExitsTwoAndLeavesNothing) {
  const fs::path folder = testing::scratch_folder("disk_full_merge");
  testing::write_text_file(folder / "study.toml", mixed_study(20));
  for (const char* shard : {"1/2", "2/2"}) {
    std::vector<std::string> arguments =
        run_arguments(folder / "study.toml", folder / (std::string("s") + shard[0] + ".h5"));
    arguments.insert(arguments.end(), {"--shard", shard});
    ASSERT_EQ(run_to_end(plain(arguments), folder / "log"), 0) << file_text(folder / "log");
  }
  const SmallDisk disk(folder / "disk", "size=256k");
  SKIP_UNLESS_MOUNTED(disk);
  disk.leave_free(8 * 1024);
  const fs::path output = folder / "disk" / "merged.h5";
  const std::vector<std::string> merge{"merge", (folder / "s1.h5").string(), (folder / "s2.h5").string(), "-o",
                                       output.string()};
  EXPECT_EQ(run_to_end(plain(merge), folder / "merge.log"), 2) << file_text(folder / "merge.log");
  EXPECT_NE(file_text(folder / "merge.log").find("No space left on device"), std::string::npos)
      << file_text(folder / "merge.log");
  EXPECT_EQ(files_in(folder / "disk"), (std::vector<std::string>{"filler"}));
}

// ---- 2. unwritable output ------------------------------------------------------------------------

/// `bosim run` must refuse `output` at once with exit 2 and `expected` in its message, on 1 and 2 ranks; so must
/// `bosim validate -o`.
void expect_output_refused(const fs::path& folder, const fs::path& output, const std::string& expected) {
  testing::write_text_file(folder / "study.toml", mixed_study(2000));  // minutes of work if it started
  EXPECT_EQ(
      run_to_end(plain({"validate", (folder / "study.toml").string(), "-o", output.string()}), folder / "validate.log"),
      2);
  EXPECT_NE(file_text(folder / "validate.log").find(expected), std::string::npos) << file_text(folder / "validate.log");
  for (int ranks : {0, 2}) {
    const auto arguments = run_arguments(folder / "study.toml", output);
    const fs::path log = folder / ("refused" + std::to_string(ranks) + ".log");
    const pid_t pid = launch(ranks == 0 ? plain(arguments) : under_mpirun(ranks, arguments), log);
    int status = 0;
    for (int poll = 0; poll < 3000 && ::waitpid(pid, &status, WNOHANG) == 0; ++poll)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (::waitpid(pid, &status, WNOHANG) == 0) {
      ::kill(pid, SIGKILL);
      wait_exit(pid);
      wait_launch_gone(pid);
      ADD_FAILURE() << "still running after 30 s on " << ranks << " ranks: " << file_text(log);
      continue;
    }
    wait_launch_gone(pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << ranks << " ranks: " << file_text(log);
    EXPECT_NE(file_text(log).find(expected), std::string::npos) << file_text(log);
    EXPECT_EQ(file_text(log).find("internal error"), std::string::npos) << file_text(log);
  }
}

TEST(UnwritableOutput, ProcFolderExitsTwoAtOnceOnAnyRankCount) {
  const fs::path folder = testing::scratch_folder("proc_output");
  expect_output_refused(folder, "/proc/out.h5", "cannot create files in the output's folder /proc");
}

TEST(UnwritableOutput, ReadOnlyFolderExitsTwoAtOnce) {
  const fs::path folder = testing::scratch_folder("read_only_output");
  const SmallDisk disk(folder / "disk", "size=64k", MS_RDONLY);
  SKIP_UNLESS_MOUNTED(disk);
  expect_output_refused(folder, folder / "disk" / "out.h5", "Read-only file system");
}

TEST(UnwritableOutput, NameTooLongForTheJournalExitsTwo) {
  const fs::path folder = testing::scratch_folder("long_name");
  const std::size_t limit = static_cast<std::size_t>(::pathconf(folder.c_str(), _PC_NAME_MAX));
  const std::string name = std::string(limit - 3 - 2, 'r') + ".h5";  // fits, but its .journal does not
  expect_output_refused(folder, folder / name,
                        "choose a name of at most " + std::to_string(limit - longest_derived_suffix));
  EXPECT_EQ(files_in(folder), (std::vector<std::string>{"refused0.log", "refused2.log", "study.toml", "validate.log"}));
}

// ---- 3. limits, concurrent writers, signals, --retry-failed --------------------------------------

TEST(Limits, RepeatsAboveTheRunLimitAreRefusedByValidate) {
  const fs::path folder = testing::scratch_folder("repeats_limit");
  const std::string limit = std::to_string(max_total_runs);
  for (const std::string& repeats : {std::string("4294967295"), limit}) {
    std::string text = mixed_study(1);
    text.replace(text.find("repeats = 1"), 11, "repeats = " + repeats);
    testing::write_text_file(folder / "study.toml", text);
    const fs::path log = folder / ("validate" + repeats + ".log");
    EXPECT_EQ(run_to_end(plain({"validate", (folder / "study.toml").string()}), log), 2) << file_text(log);
    const std::string expected = repeats == limit ? "2 configurations x " + limit +
                                                        " repeats = " + std::to_string(2 * max_total_runs) +
                                                        " runs, more than the " + limit
                                                  : "'repeats' must be an integer between 1 and " + limit;
    EXPECT_NE(file_text(log).find(expected), std::string::npos) << file_text(log);
    EXPECT_NE(file_text(log).find("study.toml:3:"), std::string::npos) << file_text(log);  // the repeats line
  }
}

TEST(Limits, GraceSecondsMustBeAFiniteNumberWithinADay) {
  const fs::path folder = testing::scratch_folder("grace_limit");
  testing::write_text_file(folder / "study.toml", mixed_study(1));
  for (const char* bad : {"1e10", "nan", "inf", "-1", "86401", "ten"}) {
    std::vector<std::string> arguments = run_arguments(folder / "study.toml", folder / "out.h5");
    arguments.insert(arguments.end(), {"--grace-seconds", bad});
    EXPECT_EQ(run_to_end(plain(arguments), folder / "log"), 2) << bad;
    EXPECT_FALSE(fs::exists(folder / "out.h5")) << bad;
  }
  EXPECT_NE(file_text(folder / "log").find("--grace-seconds must be a number"), std::string::npos);
  std::vector<std::string> arguments = run_arguments(folder / "study.toml", folder / "out.h5");
  arguments.insert(arguments.end(), {"--grace-seconds", "86400"});
  EXPECT_EQ(run_to_end(plain(arguments), folder / "log"), 0) << file_text(folder / "log");
}

TEST(ConcurrentWriters, TwoForcedMergesToOneOutputBothSucceed) {
  const fs::path folder = testing::scratch_folder("concurrent_merge");
  testing::write_text_file(folder / "study.toml", mixed_study(300));
  for (const char* shard : {"1/2", "2/2"}) {
    std::vector<std::string> arguments =
        run_arguments(folder / "study.toml", folder / (std::string("s") + shard[0] + ".h5"));
    arguments.insert(arguments.end(), {"--shard", shard});
    ASSERT_EQ(run_to_end(plain(arguments), folder / "log"), 0) << file_text(folder / "log");
  }
  const std::vector<std::string> merge{"merge", (folder / "s1.h5").string(),     (folder / "s2.h5").string(),
                                       "-o",    (folder / "merged.h5").string(), "--force"};
  for (int round = 0; round < 5; ++round) {
    const pid_t first = launch(plain(merge), folder / "first.log");
    const pid_t second = launch(plain(merge), folder / "second.log");
    EXPECT_EQ(wait_exit(first), 0) << file_text(folder / "first.log");
    EXPECT_EQ(wait_exit(second), 0) << file_text(folder / "second.log");
  }
  EXPECT_EQ(files_in(folder),
            (std::vector<std::string>{"first.log", "log", "merged.h5", "s1.h5", "s2.h5", "second.log", "study.toml"}));
}

/// Polls until `path` exists (true) or `seconds` pass (false).
bool wait_for_file(const fs::path& path, double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!fs::exists(path))
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return true;
}

/// Whether process `pid` blocks or catches `signal_number` (its /proc status masks): bosim's own code has started.
bool blocks_or_catches(pid_t pid, int signal_number) {
  const std::string status = file_text("/proc/" + std::to_string(pid) + "/status");
  const auto mask = [&](const std::string& name) -> unsigned long long {
    const auto at = status.find("\n" + name + ":\t");
    return at == std::string::npos ? 0 : std::stoull(status.substr(at + name.size() + 3, 16), nullptr, 16);
  };
  const unsigned long long bit = 1ULL << (signal_number - 1);
  return ((mask("SigBlk") | mask("SigCgt")) & bit) != 0;
}

/// Waits (up to 30 s) until every process of a launch whose environment holds `extra` (count of them) has
/// blocked or caught `signal_number`.
bool wait_until_signal_held(pid_t launched, const std::string& extra, std::size_t count, int signal_number) {
  for (int poll = 0; poll < 300000; ++poll) {
    const std::vector<pid_t> pids = testing::launched_processes(launched, extra);
    std::size_t holding = 0;
    for (pid_t pid : pids) holding += blocks_or_catches(pid, signal_number) ? 1 : 0;
    if (holding >= count) return true;
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  return false;
}

// A stop signal that arrives as soon as bosim's code runs — before `run` has parsed its command line, installed its
// handlers or started MPI — is held (blocked from a constructor before main) and then stops the study gracefully.
// What happens before that (the dynamic loader, or mpirun before it starts the ranks) is out of bosim's reach.
TEST(Signals, AStopSignalDuringStartUpStopsGracefully) {
  const fs::path folder = testing::scratch_folder("early_signals");
  testing::write_text_file(folder / "study.toml", mixed_study(2000));
  for (int ranks : {0, 2}) {
    const fs::path output = folder / ("out" + std::to_string(ranks) + ".h5");
    const fs::path log = folder / ("early" + std::to_string(ranks) + ".log");
    const auto arguments = run_arguments(folder / "study.toml", output);
    const pid_t pid = launch(ranks == 0 ? plain(arguments) : under_mpirun(ranks, arguments), log);
    const int signal_number = ranks == 0 ? SIGTERM : SIGUSR1;  // SIGUSR1: mpirun forwards it to every rank
    const bool held = ranks == 0 ? wait_until_signal_held(pid, "", 1, signal_number)
                                 : wait_until_signal_held(pid, "OMPI_COMM_WORLD_SIZE=2", 2, signal_number);
    EXPECT_TRUE(held) << file_text(log);
    ::kill(pid, signal_number);
    const int code = wait_exit(pid);
    wait_launch_gone(pid);
    EXPECT_EQ(code, 75) << ranks << " ranks:\n" << file_text(log);
    EXPECT_NE(file_text(log).find("bosim: to resume: "), std::string::npos) << file_text(log);
    EXPECT_FALSE(fs::exists(output));
  }
}

TEST(Signals, HangupStopsGracefullyAndAClosedStderrDoesNotEndTheRun) {
  const fs::path folder = testing::scratch_folder("hangup");
  testing::write_text_file(folder / "study.toml", mixed_study(100));
  ASSERT_EQ(run_to_end(plain(run_arguments(folder / "study.toml", folder / "reference.h5")), folder / "log"), 0);

  // SIGHUP (a closed terminal or ssh session): exit 75 with the resume command, journal kept.
  const fs::path output = folder / "out.h5";
  const pid_t pid = launch(plain(run_arguments(folder / "study.toml", output)), folder / "hup.log");
  ASSERT_TRUE(wait_for_file(output.string() + ".journal", 20.0));
  ::kill(pid, SIGHUP);
  EXPECT_EQ(wait_exit(pid), 75) << file_text(folder / "hup.log");
  EXPECT_NE(file_text(folder / "hup.log").find("bosim: to resume: "), std::string::npos)
      << file_text(folder / "hup.log");

  // Resumed with stderr a pipe whose reader is gone: progress writes fail (EPIPE) but the run goes on.
  int pipe_ends[2];
  ASSERT_EQ(::pipe(pipe_ends), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(pipe_ends[0]);
    ::dup2(pipe_ends[1], 2);
    std::vector<std::string> argv = plain({"run", (folder / "study.toml").string(), "-o", output.string(), "--resume"});
    std::vector<char*> pointers;
    for (std::string& argument : argv) pointers.push_back(argument.data());
    pointers.push_back(nullptr);
    ::execv(pointers[0], pointers.data());
    ::_exit(127);
  }
  ::close(pipe_ends[1]);
  ::close(pipe_ends[0]);  // nobody reads stderr any more
  EXPECT_EQ(wait_exit(child), 0);
  expect_same_results(folder / "reference.h5", output);
}

/// `bosim summary`'s count line: "N runs, F failed".
std::string summary_counts(const std::string& text) {
  std::smatch match;
  return std::regex_search(text, match, std::regex(R"(\n(\d+ runs, \d+ failed)\n)")) ? match[1].str() : "";
}

// ---- 3 and 4: --retry-failed, and summary of a journal -------------------------------------------

TEST(RetryFailed, ResumeRecomputesFailedRunsAndSummaryReadsTheJournal) {
  const fs::path folder = testing::scratch_folder("retry_failed");
  testing::write_text_file(folder / "study.toml", mixed_study(400));
  ASSERT_EQ(run_to_end(plain(run_arguments(folder / "study.toml", folder / "reference.h5")), folder / "log"), 0);

  // Runs 0:0 and 0:1 fail (fault injection, distribution/task.hpp); SIGTERM once the journal holds them.
  const fs::path output = folder / "out.h5";
  const std::string journal = output.string() + ".journal";
  ::setenv("BOSIM_FAIL_TASK", "0:0,0:1", 1);
  const pid_t pid = launch(plain(run_arguments(folder / "study.toml", output)), folder / "first.log");
  ::unsetenv("BOSIM_FAIL_TASK");
  ASSERT_TRUE(wait_for_file(journal, 20.0));
  while (fs::file_size(journal) < 20000 && ::waitpid(pid, nullptr, WNOHANG) == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ::kill(pid, SIGTERM);
  ASSERT_EQ(wait_exit(pid), 75) << file_text(folder / "first.log");

  // 4. summary of the missing results file points to the journal; summary of the journal shows the runs so far.
  EXPECT_EQ(run_to_end(plain({"summary", output.string()}), folder / "missing.log"), 2);
  EXPECT_NE(file_text(folder / "missing.log").find("its study's journal exists"), std::string::npos)
      << file_text(folder / "missing.log");
  EXPECT_EQ(run_to_end(plain({"summary", journal}), folder / "partial.log"), 3) << file_text(folder / "partial.log");
  const std::string partial = file_text(folder / "partial.log");
  std::smatch done;
  ASSERT_TRUE(std::regex_search(partial, done, std::regex("partial results from .*out.h5.journal: (\\d+) of 800 runs")))
      << partial;
  EXPECT_EQ(summary_counts(partial), done[1].str() + " runs, 2 failed") << partial;
  EXPECT_NE(partial.find("failed: config 0 repeat 1: fault injected by BOSIM_FAIL_TASK"), std::string::npos);
  EXPECT_TRUE(fs::exists(journal));

  // 3. --retry-failed needs --resume; with it, the failed runs are computed again: the reference results.
  EXPECT_EQ(run_to_end(plain({"run", (folder / "study.toml").string(), "-o", output.string(), "--retry-failed"}),
                       folder / "needs.log"),
            2);
  std::vector<std::string> resume = run_arguments(folder / "study.toml", output);
  resume.insert(resume.end(), {"--resume", "--retry-failed"});
  ASSERT_EQ(run_to_end(plain(resume), folder / "retry.log"), 0) << file_text(folder / "retry.log");
  expect_same_results(folder / "reference.h5", output);
  EXPECT_EQ(run_to_end(plain({"summary", output.string()}), folder / "final.log"), 0);
  EXPECT_EQ(summary_counts(file_text(folder / "final.log")), "800 runs, 0 failed");
}

}  // namespace
}  // namespace bosim
