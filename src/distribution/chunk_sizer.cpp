#include "distribution/chunk_sizer.hpp"

#include <algorithm>
#include <cmath>

namespace bosim {

ChunkSizer::ChunkSizer(int ranks, double target_seconds, std::uint64_t max_tasks)
    : ranks_(std::max(ranks, 1)), target_seconds_(target_seconds), max_tasks_(std::max<std::uint64_t>(max_tasks, 1)) {}

void ChunkSizer::observe(double task_seconds, std::uint64_t tasks) {
  measured_seconds_ += task_seconds;
  measured_tasks_ += tasks;
}

std::uint64_t ChunkSizer::next(std::uint64_t remaining) const {
  if (remaining == 0) return 0;
  if (measured_tasks_ == 0) return 1;  // calibrate first: one slow task must not become a huge chunk
  const double mean_task_seconds = measured_seconds_ / static_cast<double>(measured_tasks_);
  std::uint64_t time_cap = max_tasks_;
  if (mean_task_seconds > 0.0)
    time_cap = static_cast<std::uint64_t>(
        std::clamp(std::floor(target_seconds_ / mean_task_seconds), 1.0, static_cast<double>(max_tasks_)));
  const std::uint64_t guided = remaining / (2 * static_cast<std::uint64_t>(ranks_));
  return std::clamp<std::uint64_t>(guided, 1, time_cap);
}

}  // namespace bosim
