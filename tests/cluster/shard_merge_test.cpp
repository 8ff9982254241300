// Sharded runs (`bosim run --shard k/K`) and merge_shard_files: the merged file equals a single run; bad sets are
// refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/input_error.hpp"
#include "distribution/shard.hpp"
#include "distribution/study_runner.hpp"
#include "distribution/task_list.hpp"
#include "hdf5_reading.hpp"
#include "results/hdf5_writing.hpp"
#include "results/results_merge.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;
using testing::read_compound_bytes_without;
using testing::read_raw_bytes;

/// The study task numbers (config_id × repeats + repeat) of a list's tasks, in its order, each checked against
/// position_of.
std::vector<std::uint32_t> positions(const TaskList& tasks, std::uint32_t repeats) {
  std::vector<std::uint32_t> result;
  for (std::uint64_t position = 0; position < tasks.size(); ++position) {
    const Task task = tasks.at(position);
    EXPECT_EQ(tasks.position_of(task.config_id, task.repeat), position);
    result.push_back(task.config_id * repeats + task.repeat);
  }
  return result;
}

TEST(Shard, StridesThroughTheTaskList) {
  EXPECT_EQ(positions(TaskList(4, 3, Shard{1, 3}), 3), (std::vector<std::uint32_t>{0, 3, 6, 9}));
  EXPECT_EQ(positions(TaskList(4, 3, Shard{2, 3}), 3), (std::vector<std::uint32_t>{1, 4, 7, 10}));
  EXPECT_EQ(positions(TaskList(4, 3, Shard{3, 3}), 3), (std::vector<std::uint32_t>{2, 5, 8, 11}));
  EXPECT_EQ(positions(TaskList(4, 3, Shard{1, 1}), 3).size(), 12u);
  EXPECT_EQ(positions(TaskList(4, 3), 3), positions(TaskList(4, 3, Shard{1, 1}), 3));
  EXPECT_TRUE(TaskList(1, 2, Shard{3, 3}).empty());  // more shards than tasks: some are empty
  // Tasks of other shards, and beyond the study, are not in the list.
  EXPECT_EQ(TaskList(4, 3, Shard{2, 3}).position_of(1, 0), 4u);  // task 3 is shard 1's
  EXPECT_EQ(TaskList(4, 3, Shard{2, 3}).position_of(4, 1), 4u);
  EXPECT_EQ(TaskList(4, 3, Shard{2, 3}).position_of(0, 3), 4u);
  EXPECT_EQ(TaskList(4, 3, Shard{2, 3}).position_of(3, 1), 3u);  // task 10
}

TEST(Shard, ShardsAreDisjointAndCoverEveryTask) {
  std::multiset<std::uint32_t> seen;
  for (std::uint32_t index = 1; index <= 7; ++index)
    for (std::uint32_t position : positions(TaskList(101, 1, Shard{index, 7}), 1)) seen.insert(position);
  ASSERT_EQ(seen.size(), 101u);
  for (std::uint32_t position = 0; position < 101; ++position) EXPECT_EQ(seen.count(position), 1u) << position;
}

TEST(Shard, ParsesKOfK) {
  const Shard shard = parse_shard("2/4");
  EXPECT_EQ(shard.index, 2u);
  EXPECT_EQ(shard.count, 4u);
  for (const char* bad : {"0/4", "5/4", "2/0", "2", "a/4", "2/4x", "-1/4", ""})
    EXPECT_THROW(parse_shard(bad), InputError) << bad;
  try {
    parse_shard("5/4");
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("--shard"), std::string::npos) << error.what();
  }
}

/// A small study (two acquisitions, 7 repeats = 14 runs) over the quickstart table, run whole and in shards.
class ShardMerge : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = testing::scratch_folder("shards");
    study_ = write_study("study.toml", 23);
  }

  fs::path write_study(const std::string& name, int seed, const std::string& extra = "") const {
    const fs::path path = folder_ / name;
    testing::write_text_file(path, "name = \"shards\"\nseed = " + std::to_string(seed) + "\n" + extra +
                                       "repeats = 7\n[truth]\npath = \"" + BOSIM_SOURCE_DIR +
                                       "/studies/data/quickstart.csv\"\nreplicates = \"sample\"\n[campaign]\n"
                                       "n_init = 6\ndelta = 30\n[[sweep]]\nacquisition = [\"ei\", \"random\"]\n");
    return path;
  }

  fs::path run(const fs::path& study, const std::string& output, std::optional<Shard> shard = std::nullopt) const {
    RunRequest request;
    request.study_path = study.string();
    request.output_path = (folder_ / output).string();
    request.quiet = true;
    request.shard = shard;
    EXPECT_EQ(run_study(request), 0);
    return request.output_path;
  }

  std::vector<std::string> run_shards(const fs::path& study, std::uint32_t count, const std::string& prefix) const {
    std::vector<std::string> paths;
    for (std::uint32_t index = 1; index <= count; ++index)
      paths.push_back(run(study, prefix + std::to_string(index) + ".h5", Shard{index, count}));
    return paths;
  }

  /// Merging `shards` must fail with a message containing `expected`, and write nothing.
  void expect_refused(const std::vector<std::string>& shards, const std::string& expected) const {
    const fs::path output = folder_ / "refused.h5";
    try {
      merge_shard_files(shards, output.string(), false);
      ADD_FAILURE() << "merge accepted a bad set; expected: " << expected;
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
    }
    EXPECT_FALSE(fs::exists(output));
    EXPECT_FALSE(testing::partial_file_left(output));
  }

  fs::path folder_;
  fs::path study_;
};

