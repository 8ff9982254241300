// `bosim submit --dry-run` (rendered Slurm and PBS scripts, argument checks) and `bosim validate --estimate`,
// through the real binary.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>

#include "distribution/launch.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string output;  ///< stdout and stderr together
};

/// Runs a shell command line and collects its output and exit code.
Outcome run_shell(const std::string& command) {
  Outcome outcome;
  std::FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) outcome.output += buffer;
  const int status = ::pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

class ClusterCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = testing::scratch_folder("commands");
    study_ = folder_ / "study.toml";
    testing::write_text_file(study_, std::string("name = \"cli\"\nseed = 3\nrepeats = 4\n[truth]\npath = \"") +
                                         BOSIM_SOURCE_DIR +
                                         "/studies/data/quickstart.csv\"\nreplicates = \"sample\"\n[campaign]\n"
                                         "n_init = 6\ndelta = 30\n[[sweep]]\nacquisition = [\"ei\", \"random\"]\n");
  }

  Outcome bosim(const std::string& arguments) const { return run_shell(testing::bosim_program() + " " + arguments); }

  std::string submit(const std::string& options) const {
    return study_.string() + " --ntasks 4 -o " + (folder_ / "out.h5").string() + " " + options;
  }

  fs::path folder_;
  fs::path study_;
};

TEST_F(ClusterCommands, DryRunRendersAValidSlurmScript) {
  // A 2-hour limit: the stop lead is its tenth, capped at 10 minutes; bosim gets half of it for runs in progress.
  const Outcome slurm = bosim(
      "submit " + submit("--scheduler slurm --time 02:00:00 --partition short --account lab --array 3 --dry-run"));
  ASSERT_EQ(slurm.exit_code, 0) << slurm.output;
  for (const char* line : {"#SBATCH --ntasks=4\n", "#SBATCH --time=02:00:00\n", "#SBATCH --signal=B:USR1@600\n",
                           "#SBATCH --partition=short\n", "#SBATCH --account=lab\n", "#SBATCH --array=1-3\n",
                           "shard_count=3 ", "launcher=(srun --mpi=pmix)\n", "--grace-seconds 300 &\n"})
    EXPECT_NE(slurm.output.find(line), std::string::npos) << line << " missing from\n" << slurm.output;
  EXPECT_EQ(slurm.output.find("{{"), std::string::npos);  // every placeholder filled
  EXPECT_FALSE(fs::exists(folder_ / "out.slurm.sh"));     // a dry run writes nothing

  testing::write_text_file(folder_ / "rendered.sh", slurm.output.substr(0, slurm.output.find("bosim: dry run")));
  EXPECT_EQ(run_shell("bash -n " + (folder_ / "rendered.sh").string()).exit_code, 0);
}

TEST_F(ClusterCommands, DryRunRendersAValidPbsScript) {
  const Outcome pbs = bosim("submit " + submit("--scheduler pbs --time 00:10:00 --dry-run"));
  ASSERT_EQ(pbs.exit_code, 0) << pbs.output;
  // A 10-minute limit: the stop lead is its tenth but at least a minute.
  for (const char* line : {"#PBS -l walltime=00:10:00\n", "#PBS -l select=4:ncpus=1:mpiprocs=1\n",
                           "walltime_seconds=600\n", "stop_lead=60\n", "launcher=(mpirun)\n"})
    EXPECT_NE(pbs.output.find(line), std::string::npos) << line << " missing from\n" << pbs.output;
  testing::write_text_file(folder_ / "rendered.sh", pbs.output.substr(0, pbs.output.find("bosim: dry run")));
  EXPECT_EQ(run_shell("bash -n " + (folder_ / "rendered.sh").string()).exit_code, 0);
}

TEST_F(ClusterCommands, SubmitRefusesBadArgumentsAndStudies) {
  const auto expect_refused = [&](const std::string& arguments, const std::string& named) {
    const Outcome outcome = bosim("submit " + arguments);
    EXPECT_EQ(outcome.exit_code, 2) << arguments << "\n" << outcome.output;
    EXPECT_NE(outcome.output.find(named), std::string::npos) << arguments << "\n" << outcome.output;
  };
  expect_refused(submit("--scheduler slurm --time 2:00 --dry-run"), "--time");
  expect_refused(submit("--scheduler slurm --time 00:61:00 --dry-run"), "--time");
  expect_refused(submit("--scheduler slurm --time 00:00:30 --dry-run"), "--time");
  expect_refused(submit("--scheduler lsf --time 01:00:00 --dry-run"), "--scheduler");
  expect_refused(study_.string() + " --ntasks 0 --scheduler slurm --time 01:00:00 --dry-run", "--ntasks");
  testing::write_text_file(folder_ / "broken.toml", "name = \"broken\"\nrepeats = \"many\"\n");
  expect_refused((folder_ / "broken.toml").string() + " --ntasks 2 --scheduler slurm --time 01:00:00", "repeats");
  testing::write_text_file(folder_ / "out.h5", "");
  expect_refused(submit("--scheduler slurm --time 01:00:00"), "exists already");
  EXPECT_FALSE(fs::exists(folder_ / "out.slurm.sh"));
}

TEST_F(ClusterCommands, EstimateTimesSampleRunsAndPredicts) {
  const Outcome estimate = bosim("validate " + study_.string() + " --estimate --tasks 4 --estimate-seconds 2");
  ASSERT_EQ(estimate.exit_code, 0) << estimate.output;
  // Two kinds (ei, random), one configuration each: 4 repeats, all timed within the budget.
  EXPECT_TRUE(std::regex_search(estimate.output, std::regex(R"(\nei +1 +4 +4 )"))) << estimate.output;
  EXPECT_TRUE(std::regex_search(estimate.output, std::regex(R"(\nrandom +1 +4 +4 )"))) << estimate.output;
  EXPECT_NE(estimate.output.find("total      8 runs"), std::string::npos) << estimate.output;
  EXPECT_NE(estimate.output.find("on 4 tasks"), std::string::npos) << estimate.output;
  std::smatch suggested;
  ASSERT_TRUE(std::regex_search(estimate.output, suggested, std::regex(R"(--time (\d\d):(\d\d):(\d\d))")));
  // Eight runs of milliseconds: 1.25 x (a fraction of a second) + 1 min start-up, plus the minimum 1 min stop
  // lead, is just over 2 minutes, rounded up to whole minutes.
  EXPECT_EQ(suggested.str(0), "--time 00:03:00");
}

}  // namespace
}  // namespace bosim
