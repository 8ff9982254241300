// Journal runs: the index keeps one record per task by keep_one_record_per_run's rule, and the records read back
// from the journal come in task order whatever order the frames were appended in.
#include "distribution/journal_runs.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "distribution/pending_tasks.hpp"
#include "distribution/slot_file.hpp"
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
TaskList six_tasks() { return TaskList(2, 3); }

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
  const TaskList tasks = six_tasks();
  const JournalRunIndex index(shuffled_journal(folder), tasks);
  EXPECT_EQ(index.records(), 5u);         // every task but (0,1)
  EXPECT_EQ(index.failed_records(), 1u);  // (1,2)
  EXPECT_TRUE(index.has_record(0));
  EXPECT_FALSE(index.has_record(1));
  EXPECT_FALSE(index.failed(2));  // (0,2): its first record succeeded
  EXPECT_FALSE(index.failed(4));  // (1,1): failed, then succeeded
  EXPECT_TRUE(index.failed(5));
  EXPECT_EQ(index.longest_trajectory(), 3u);
  EXPECT_EQ(index.tasks().position_of(7, 0), tasks.size());
}

TEST(JournalRuns, RecordsComeInTaskOrderFromTheKeptCopies) {
  const fs::path folder = testing::scratch_folder("journal_runs_order");
  const TaskList tasks = six_tasks();
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
  const TaskList tasks = six_tasks();
  JournalRunIndex index(shuffled_journal(folder), tasks);
  index.forget_failed();
  EXPECT_EQ(index.records(), 4u);
  EXPECT_EQ(index.failed_records(), 0u);
  EXPECT_FALSE(index.has_record(5));
  EXPECT_TRUE(index.has_record(4));
}

TEST(JournalRuns, ATornTailIsIgnoredAndItsRunsCountAsNotDone) {
  const fs::path folder = testing::scratch_folder("journal_runs_torn");
  const std::string path = shuffled_journal(folder);
  const auto intact_bytes = fs::file_size(path);
  {
    JournalWriter writer = JournalWriter::reopen(path, intact_bytes);
    writer.append({record_of(0, 1, false, 2)});
  }
  fs::resize_file(path, fs::file_size(path) - 5);  // a kill in the middle of the last frame
  const JournalRunIndex index(path, six_tasks());
  EXPECT_EQ(index.scan().valid_bytes, intact_bytes);
  EXPECT_GT(index.scan().file_bytes, intact_bytes);
  EXPECT_EQ(index.records(), 5u);
  EXPECT_FALSE(index.has_record(1));  // (0,1) was in the torn frame
}

TEST(JournalRuns, AShardsIndexHoldsItsOwnTasksOnly) {
  const fs::path folder = testing::scratch_folder("journal_runs_shard");
  const TaskList shard(2, 3, Shard{2, 2});  // study tasks 1, 3, 5: (0,1), (1,0), (1,2)
  const JournalRunIndex index(shuffled_journal(folder), shard);
  EXPECT_EQ(index.records(), 2u);  // (1,0) and (1,2); (0,1) has none; the other shard's records are ignored
  EXPECT_EQ(index.failed_records(), 1u);
  EXPECT_FALSE(index.has_record(0));
  EXPECT_TRUE(index.has_record(1));
  EXPECT_TRUE(index.failed(2));
  JournalRuns runs(index);
  std::vector<RunRecord> block;
  runs.next(2, block);
  EXPECT_EQ(block[0].config_id, 1u);
  EXPECT_EQ(block[0].repeat, 0u);
  EXPECT_EQ(block[1].repeat, 2u);
  EXPECT_EQ(block[1].best_value, 12);
}

TEST(PendingTasks, HandsOutTheTasksWithoutARecordInOrderThenTheAppendedOnes) {
  const fs::path folder = testing::scratch_folder("pending_tasks");
  JournalRunIndex index(shuffled_journal(folder), six_tasks());
  PendingTasks kept_failures(index.tasks(), &index);
  EXPECT_EQ(kept_failures.size(), 1u);  // (0,1): the hole
  index.forget_failed();                // --retry-failed: (1,2) runs again
  PendingTasks pending(index.tasks(), &index);
  ASSERT_EQ(pending.size(), 2u);
  const std::vector<Task> first = pending.take(1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].config_id, 0u);
  EXPECT_EQ(first[0].repeat, 1u);
  pending.append({{5, 5}});
  EXPECT_EQ(pending.size(), 2u);
  const std::vector<Task> rest = pending.take(10);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].config_id, 1u);
  EXPECT_EQ(rest[0].repeat, 2u);
  EXPECT_EQ(rest[1].config_id, 5u);
  EXPECT_TRUE(pending.empty());
  EXPECT_EQ(PendingTasks(TaskList(3, 2)).take(100).size(), 6u);  // fresh: every task
}

TEST(SlotFile, KeepsEverySlotThroughCacheEvictionsAndLeavesNoFile) {
  const fs::path folder = testing::scratch_folder("slot_file");
  constexpr std::uint64_t slots = 3 * SlotFile::block_slots * SlotFile::cache_blocks;  // 3 times the cache
  std::vector<std::uint64_t> order(slots);
  for (std::uint64_t slot = 0; slot < slots; ++slot) order[slot] = slot;
  std::shuffle(order.begin(), order.end(), std::mt19937_64(7));
  {
    SlotFile file((folder / "near").string());
    for (const std::uint64_t slot : order)
      if (slot % 3 != 0) file.set(slot, slot * 11 + 1);
    file.set(std::uint64_t{1} << 32, 99);  // far away: the file is sparse
    for (std::uint64_t slot = 0; slot < slots; ++slot)
      ASSERT_EQ(file.get(slot), slot % 3 != 0 ? slot * 11 + 1 : 0) << slot;
    EXPECT_EQ(file.get(std::uint64_t{1} << 32), 99u);
    EXPECT_EQ(file.get((std::uint64_t{1} << 32) + 1), 0u);
    EXPECT_TRUE(fs::is_empty(folder));  // unlinked at once: nothing to clean up on any exit
  }
  EXPECT_TRUE(fs::is_empty(folder));
}

}  // namespace
}  // namespace bosim
