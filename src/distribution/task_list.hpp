// Task list: a study's tasks, or one shard's, in (config_id, repeat) order, computed from their positions.
#pragma once

#include <cstdint>
#include <optional>

#include "distribution/shard.hpp"
#include "distribution/task.hpp"
#include "study/study.hpp"

namespace bosim {

/// The tasks of a study (configurations × repeats) or of one shard of it, in (config_id, repeat) order: the order
/// of /runs. Nothing is stored per task, so a list of any length costs a few bytes: the study's task number of
/// (configuration c, repeat r) is c·repeats + r (load_study numbers configurations 0, 1, … in order), and shard k/K
/// holds the study's tasks k−1, k−1+K, k−1+2K, … Striding rather than cutting the list in blocks gives every shard
/// a share of every configuration, so shards of a sweep whose configurations differ in cost take about equally
/// long; the K shards are disjoint and together hold every task once.
class TaskList {
 public:
  /// No tasks.
  TaskList() = default;
  /// Configurations 0 … configurations − 1, `repeats` each, or shard `shard` of them.
  TaskList(std::uint32_t configurations, std::uint32_t repeats, const std::optional<Shard>& shard = std::nullopt);
  /// The study's tasks, or shard `shard` of them. Throws std::logic_error when the study's configurations are
  /// not numbered 0, 1, … in order.
  explicit TaskList(const Study& study, const std::optional<Shard>& shard = std::nullopt);

  std::uint64_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  /// The task at `position` (< size()).
  Task at(std::uint64_t position) const;
  /// The position of (config_id, repeat) in this list, or size() when the list does not hold it.
  std::uint64_t position_of(std::uint32_t config_id, std::uint32_t repeat) const;

 private:
  std::uint32_t configurations_ = 0;
  std::uint32_t repeats_ = 0;
  std::uint64_t first_ = 0;   ///< study task number of position 0: the shard's index − 1
  std::uint64_t stride_ = 1;  ///< the shard count
  std::uint64_t size_ = 0;
};

}  // namespace bosim
