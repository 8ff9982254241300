// Journal runs: the index keeps one record per task by keep_one_record_per_run's rule, and the records read back
// from the journal come in task order whatever order the frames were appended in.
#include "distribution/journal_runs.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;

RunRecord record_of(std::uint32_t config_id, std::uint32_t repeat, bool failed, double best_value) {
  RunRecord record;
  record.config_id = config_id;
  record.repeat = repeat;
  record.seed = 100 * config_id + repeat;
  record.status = failed ? RunStatus::failed : RunStatus::ok;
  record.message = failed ? "failed copy" : "";
  record.best_value = best_value;
  record.best_so_far.assign(repeat + 1, best_value);  // lengths 1..3: the longest is 3
  record.chosen.assign(repeat + 1, 5);
  return record;
}

/// Tasks of 2 configurations x 3 repeats, in (config_id, repeat) order.
std::vector<Task> six_tasks() { return {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}}; }

/// A journal whose frames arrive out of order, with duplicates: (1,1) failed then ok, (0,2) ok then failed,
/// (1,2) failed twice (messages differ by best_value), and a record of a task outside the list (7,0).
std::string shuffled_journal(const fs::path& folder) {
  const std::string path = (folder / "out.h5.journal").string();
  JournalWriter writer = JournalWriter::create(path, {6, {{"study.toml", "00000000000000aa"}}});
  writer.append({record_of(1, 1, true, -1), record_of(0, 2, false, 3)});
  writer.append({record_of(7, 0, false, 70), record_of(1, 2, true, 12)});
  writer.append({record_of(0, 0, false, 1), record_of(1, 1, false, 11), record_of(0, 2, true, -3)});
  writer.append({record_of(1, 2, true, 99), record_of(1, 0, false, 10)});
  return path;
}

TEST(JournalRuns, IndexKeepsTheFirstSuccessfulRecordElseTheFirstAndIgnoresOtherTasks) {
  const fs::path folder = testing::scratch_folder("journal_runs_index");
  const std::vector<Task> tasks = six_tasks();
  const JournalRunIndex index(shuffled_journal(folder), tasks);
  EXPECT_EQ(index.records(), 5u);         // every task but (0,1)
  EXPECT_EQ(index.failed_records(), 1u);  // (1,2)
  EXPECT_TRUE(index.has_record(0));
  EXPECT_FALSE(index.has_record(1));
  EXPECT_FALSE(index.failed(2));  // (0,2): its first record succeeded
  EXPECT_FALSE(index.failed(4));  // (1,1): failed, then succeeded
  EXPECT_TRUE(index.failed(5));
  EXPECT_EQ(index.longest_trajectory(), 3u);
  EXPECT_EQ(index.task_of(7, 0), tasks.size());
}

TEST(JournalRuns, RecordsComeInTaskOrderFromTheKeptCopies) {
  const fs::path folder = testing::scratch_folder("journal_runs_order");
  const std::vector<Task> tasks = six_tasks();
  const JournalRunIndex index(shuffled_journal(folder), tasks);
  JournalRuns runs(index);
  ASSERT_EQ(runs.size(), 5u);
  std::vector<RunRecord> first, second;
  runs.next(2, first);
  runs.next(3, second);
  first.insert(first.end(), second.begin(), second.end());
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> keys = {{0, 0}, {0, 2}, {1, 0}, {1, 1}, {1, 2}};
  const std::vector<double> best_values = {1, 3, 10, 11, 12};  // (1,2): the first of its two failed copies
  for (std::size_t r = 0; r < keys.size(); ++r) {
    EXPECT_EQ(first[r].config_id, keys[r].first) << r;
    EXPECT_EQ(first[r].repeat, keys[r].second) << r;
    EXPECT_EQ(first[r].best_value, best_values[r]) << r;
  }
  EXPECT_EQ(first[4].status, RunStatus::failed);
  EXPECT_EQ(first[4].message, "failed copy");
  std::vector<RunRecord> beyond;
  EXPECT_THROW(runs.next(1, beyond), std::logic_error);
}

TEST(JournalRuns, ForgettingFailedRunsLeavesTheirTasksToRunAgain) {
  const fs::path folder = testing::scratch_folder("journal_runs_retry");
  const std::vector<Task> tasks = six_tasks();
  JournalRunIndex index(shuffled_journal(folder), tasks);
  index.forget_failed();
  EXPECT_EQ(index.records(), 4u);
  EXPECT_EQ(index.failed_records(), 0u);
  EXPECT_FALSE(index.has_record(5));
  EXPECT_TRUE(index.has_record(4));
}

}  // namespace
}  // namespace bosim
