// Coordinator: rank 0's master loop — hands out chunks of tasks, gathers records, handles a graceful stop.
#pragma once

#include <chrono>
#include <deque>
#include <vector>

#include "distribution/chunk_sizer.hpp"
#include "distribution/local_worker.hpp"
#include "distribution/mpi_session.hpp"
#include "distribution/record_keeper.hpp"
#include "distribution/task.hpp"

namespace bosim {

enum class CoordinatorOutcome {
  completed,    ///< every task done; remote workers wait for release_workers()
  interrupted,  ///< stopped by a signal; every worker has ended, their finished runs are kept
  abandoned,    ///< stopped, but some worker was still inside a run when the grace period ended
};

/// Runs on rank 0's main thread (the only thread that calls MPI), with a LocalWorker thread computing
/// beside it. Remote workers (ranks 1..remote_workers; 0 without MPI) send a `request` carrying
/// their finished records and get a `work` chunk back, sized by ChunkSizer. Between polls the loop
/// sleeps 1 ms, so N ranks keep N cores busy rather than N + 1.
///
/// On SIGTERM/SIGINT/SIGUSR1 it stops handing out work, makes the journal durable, sends `stop` to
/// every worker (a busy worker finishes its current run, returns its records as `final_records` and
/// exits) and waits for them up to the grace period; a second signal ends the wait at once.
class Coordinator {
 public:
  Coordinator(const LoadedStudy& loaded, std::deque<Task> pending, int remote_workers, RecordKeeper& keeper);

  CoordinatorOutcome run(std::chrono::duration<double> grace);

  /// After `completed`: sends `stop` with the study's exit code to the waiting remote workers.
  void release_workers(int exit_code);

 private:
  enum class WorkerState { starting, busy, waiting, ended };

  std::vector<Task> next_chunk();
  void handle(const Message& message);
  void begin_stop();
  void send_stop(int rank, int exit_code);
  bool all_remote_ended() const;

  std::deque<Task> pending_;
  RecordKeeper& keeper_;
  ChunkSizer chunk_sizer_;
  std::vector<WorkerState> workers_;  ///< by rank; entry 0 unused (rank 0 computes through local_)
  bool stopping_ = false;
  std::uint64_t total_tasks_;
  LocalWorker local_;
};

}  // namespace bosim
