#include "distribution/journal_runs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <stdexcept>
#include <tuple>

#include "common/input_error.hpp"

namespace bosim {

JournalRunIndex::JournalRunIndex(const std::string& journal_path, const std::vector<Task>& tasks)
    : path_(journal_path), tasks_(tasks), frame_of_task_(tasks.size(), no_frame) {
  scan_ = scan_journal(journal_path, [&](std::uint64_t frame_offset, std::vector<RunRecord>& records) {
    if (frame_offsets_.size() >= failed_bit - 1)
      throw std::length_error("journal with more than 2^31 frames");  // 4-byte entries; never near in practice
    const auto frame = static_cast<std::uint32_t>(frame_offsets_.size());
    frame_offsets_.push_back(frame_offset);
    for (const RunRecord& record : records) {
      const std::size_t task = task_of(record.config_id, record.repeat);
      if (task == tasks.size()) continue;
      const bool record_failed = record.status == RunStatus::failed;
      std::uint32_t& entry = frame_of_task_[task];
      if (entry != no_frame && !(failed(task) && !record_failed)) continue;  // keep the first, or the first ok
      if (entry == no_frame) ++records_;
      if (entry != no_frame) --failed_records_;
      entry = frame | (record_failed ? failed_bit : 0u);
      if (record_failed) ++failed_records_;
      longest_trajectory_ = std::max({longest_trajectory_, record.best_so_far.size(), record.chosen.size()});
    }
  });
}

std::size_t JournalRunIndex::task_of(std::uint32_t config_id, std::uint32_t repeat) const {
  const auto found = std::lower_bound(
      tasks_.begin(), tasks_.end(), Task{config_id, repeat},
      [](const Task& a, const Task& b) { return std::tie(a.config_id, a.repeat) < std::tie(b.config_id, b.repeat); });
  if (found == tasks_.end() || found->config_id != config_id || found->repeat != repeat) return tasks_.size();
  return static_cast<std::size_t>(found - tasks_.begin());
}

void JournalRunIndex::forget_failed() {
  for (std::uint32_t& entry : frame_of_task_)
    if (entry != no_frame && (entry & failed_bit) != 0) entry = no_frame;
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
  std::vector<std::size_t> tasks;
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
      const std::size_t task = index_.task_of(record.config_id, record.repeat);
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
