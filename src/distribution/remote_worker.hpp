// Remote worker: the loop of ranks 1..N-1 — ask rank 0 for tasks, run them, send the records back.
#pragma once

#include "study/study.hpp"

namespace bosim {

/// Serves rank 0 until it sends `stop`, and returns the exit code inside it. Each message to rank 0
/// carries the records of the previous chunk together with the request for the next one. Between
/// runs it looks for a `stop` (graceful stop): then it returns the records finished so far as
/// `final_records` and ends. Signals received here are ignored on purpose: mpirun and Slurm signal
/// every rank, and rank 0 alone decides when the workers end (docs/distribution.md).
int serve_as_worker(const LoadedStudy& loaded);

}  // namespace bosim
