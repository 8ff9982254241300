// Local worker: a thread that executes chunks of tasks handed over by the master on the same rank.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "campaign/run_record.hpp"
#include "distribution/task.hpp"

namespace bosim {

/// Rank 0's compute thread (and the only one of a run without MPI). It never calls MPI, so MPI
/// needs only MPI_THREAD_FUNNELED. The master assigns one chunk at a time and collects records as
/// they finish, so a stop loses at most the run in progress.
class LocalWorker {
 public:
  explicit LocalWorker(const LoadedStudy& loaded);
  ~LocalWorker();  ///< waits for the run in progress, then ends the thread
  LocalWorker(const LocalWorker&) = delete;
  LocalWorker& operator=(const LocalWorker&) = delete;

  /// Hands over a chunk; only when idle().
  void assign(std::vector<Task> chunk);
  /// True when no chunk is being executed (its records may still await take_finished()).
  bool idle() const;
  /// Records finished since the previous call.
  std::vector<RunRecord> take_finished();
  /// Sleeps until the current chunk is finished or `timeout` has passed (the master's pause between
  /// polls); when idle, simply sleeps `timeout`.
  void wait_until_idle(std::chrono::microseconds timeout);
  /// Abandons the rest of the chunk after the run in progress.
  void stop();

 private:
  void serve();

  const LoadedStudy& loaded_;
  mutable std::mutex mutex_;
  std::condition_variable work_arrived_;
  std::condition_variable chunk_finished_;
  std::vector<Task> chunk_;
  std::vector<RunRecord> finished_;
  bool busy_ = false;
  bool shutting_down_ = false;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace bosim