TEST_F(ShardMerge, MergedShardsEqualOneRun) {
  const std::string single = run(study_, "single.h5").string();
  std::vector<std::string> shards = run_shards(study_, 3, "shard-");
  EXPECT_EQ(read_shard_attributes(shards[1]).index, 2u);
  EXPECT_EQ(read_shard_attributes(shards[1]).count, 3u);
  EXPECT_EQ(read_shard_attributes(shards[1]).study_runs, 14u);
  std::reverse(shards.begin(), shards.end());  // any order
  const std::string merged = (folder_ / "merged.h5").string();
  merge_shard_files(shards, merged, false);

  EXPECT_EQ(read_compound_bytes_without(merged, "runs", {"wall_seconds"}),
            read_compound_bytes_without(single, "runs", {"wall_seconds"}));
  for (const char* dataset : {"configs", "summary", "trajectories/best_so_far", "trajectories/chosen", "truth/values",
                              "truth/optimal_designs"})
    EXPECT_EQ(read_raw_bytes(merged, dataset), read_raw_bytes(single, dataset)) << dataset;
  EXPECT_THROW(read_shard_attributes(merged), InputError);             // a merged file is a whole study again
  EXPECT_THROW(merge_shard_files(shards, merged, false), InputError);  // exists, no --force
  merge_shard_files(shards, merged, true);
}

TEST_F(ShardMerge, MergedShardsWithoutTrajectoriesEqualOneRunWithout) {
  const fs::path study = write_study("lean.toml", 23, "store_trajectories = false\n");
  const std::string single = run(study, "lean-single.h5").string();
  const std::string merged = (folder_ / "lean-merged.h5").string();
  merge_shard_files(run_shards(study, 2, "lean-shard-"), merged, false);
  EXPECT_EQ(read_compound_bytes_without(merged, "runs", {"wall_seconds"}),
            read_compound_bytes_without(single, "runs", {"wall_seconds"}));
  EXPECT_EQ(read_raw_bytes(merged, "summary"), read_raw_bytes(single, "summary"));
  // Same runs as with trajectories: the key changes what is stored, never what is computed.
  EXPECT_EQ(read_compound_bytes_without(single, "runs", {"wall_seconds"}),
            read_compound_bytes_without(run(study_, "full.h5").string(), "runs", {"wall_seconds"}));
  const hid_t file = H5Fopen(merged.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_EQ(H5Lexists(file, "trajectories", H5P_DEFAULT), 0);
  H5Fclose(file);
}

TEST_F(ShardMerge, RefusesIncompleteOverlappingOrForeignSets) {
  const std::vector<std::string> shards = run_shards(study_, 3, "shard-");
  expect_refused({shards[0], shards[2]}, "missing shards 2 of 3");
  expect_refused({shards[0], shards[1], shards[1], shards[2]}, "overlapping shards");

  const std::vector<std::string> other_seed = run_shards(write_study("other.toml", 24), 3, "other-");
  expect_refused({shards[0], other_seed[1], shards[2]}, "different study");
  const std::vector<std::string> halves = run_shards(study_, 2, "half-");
  expect_refused({shards[0], shards[1], shards[2], halves[0]}, "split into 2 shards");
  // Shard 1 of 2 relabelled as shard 2: the set looks whole (2 of 2, 14 runs), but every run is in both files,
  // which merge finds as it merges the runs.
  const std::string relabelled = (folder_ / "relabelled-2.h5").string();
  fs::copy_file(halves[0], relabelled);
  const hid_t relabelled_file = H5Fopen(relabelled.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(relabelled_file, 0);
  ASSERT_GE(H5Adelete(relabelled_file, "shard_index"), 0);
  write_number_attribute(relabelled_file, "shard_index", H5T_STD_U32LE, H5T_NATIVE_UINT32, std::uint32_t{2});
  H5Fclose(relabelled_file);
  expect_refused({halves[0], relabelled}, "overlapping shards: run (config 0, repeat 0) is also in");
  expect_refused({run(study_, "whole.h5").string()}, "not a shard file");

  // A shard of the same study from a build for another instruction set.
  const std::string other_build = (folder_ / "other-build-2.h5").string();
  fs::copy_file(shards[1], other_build);
  const hid_t file = H5Fopen(other_build.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  ASSERT_GE(H5Adelete(file, "instruction_set"), 0);
  write_text_attribute(file, "instruction_set", "some other instruction set");
  H5Fclose(file);
  expect_refused({shards[0], other_build, shards[2]}, "for some other instruction set, but");
  expect_refused({shards[0], other_build, shards[2]}, "floating-point results differ between builds");
}

}  // namespace
}  // namespace bosim
