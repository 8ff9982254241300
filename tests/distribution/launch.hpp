// Launching bosim (plainly or under mpirun) from tests: fork + exec in its own process group, signals, exit codes.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace bosim::testing {

inline std::string bosim_program() { return std::string(BOSIM_BINARY_DIR) + "/apps/bosim"; }

/// argv of `mpirun` running bosim on `ranks` ranks (oversubscribed: the suite runs on 2 cores, as root too).
inline std::vector<std::string> under_mpirun(int ranks, std::vector<std::string> bosim_arguments) {
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  std::vector<std::string> argv{"mpirun", "--oversubscribe", "-np", std::to_string(ranks), bosim_program()};
  argv.insert(argv.end(), bosim_arguments.begin(), bosim_arguments.end());
  return argv;
}

inline std::vector<std::string> plain(std::vector<std::string> bosim_arguments) {
  bosim_arguments.insert(bosim_arguments.begin(), bosim_program());
  return bosim_arguments;
}

inline std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Environment variable that marks every process of one launch (mpirun passes it on to its ranks,
/// which run in process groups of their own and outlive a SIGKILLed mpirun for a moment).
inline const char* launch_marker = "BOSIM_TEST_LAUNCH";

/// Starts argv with stdout and stderr appended to `log`; the launch's processes carry
/// BOSIM_TEST_LAUNCH=<pid of the launched process>.
inline pid_t launch(const std::vector<std::string>& argv, const std::filesystem::path& log) {
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::setenv(launch_marker, std::to_string(::getpid()).c_str(), 1);
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> pointers;
    for (const std::string& argument : argv) pointers.push_back(const_cast<char*>(argument.c_str()));
    pointers.push_back(nullptr);
    ::execvp(pointers[0], pointers.data());
    ::_exit(127);
  }
  return pid;
}

/// Exit code of a launched process, or 128 + signal number when a signal ended it.
inline int wait_exit(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// Pids of the live processes of a launch whose environment also holds `extra` (e.g. "OMPI_COMM_WORLD_RANK=0").
inline std::vector<pid_t> launched_processes(pid_t launched, const std::string& extra = {}) {
  const std::string marker = std::string(launch_marker) + "=" + std::to_string(launched) + '\0';
  std::vector<pid_t> pids;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string environment = file_text(entry.path() / "environ");
    environment.insert(0, 1, '\0');
    if (environment.find('\0' + marker) == std::string::npos) continue;
    if (!extra.empty() && environment.find('\0' + extra + '\0') == std::string::npos) continue;
    const std::string state = file_text(entry.path() / "stat");  // zombies are gone for our purpose
    if (state.find(") Z ") != std::string::npos) continue;
    pids.push_back(std::stoi(name));
  }
  return pids;
}

/// Waits (up to 10 s, then SIGKILLs them) until no process of a launch is left: after a SIGKILL of
/// mpirun its ranks notice the lost connection and end within about a second.
inline void wait_launch_gone(pid_t launched) {
  for (int poll = 0; poll < 1000 && !launched_processes(launched).empty(); ++poll)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  for (pid_t pid : launched_processes(launched))
    if (pid > 1) ::kill(pid, SIGKILL);
}

inline int run_to_end(const std::vector<std::string>& argv, const std::filesystem::path& log) {
  const pid_t pid = launch(argv, log);
  const int code = wait_exit(pid);
  wait_launch_gone(pid);
  return code;
}

/// Pid of MPI rank 0 of a launch, or 0 when it is not running.
inline pid_t find_rank_zero(pid_t launched) {
  const std::vector<pid_t> pids = launched_processes(launched, "OMPI_COMM_WORLD_RANK=0");
  return pids.empty() ? 0 : pids.front();
}

}  // namespace bosim::testing
