// Command evaluation: before the runs, a command truth's program is run once over its whole pool, in chunks
// spread over the MPI ranks, and its answers are cached beside the results (docs/command-truth.md).
#pragma once

#include <string>

#include "distribution/mpi_session.hpp"
#include "distribution/study_runner.hpp"

namespace bosim {

/// The cache of a command truth's answers for the output file: OUTPUT.command-cache.csv.
std::string command_cache_path_for(const std::string& output_path);

/// Called by every rank before the study is loaded for the runs. When the study's truth is a command, rank 0
/// reads the answers from the cache if its key matches, else hands out chunks of designs to every rank
/// (itself included, while its own program runs it answers the others) and writes the cache; every rank
/// then remembers the answers (remember_command_output), so that load_study does not run the program again.
/// Returns -1 to go on, or on a worker rank the exit code to end with. On rank 0 (or without MPI) throws
/// InputError, after telling the workers to exit with code 2, for a bad study, an output that exists
/// without --force, a journal whose command key differs (--resume), or any failure of the program.
int evaluate_command_truth(const RunRequest& request, const MpiSession* mpi);

}  // namespace bosim
