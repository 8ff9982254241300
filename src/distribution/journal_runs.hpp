// Journal runs: where each task's record lies in a journal, for resuming and for writing results from the journal.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "distribution/journal.hpp"
#include "distribution/task.hpp"
#include "results/run_tables.hpp"

namespace bosim {

/// Which frame of a journal holds the record kept for each task (keep_one_record_per_run's rule: the
/// first that succeeded, else the first), built by one scan of the journal. It costs 4 bytes per task
/// plus 8 per frame and never holds a record, so rank 0 can resume and write the results of a study of
/// any size: the records stay on disk in the journal.
class JournalRunIndex {
 public:
  /// `tasks` in (config_id, repeat) order (expand_tasks, select_shard); records of other runs are ignored.
  /// Throws InputError as scan_journal does.
  JournalRunIndex(const std::string& journal_path, const std::vector<Task>& tasks);

  const JournalScan& scan() const { return scan_; }
  const std::string& path() const { return path_; }
  const std::vector<Task>& tasks() const { return tasks_; }
  std::size_t task_count() const { return frame_of_task_.size(); }
  bool has_record(std::size_t task) const { return frame_of_task_[task] != no_frame; }
  bool failed(std::size_t task) const { return has_record(task) && (frame_of_task_[task] & failed_bit) != 0; }
  std::uint64_t records() const { return records_; }
  std::uint64_t failed_records() const { return failed_records_; }
  std::size_t longest_trajectory() const { return longest_trajectory_; }
  /// Offset of the frame holding task `task`'s record (has_record(task) must be true).
  std::uint64_t frame_offset(std::size_t task) const { return frame_offsets_[frame_of_task_[task] & ~failed_bit]; }
  /// Position of (config_id, repeat) in tasks(), or task_count() when it is not one of them.
  std::size_t task_of(std::uint32_t config_id, std::uint32_t repeat) const;
  /// Forgets the records of failed runs (--retry-failed: those tasks run again).
  void forget_failed();

 private:
  static constexpr std::uint32_t no_frame = 0xFFFFFFFFu;
  static constexpr std::uint32_t failed_bit = 0x80000000u;

  std::string path_;
  const std::vector<Task>& tasks_;
  JournalScan scan_;
  std::vector<std::uint32_t> frame_of_task_;  ///< frame number, failed_bit when the kept record failed
  std::vector<std::uint64_t> frame_offsets_;
  std::uint64_t records_ = 0;
  std::uint64_t failed_records_ = 0;
  std::size_t longest_trajectory_ = 0;
};

/// The records a JournalRunIndex points to, in task order (tasks without a record are skipped), read
/// frame by frame from the journal as a writer asks for them: the OrderedRuns of `bosim run`'s results.
class JournalRuns : public OrderedRuns {
 public:
  explicit JournalRuns(const JournalRunIndex& index);
  JournalRuns(const JournalRuns&) = delete;
  JournalRuns& operator=(const JournalRuns&) = delete;
  ~JournalRuns() override;

  std::uint64_t size() const override { return index_.records(); }
  std::size_t longest_trajectory() const override { return index_.longest_trajectory(); }
  void next(std::size_t count, std::vector<RunRecord>& block) override;

 private:
  const JournalRunIndex& index_;
  int descriptor_;
  std::size_t next_task_ = 0;
};

}  // namespace bosim
