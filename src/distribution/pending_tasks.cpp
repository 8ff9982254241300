#include "distribution/pending_tasks.hpp"

namespace bosim {

PendingTasks::PendingTasks(const TaskList& tasks, const JournalRunIndex* done)
    : tasks_(tasks), done_(done), list_left_(tasks.size() - (done != nullptr ? done->records() : 0)) {}

std::vector<Task> PendingTasks::take(std::uint64_t count) {
  std::vector<Task> taken;
  for (; taken.size() < count && list_left_ > 0; ++next_position_)
    if (done_ == nullptr || !done_->has_record(next_position_)) {
      taken.push_back(tasks_.at(next_position_));
      --list_left_;
    }
  for (; taken.size() < count && !appended_.empty(); appended_.pop_front()) taken.push_back(appended_.front());
  return taken;
}

void PendingTasks::append(const std::vector<Task>& tasks) {
  appended_.insert(appended_.end(), tasks.begin(), tasks.end());
}

}  // namespace bosim
