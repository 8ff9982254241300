// resume_command: the printed command that continues a study names the launcher that started it.
#include "distribution/resume_command.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <string>

namespace bosim {
namespace {

/// Sets (or unsets, with nullopt) environment variables for one test and restores them afterwards.
class EnvironmentOverride {
 public:
  explicit EnvironmentOverride(const std::map<std::string, std::optional<std::string>>& values) {
    for (const auto& [name, value] : values) {
      const char* before = std::getenv(name.c_str());
      saved_[name] = before ? std::optional<std::string>(before) : std::nullopt;
      apply(name, value);
    }
  }
  ~EnvironmentOverride() {
    for (const auto& [name, value] : saved_) apply(name, value);
  }
  EnvironmentOverride(const EnvironmentOverride&) = delete;
  EnvironmentOverride& operator=(const EnvironmentOverride&) = delete;

 private:
  static void apply(const std::string& name, const std::optional<std::string>& value) {
    if (value)
      ::setenv(name.c_str(), value->c_str(), 1);
    else
      ::unsetenv(name.c_str());
  }
  std::map<std::string, std::optional<std::string>> saved_;
};

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

TEST(ResumeCommand, InASlurmStepRepeatsSrunWithItsMpiPluginAndTaskCount) {
  const EnvironmentOverride environment({{"SLURM_PROCID", "0"},
                                         {"SLURM_STEP_ID", "3"},
                                         {"SLURM_MPI_TYPE", "pmix"},
                                         {"SLURM_STEP_NUM_TASKS", "4"},
                                         {"OMPI_COMM_WORLD_SIZE", "4"}});
  const std::string command = resume_command({"bosim", "run", "study.toml", "-o", "out.h5"});
  EXPECT_TRUE(starts_with(command, "srun --mpi=pmix -n 4 ")) << command;
  EXPECT_EQ(command.substr(command.size() - 9), " --resume") << command;
}

TEST(ResumeCommand, LeavesOutAnMpiPluginOfNone) {
  const EnvironmentOverride environment({{"SLURM_PROCID", "0"},
                                         {"SLURM_STEP_ID", "0"},
                                         {"SLURM_MPI_TYPE", "none"},
                                         {"SLURM_STEP_NUM_TASKS", "1"},
                                         {"OMPI_COMM_WORLD_SIZE", std::nullopt}});
  EXPECT_TRUE(starts_with(resume_command({"bosim"}), "srun -n 1 ")) << resume_command({"bosim"});
}

TEST(ResumeCommand, OutsideSlurmUnderOpenMpiNamesMpirunWithTheRankCount) {
  const EnvironmentOverride environment(
      {{"SLURM_PROCID", std::nullopt}, {"SLURM_STEP_ID", std::nullopt}, {"OMPI_COMM_WORLD_SIZE", "3"}});
  EXPECT_TRUE(starts_with(resume_command({"bosim"}), "mpirun -np 3 ")) << resume_command({"bosim"});
}

TEST(ResumeCommand, QuotesArgumentsForTheShell) {
  EXPECT_EQ(shell_quote("results/run-1.h5"), "results/run-1.h5");
  EXPECT_EQ(shell_quote("my study.toml"), "'my study.toml'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(""), "''");
}

}  // namespace
}  // namespace bosim
