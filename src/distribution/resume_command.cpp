#include "distribution/resume_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>

namespace bosim {

namespace {

/// A process's argv from /proc/PID/cmdline (NUL-separated); empty when unreadable.
std::vector<std::string> process_arguments(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/cmdline", std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::vector<std::string> arguments;
  std::string::size_type start = 0;
  while (start < text.size()) {
    const auto end = text.find('\0', start);
    arguments.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return arguments;
}

bool is_mpi_launcher(const std::string& program) {
  const std::string name = std::filesystem::path(program).filename().string();
  return name == "mpirun" || name == "mpiexec" || name == "orterun" || name == "prterun";
}

/// The arguments of the launcher that started this process, up to the program name (see resume_command).
std::vector<std::string> launcher_arguments(const std::string& program) {
  const std::vector<std::string> parent = process_arguments(std::to_string(getppid()));
  if (!parent.empty() && is_mpi_launcher(parent.front())) {
    // The launcher's own options end where our program name appears among its arguments.
    const auto position = std::find(parent.begin() + 1, parent.end(), program);
    if (position != parent.end()) return {parent.begin(), position};
  }
  if (std::getenv("SLURM_PROCID") != nullptr && std::getenv("SLURM_STEP_ID") != nullptr) {
    // Started by srun (the tasks' parent is slurmstepd): the same MPI plugin and task count.
    std::vector<std::string> srun = {"srun"};
    if (const char* plugin = std::getenv("SLURM_MPI_TYPE"); plugin && *plugin && std::string_view(plugin) != "none")
      srun.push_back(std::string("--mpi=") + plugin);
    if (const char* tasks = std::getenv("SLURM_STEP_NUM_TASKS"); tasks && *tasks)
      srun.insert(srun.end(), {"-n", tasks});
    return srun;
  }
  if (const char* ranks = std::getenv("OMPI_COMM_WORLD_SIZE")) return {"mpirun", "-np", ranks};
  return {};
}

}  // namespace

std::string shell_quote(const std::string& argument) {
  const bool plain = !argument.empty() && std::all_of(argument.begin(), argument.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("-_./=:,+@%").find(c) != std::string::npos;
  });
  if (plain) return argument;
  std::string quoted = "'";
  for (char c : argument) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string resume_command(const std::vector<std::string>& fallback_arguments) {
  std::vector<std::string> own = process_arguments("self");
  if (own.empty()) own = fallback_arguments;
  if (std::find(own.begin(), own.end(), "--resume") == own.end()) own.push_back("--resume");

  const std::vector<std::string> launcher = launcher_arguments(own.front());
  std::string command;
  for (const std::string& argument : launcher) command += shell_quote(argument) + " ";
  for (const std::string& argument : own) command += shell_quote(argument) + " ";
  command.pop_back();
  return command;
}

}  // namespace bosim
