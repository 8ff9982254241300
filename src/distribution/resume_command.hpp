// Resume command: the exact command line that continues an interrupted study, launcher included.
#pragma once

#include <string>
#include <vector>

namespace bosim {

/// The command that resumes this process's study: its own arguments (from /proc/self/cmdline)
/// with --resume added, prefixed by the launcher's arguments when Open MPI's mpirun/mpiexec is the
/// parent process (so `mpirun -np 4 --oversubscribe bosim run …` comes back whole), by
/// `srun --mpi=PLUGIN -n TASKS` in a Slurm step (from SLURM_MPI_TYPE and SLURM_STEP_NUM_TASKS), or
/// else by `mpirun -np N` under Open MPI. `fallback_arguments` (bosim's own arguments) serve where
/// /proc is unavailable.
std::string resume_command(const std::vector<std::string>& fallback_arguments);

/// Quotes an argument for a POSIX shell when it needs it ('…' with ' escaped).
std::string shell_quote(const std::string& argument);

}  // namespace bosim
