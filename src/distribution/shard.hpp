// Shard: one of K disjoint slices of a study's task list, so an array job's K jobs split one study.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "distribution/task.hpp"

namespace bosim {

/// Shard `index` of `count` (1-based, as written on the command line: `--shard 2/4`).
struct Shard {
  std::uint32_t index = 1;
  std::uint32_t count = 1;
};

/// Parses "k/K" with 1 ≤ k ≤ K; throws InputError naming `option` otherwise.
Shard parse_shard(const std::string& text, const std::string& option = "--shard");

/// The tasks of a shard: every K-th task of the ordered list, starting at the k-th (tasks k−1,
/// k−1+K, k−1+2K, …). Striding rather than cutting the list in blocks gives every shard a share of
/// every configuration, so shards of a sweep whose configurations differ in cost take about equally
/// long. The K shards are disjoint and together hold every task once.
std::vector<Task> select_shard(const std::vector<Task>& tasks, const Shard& shard);

}  // namespace bosim
