// Journal runs: where each task's record lies in a journal, for resuming and for writing results from the journal.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "distribution/journal.hpp"
#include "distribution/slot_file.hpp"
#include "distribution/task_list.hpp"
#include "results/run_tables.hpp"

namespace bosim {

/// Which frame of a journal holds the record kept for each task (keep_one_record_per_run's rule: the first that
/// succeeded, else the first), built by one scan of the journal. The entries (8 bytes per task: the frame's
/// offset and whether the kept record failed) live in a SlotFile beside the journal, so the index's memory is
/// bounded (about 1 MiB) whatever the number of runs, and it never holds a record: rank 0 can resume and write
/// the results of a study of any size.
class JournalRunIndex {
 public:
  /// Records of runs not in `tasks` are ignored. Throws InputError as scan_journal does, or when the index file
  /// cannot be written (SlotFile).
  JournalRunIndex(const std::string& journal_path, const TaskList& tasks);

  const JournalScan& scan() const { return scan_; }
  const std::string& path() const { return path_; }
  const TaskList& tasks() const { return tasks_; }
  std::uint64_t task_count() const { return tasks_.size(); }
  /// Whether the task at position `task` of tasks() has a record (failed ones not, after forget_failed()).
  bool has_record(std::uint64_t task) const { return entry(task) != no_record; }
  bool failed(std::uint64_t task) const { return (entry(task) & failed_bit) != 0; }
  std::uint64_t records() const { return records_; }
  std::uint64_t failed_records() const { return failed_records_; }
  std::size_t longest_trajectory() const { return longest_trajectory_; }
  /// Offset of the frame holding task `task`'s record (has_record(task) must be true).
  std::uint64_t frame_offset(std::uint64_t task) const { return (entry(task) & ~failed_bit) - 1; }
  /// Forgets the records of failed runs (--retry-failed: those tasks run again).
  void forget_failed();

 private:
  /// An entry: 0 for no record, else the frame's offset + 1, with failed_bit set when the kept record failed.
  static constexpr std::uint64_t no_record = 0;
  static constexpr std::uint64_t failed_bit = std::uint64_t{1} << 63;

  std::uint64_t entry(std::uint64_t task) const;
  void add(std::uint64_t frame_offset, const RunRecord& record);

  std::string path_;
  TaskList tasks_;
  SlotFile entries_;
  JournalScan scan_;
  bool failed_forgotten_ = false;
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
  std::uint64_t next_task_ = 0;
};

}  // namespace bosim
