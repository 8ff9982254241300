// Shard: one of K disjoint slices of a study's task list (TaskList), so an array job's K jobs split one study.
#pragma once

#include <cstdint>
#include <string>

namespace bosim {

/// Shard `index` of `count` (1-based, as written on the command line: `--shard 2/4`).
struct Shard {
  std::uint32_t index = 1;
  std::uint32_t count = 1;
};

/// Parses "k/K" with 1 ≤ k ≤ K; throws InputError naming `option` otherwise.
Shard parse_shard(const std::string& text, const std::string& option = "--shard");

}  // namespace bosim
