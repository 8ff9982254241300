#include "distribution/journal_runs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <stdexcept>

#include "common/input_error.hpp"

namespace bosim {

JournalRunIndex::JournalRunIndex(const std::string& journal_path, const TaskList& tasks)
    : path_(journal_path), tasks_(tasks), entries_(journal_path) {
  scan_ = scan_journal(journal_path, [&](std::uint64_t frame_offset, std::vector<RunRecord>& records) {
    for (const RunRecord& record : records) add(frame_offset, record);
  });
}

void JournalRunIndex::add(std::uint64_t frame_offset, const RunRecord& record) {
  const std::uint64_t task = tasks_.position_of(record.config_id, record.repeat);
  if (task == tasks_.size()) return;
  const bool record_failed = record.status == RunStatus::failed;
  const std::uint64_t kept = entries_.get(task);
  if (kept != no_record && !((kept & failed_bit) != 0 && !record_failed)) return;  // the first, or the first ok
  if (kept == no_record) ++records_;
  if (kept != no_record) --failed_records_;
  entries_.set(task, (frame_offset + 1) | (record_failed ? failed_bit : 0));
  if (record_failed) ++failed_records_;
  longest_trajectory_ = std::max({longest_trajectory_, record.best_so_far.size(), record.chosen.size()});
}

std::uint64_t JournalRunIndex::entry(std::uint64_t task) const {
  const std::uint64_t kept = entries_.get(task);
  return failed_forgotten_ && (kept & failed_bit) != 0 ? no_record : kept;
}

void JournalRunIndex::forget_failed() {
  failed_forgotten_ = true;
  records_ -= failed_records_;
  failed_records_ = 0;
}

JournalRuns::JournalRuns(const JournalRunIndex& index)
    : index_(index), descriptor_(::open(index.path().c_str(), O_RDONLY | O_CLOEXEC)) {
  if (descriptor_ < 0)
    throw InputError(std::string("cannot read the journal: ") + std::strerror(errno), {index.path()});
}

JournalRuns::~JournalRuns() { ::close(descriptor_); }

void JournalRuns::next(std::size_t count, std::vector<RunRecord>& block) {
  // The tasks of this block and the frames that hold their records; each frame is read once.
  std::vector<std::uint64_t> tasks;
  for (; tasks.size() < count && next_task_ < index_.task_count(); ++next_task_)
    if (index_.has_record(next_task_)) tasks.push_back(next_task_);
  if (tasks.size() != count) throw std::logic_error("JournalRuns: fewer runs left than asked");
  std::map<std::uint64_t, std::vector<std::size_t>> tasks_of_frame;  // frame offset -> positions in `tasks`
  for (std::size_t position = 0; position < tasks.size(); ++position)
    tasks_of_frame[index_.frame_offset(tasks[position])].push_back(position);

  block.assign(count, RunRecord{});
  std::vector<bool> filled(count, false);
  for (const auto& [offset, positions] : tasks_of_frame) {
    std::vector<RunRecord> records = read_journal_frame(index_.path(), descriptor_, offset);
    for (RunRecord& record : records) {
      const std::uint64_t task = index_.tasks().position_of(record.config_id, record.repeat);
      for (const std::size_t position : positions)
        if (tasks[position] == task && !filled[position] &&
            (record.status == RunStatus::failed) == index_.failed(task)) {
          block[position] = std::move(record);
          filled[position] = true;
          break;
        }
    }
  }
  if (std::find(filled.begin(), filled.end(), false) != filled.end())
    throw InputError("the journal changed while the results were written from it", {index_.path()});
}

}  // namespace bosim
