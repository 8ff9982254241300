// Pending tasks: the tasks rank 0 has still to hand out, found in order as they are taken rather than listed.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "distribution/journal_runs.hpp"
#include "distribution/task_list.hpp"

namespace bosim {

/// The tasks still to hand out, in order: first those of a TaskList (all of them, or those without a record in
/// a resumed journal's index), found as they are taken, then the runs appended for the rounds of a race. The
/// list part costs the same few bytes for any number of tasks; the appended part holds one round's runs.
class PendingTasks {
 public:
  /// None.
  PendingTasks() = default;
  /// Every task of `tasks`, or, with `done` (which must outlive this object), those without a record in it.
  explicit PendingTasks(const TaskList& tasks, const JournalRunIndex* done = nullptr);

  std::uint64_t size() const { return list_left_ + appended_.size(); }
  bool empty() const { return size() == 0; }
  /// The next min(count, size()) tasks, removed from the pending ones.
  std::vector<Task> take(std::uint64_t count);
  /// Adds tasks after the others (a race's next round).
  void append(const std::vector<Task>& tasks);

 private:
  TaskList tasks_;
  const JournalRunIndex* done_ = nullptr;
  std::uint64_t next_position_ = 0;  ///< in tasks_: where the search for the next pending task goes on
  std::uint64_t list_left_ = 0;      ///< pending tasks of tasks_ at or after next_position_
  std::deque<Task> appended_;
};

}  // namespace bosim
