// External command: posix_spawnp with three pipes, a poll loop for stdin/stdout/stderr, and a timeout kill.
#include "truth/external_command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

extern char** environ;

namespace bosim {
namespace {

struct Pipe {
  int read = -1;
  int write = -1;
};

Pipe make_pipe() {
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  return {ends[0], ends[1]};
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

/// Reads what is available from fd into text; closes fd at end of file.
void drain(int& fd, std::string& text) {
  char buffer[65536];
  const ssize_t count = ::read(fd, buffer, sizeof buffer);
  if (count > 0)
    text.append(buffer, static_cast<size_t>(count));
  else if (count == 0 || (errno != EAGAIN && errno != EINTR))
    close_fd(fd);
}

}  // namespace

std::string command_line_text(const std::vector<std::string>& arguments) {
  std::string text;
  for (const std::string& argument : arguments) {
    if (!text.empty()) text += ' ';
    if (!argument.empty() && argument.find_first_of(" \t'\"\\$") == std::string::npos) {
      text += argument;
      continue;
    }
    text += '\'';
    for (char c : argument) text += c == '\'' ? std::string("'\\''") : std::string(1, c);
    text += '\'';
  }
  return text;
}

ExternalCommandResult run_external_command(const ExternalCommand& command, const std::function<void()>& idle) {
  std::signal(SIGPIPE, SIG_IGN);
  ExternalCommandResult result;
  Pipe input = make_pipe(), output = make_pipe(), error = make_pipe();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input.read, 0);
  posix_spawn_file_actions_adddup2(&actions, output.write, 1);
  posix_spawn_file_actions_adddup2(&actions, error.write, 2);
  if (!command.working_directory.empty())
    posix_spawn_file_actions_addchdir_np(&actions, command.working_directory.c_str());
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int signal : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2}) sigaddset(&defaults, signal);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  std::vector<char*> argv;
  for (const std::string& argument : command.arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawn_error = posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close_fd(input.read);
  close_fd(output.write);
  close_fd(error.write);
  if (spawn_error != 0) {
    close_fd(input.write);
    close_fd(output.read);
    close_fd(error.read);
    result.launch_error = spawn_error == ENOENT ? "not found" : std::strerror(spawn_error);
    return result;
  }
  for (int fd : {input.write, output.read, error.read}) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);

  const auto start = std::chrono::steady_clock::now();
  size_t written = 0;
  if (command.standard_input.empty()) close_fd(input.write);
  while (output.read >= 0 || error.read >= 0) {
    pollfd fds[3];
    nfds_t count = 0;
    if (input.write >= 0) fds[count++] = {input.write, POLLOUT, 0};
    if (output.read >= 0) fds[count++] = {output.read, POLLIN, 0};
    if (error.read >= 0) fds[count++] = {error.read, POLLIN, 0};
    ::poll(fds, count, 20);
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == input.write) {
        const ssize_t sent =
            ::write(input.write, command.standard_input.data() + written, command.standard_input.size() - written);
        if (sent > 0) written += static_cast<size_t>(sent);
        if ((sent < 0 && errno != EAGAIN && errno != EINTR) || written == command.standard_input.size())
          close_fd(input.write);
      } else if (fds[i].fd == output.read) {
        drain(output.read, result.standard_output);
      } else if (fds[i].fd == error.read) {
        drain(error.read, result.standard_error);
      }
    }
    if (idle) idle();
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    if (command.timeout_seconds > 0.0 && elapsed.count() > command.timeout_seconds) {
      result.timed_out = true;
      ::kill(-pid, SIGKILL);
      break;
    }
  }
  close_fd(input.write);
  close_fd(output.read);
  close_fd(error.read);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return result;
}

}  // namespace bosim
