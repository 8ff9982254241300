// Command evaluation: before the runs, a command truth's program is run once over its whole pool, in chunks
// spread over the MPI ranks, and its answers are cached beside the results (docs/command-truth.md).
#pragma once

#include <string>

#include "distribution/mpi_session.hpp"
#include "distribution/study_runner.hpp"
#include "study/study.hpp"

namespace bosim {

/// The output file `bosim submit` writes when given no --output: NAME.h5 in the working folder.
std::string default_output_path(const Study& study);

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

/// Where the commands other than `run` take a command truth's answers from, when the cache beside their output
/// does not hold answers for the current key.
enum class UncachedCommand {
  run_and_cache,  ///< run the program here (progress on stderr) and write the cache, so that `run` reuses it
  run,            ///< run the program here, write nothing
  placeholder,    ///< do not run it: zeros stand in, so that every check of the study runs but no value is known
};

/// What prepare_command_answers found.
struct CommandAnswersSource {
  bool command_truth = false;  ///< false: the study's truth is not a command (nothing was done)
  bool from_cache = false;
  bool placeholder = false;  ///< the values are zeros standing in for answers not computed
  std::string cache_path;
};

/// Called before load_study by `validate`, `sample-truth`, `submit` and `summary` of a journal (an empty
/// output_path stands for default_output_path). When the study's
/// truth is a command, its answers are taken from OUTPUT.command-cache.csv if its key matches, else as `uncached`
/// says; they are remembered (remember_command_output) so that load_study does not run the program. Throws
/// InputError for a bad study or a failing program, exactly as load_study would.
CommandAnswersSource prepare_command_answers(const std::string& study_path, const std::string& output_path,
                                             UncachedCommand uncached, bool quiet);

}  // namespace bosim
