// External command: runs a user's program with text on its stdin, collecting stdout and stderr, with a timeout.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace bosim {

struct ExternalCommand {
  std::vector<std::string> arguments;  ///< program first; a program without '/' is looked up in PATH
  std::string working_directory;       ///< the child's; a relative program path resolves against it
  std::string standard_input;          ///< written to the child's stdin, which is then closed
  double timeout_seconds = 0.0;        ///< 0: no limit
};

struct ExternalCommandResult {
  std::string launch_error;  ///< non-empty when the program could not be started (e.g. "not found")
  bool timed_out = false;    ///< killed (with its process group) after timeout_seconds
  int exit_status = 0;       ///< the exit code, or 128 + signal when a signal ended it
  std::string standard_output;
  std::string standard_error;

  bool succeeded() const { return launch_error.empty() && !timed_out && exit_status == 0; }
};

/// Starts the program with posix_spawnp in its own process group (so that a timeout kills what it started too),
/// feeds stdin and drains stdout and stderr without deadlock (poll), and waits for it. `idle` is called about
/// every 20 ms while the program runs (an MPI rank answers other ranks there). SIGPIPE is ignored in this
/// process, so a program that exits without reading its input does not end bosim.
ExternalCommandResult run_external_command(const ExternalCommand& command, const std::function<void()>& idle = {});

/// The command line as a shell would show it, arguments with spaces or quotes in single quotes.
std::string command_line_text(const std::vector<std::string>& arguments);

}  // namespace bosim
