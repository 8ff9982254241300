// Coordinator: rank 0's master loop — hands out chunks of tasks, gathers records, handles a graceful stop.
#pragma once

#include <chrono>
#include <vector>

#include "distribution/chunk_sizer.hpp"
#include "distribution/local_worker.hpp"
#include "distribution/mpi_session.hpp"
#include "distribution/pending_tasks.hpp"
#include "distribution/record_keeper.hpp"
#include "distribution/task.hpp"
#include "racing/race_scheduler.hpp"

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
  /// With `race` (a raced study), every record is also shown to it, and once every task handed out is done the
  /// coordinator asks it for the next round's runs, handing them to the parked workers; `race` outlives run().
  Coordinator(const LoadedStudy& loaded, PendingTasks pending, int remote_workers, RecordKeeper& keeper,
              RaceScheduler* race = nullptr);

  CoordinatorOutcome run(std::chrono::duration<double> grace);

  /// After `completed`: sends `stop` with the study's exit code to the waiting remote workers.
  void release_workers(int exit_code);

  /// Rank-seconds spent idle at round boundaries of a race: from the moment a rank found no task left in the
  /// round to the moment the next round's first task reached it (0 without racing).
  double round_boundary_idle_seconds() const { return boundary_idle_seconds_; }

 private:
  enum class WorkerState { starting, busy, waiting, ended };

  std::vector<Task> next_chunk();
  void handle(const Message& message);
  void begin_stop();
  void send_stop(int rank, int exit_code);
  bool all_remote_ended() const;
  void observe(const std::vector<RunRecord>& records);
  /// Racing: queues the next round's runs and hands them to the parked workers; false when the race is over.
  bool start_next_round();

  PendingTasks pending_;
  RecordKeeper& keeper_;
  ChunkSizer chunk_sizer_;
  std::vector<WorkerState> workers_;  ///< by rank; entry 0 unused (rank 0 computes through local_)
  bool stopping_ = false;
  std::uint64_t total_tasks_;
  RaceScheduler* race_;
  /// Racing: when each rank (0 = rank 0's compute thread) found the round's tasks all handed out.
  std::vector<std::chrono::steady_clock::time_point> idle_since_;
  double boundary_idle_seconds_ = 0.0;
  LocalWorker local_;
};

}  // namespace bosim
