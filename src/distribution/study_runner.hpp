// Study runner: `bosim run` end to end — one process, or master and workers over MPI ranks — with journal and resume.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "distribution/shard.hpp"

namespace bosim {

/// Longest wait for runs in progress after a stop signal (--grace-seconds): one day. A job's grace
/// is bounded by its scheduler's kill delay (minutes), so longer is a mistake.
inline constexpr double max_grace_seconds = 86400.0;

/// "" when 0 <= seconds <= max_grace_seconds, else what is wrong (NaN and infinity are wrong).
std::string grace_seconds_problem(double seconds);

struct RunRequest {
  std::string study_path;
  std::string output_path;
  bool force = false;   ///< overwrite the output; without resume, also discard an existing journal
  bool resume = false;  ///< continue from OUTPUT.journal
  /// With resume: run again the tasks whose journaled runs failed (else they are kept as failed).
  bool retry_failed = false;
  bool quiet = false;           ///< no progress output (errors and the resume command are still printed)
  double grace_seconds = 30.0;  ///< 0 to max_grace_seconds (grace_seconds_problem)
  /// Run only this slice of the tasks (TaskList) and write a shard file (write_shard_results_file),
  /// to be combined with the others by merge_shard_files.
  std::optional<Shard> shard;
  /// bosim's arguments, for the resume command where /proc/self/cmdline cannot be read.
  std::vector<std::string> arguments;
};

/// Runs a study and returns the exit code (exit_code in common/input_error.hpp): 0, 3 when some run
/// failed, 75 when stopped by a signal (resumable). Throws InputError (exit 2) for a bad study or
/// output, found before any run and before any file is written.
///
/// Without an MPI launcher this process runs everything (a master loop plus one compute thread).
/// Under mpirun/srun, rank 0 validates, hands out tasks and writes; the other ranks compute. Every
/// rank returns the same exit code; only rank 0 prints or throws. Design: docs/distribution.md.
int run_study(const RunRequest& request);

}  // namespace bosim
