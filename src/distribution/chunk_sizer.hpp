// Chunk sizer: how many tasks the master hands out at once (guided self-scheduling with a time cap).
#pragma once

#include <cstdint>

namespace bosim {

/// Guided self-scheduling (Polychronopoulos & Kuck 1987) with a time target:
///   chunk = clamp(remaining / (2 · ranks), 1, max(1, target_seconds / mean_task_seconds), max_tasks).
/// Early chunks are large, so messages are few (each worker spends ~target_seconds computing per
/// message); late chunks shrink to 1, so the last tasks are spread over every rank instead of
/// waiting behind one slow chunk. Until a task duration has been measured, chunks hold one task.
class ChunkSizer {
 public:
  /// `ranks` counts every computing rank (rank 0's worker thread included); `max_tasks` bounds
  /// message and journal-frame size whatever the task duration.
  explicit ChunkSizer(int ranks, double target_seconds = 0.5, std::uint64_t max_tasks = 1000);

  /// Adds measured task durations (seconds) to the running mean.
  void observe(double task_seconds, std::uint64_t tasks = 1);

  /// Size of the next chunk when `remaining` tasks are not yet handed out (0 when none are).
  std::uint64_t next(std::uint64_t remaining) const;

 private:
  int ranks_;
  double target_seconds_;
  std::uint64_t max_tasks_;
  double measured_seconds_ = 0.0;
  std::uint64_t measured_tasks_ = 0;
};

}  // namespace bosim
