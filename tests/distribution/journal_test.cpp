// Journal: frames round-trip, a torn tail is detected at any cut, a changed input is refused, one writer at a time.
#include "distribution/journal.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>

#include "common/file_hash.hpp"
#include "common/input_error.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;

RunRecord sample_record(std::uint32_t config_id, std::uint32_t repeat) {
  RunRecord record;
  record.config_id = config_id;
  record.repeat = repeat;
  record.seed = 1000 + repeat;
  record.status = repeat == 1 ? RunStatus::failed : RunStatus::ok;
  record.message = repeat == 1 ? "numerical trouble" : "";
  record.experiments_to_optimum = static_cast<std::int32_t>(7 + repeat);
  record.best_value = 429.5;
  record.best_so_far = {1.0, 2.5, 429.5};
  record.chosen = {4, 8, 15};
  record.drawn_values = {NAN, 0.25};
  return record;
}

JournalHeader sample_header() { return {6, {{"study.toml", "00000000000000aa"}, {"data.csv", "00000000000000bb"}}}; }

void expect_same_record(const RunRecord& a, const RunRecord& b) {
  EXPECT_EQ(a.config_id, b.config_id);
  EXPECT_EQ(a.repeat, b.repeat);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.message, b.message);
  EXPECT_EQ(a.experiments_to_optimum, b.experiments_to_optimum);
  EXPECT_EQ(a.best_so_far, b.best_so_far);
  EXPECT_EQ(a.chosen, b.chosen);
  ASSERT_EQ(a.drawn_values.size(), b.drawn_values.size());
  EXPECT_TRUE(std::isnan(b.drawn_values[0]));
  EXPECT_EQ(a.drawn_values[1], b.drawn_values[1]);
}

/// A journal with two frames: records (0,0),(0,1) then (0,2). Returns its path.
std::string two_frame_journal(const fs::path& folder) {
  const std::string path = (folder / "out.h5.journal").string();
  JournalWriter writer = JournalWriter::create(path, sample_header());
  writer.append({sample_record(0, 0), sample_record(0, 1)});
  writer.append({sample_record(0, 2)});
  return path;
}

TEST(Journal, RecordsRoundTripInOrder) {
  const fs::path folder = testing::scratch_folder("journal_round_trip");
  const JournalContents contents = read_journal(two_frame_journal(folder));
  EXPECT_EQ(contents.header.total_tasks, 6u);
  ASSERT_EQ(contents.header.inputs.size(), 2u);
  EXPECT_EQ(contents.header.inputs[1].path, "data.csv");
  EXPECT_EQ(contents.header.inputs[1].hash, "00000000000000bb");
  ASSERT_EQ(contents.records.size(), 3u);
  for (std::uint32_t repeat = 0; repeat < 3; ++repeat)
    expect_same_record(sample_record(0, repeat), contents.records[repeat]);
  EXPECT_EQ(contents.valid_bytes, contents.file_bytes);
}

TEST(Journal, TornTailIsDetectedAtEveryCutAndTruncatedOnReopen) {
  const fs::path folder = testing::scratch_folder("journal_torn");
  const std::string path = two_frame_journal(folder);
  const std::string whole = read_file_bytes(path);
  const JournalContents intact = read_journal(path);
  // The second frame holds one record; find where it starts by reading a journal with the first frame only.
  const fs::path first_only_folder = testing::scratch_folder("journal_torn_first");
  const std::string first_only = (first_only_folder / "j").string();
  {
    JournalWriter writer = JournalWriter::create(first_only, sample_header());
    writer.append({sample_record(0, 0), sample_record(0, 1)});
  }
  const std::size_t second_frame_start = fs::file_size(first_only);
  for (std::size_t cut = second_frame_start; cut < whole.size(); ++cut) {
    testing::write_text_file(path, whole.substr(0, cut));
    const JournalContents torn = read_journal(path);
    EXPECT_EQ(torn.records.size(), 2u) << "cut at " << cut;
    EXPECT_EQ(torn.valid_bytes, second_frame_start) << "cut at " << cut;
  }
  // A flipped payload byte fails the checksum: that frame and everything after it are dropped.
  std::string flipped = whole;
  flipped[second_frame_start + 6] ^= 0x40;
  testing::write_text_file(path, flipped);
  EXPECT_EQ(read_journal(path).records.size(), 2u);

  // Reopening truncates the torn tail, and new frames follow the intact ones.
  testing::write_text_file(path, whole + "\x07\x00\x00");
  {
    JournalWriter writer = JournalWriter::reopen(path, intact.valid_bytes);
    writer.append({sample_record(0, 3)});
  }
  const JournalContents resumed = read_journal(path);
  ASSERT_EQ(resumed.records.size(), 4u);
  EXPECT_EQ(resumed.records[3].repeat, 3u);
  EXPECT_EQ(resumed.valid_bytes, resumed.file_bytes);
}

TEST(Journal, DamagedHeaderOrMissingFileIsAnInputError) {
  const fs::path folder = testing::scratch_folder("journal_header");
  EXPECT_THROW(read_journal((folder / "absent.journal").string()), InputError);
  const std::string path = two_frame_journal(folder);
  std::string bytes = read_file_bytes(path);
  bytes[17] ^= 1;  // inside the build text after magic, version and length: the header checksum no longer matches
  testing::write_text_file(path, bytes);
  try {
    read_journal(path);
    FAIL() << "damaged header accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("checksum"), std::string::npos) << error.what();
  }
}

TEST(Journal, RefusesAStudyWhoseInputsChanged) {
  Study study;
  study.inputs = sample_header().inputs;
  EXPECT_NO_THROW(check_journal_matches(sample_header(), study, 6, std::nullopt, "j"));
  study.inputs[0].hash = "00000000000000cc";
  try {
    check_journal_matches(sample_header(), study, 6, std::nullopt, "j");
    FAIL() << "changed study file accepted";
  } catch (const InputError& error) {
    const std::string text = error.what();
    EXPECT_NE(text.find("the study file study.toml changed"), std::string::npos) << text;
    EXPECT_NE(text.find("00000000000000aa, now 00000000000000cc"), std::string::npos) << text;
  }
  study.inputs = sample_header().inputs;
  EXPECT_THROW(check_journal_matches(sample_header(), study, 8, std::nullopt, "j"), InputError);  // other task count
}

TEST(Journal, RefusesAJournalOfAnotherBuild) {
  const fs::path folder = testing::scratch_folder("journal_build");
  const std::string path = (folder / "j").string();
  JournalHeader header = sample_header();
  EXPECT_EQ(header.build, build_identity());
  EXPECT_NE(header.build.find(instruction_set), std::string::npos) << header.build;
  header.build = "bosim 0.0.9 for some other instruction set";
  JournalWriter::create(path, header);
  const JournalContents contents = read_journal(path);
  EXPECT_EQ(contents.header.build, header.build);  // stored and read back

  Study study;
  study.inputs = sample_header().inputs;
  try {
    check_journal_matches(contents.header, study, 6, std::nullopt, path);
    FAIL() << "journal of another build accepted";
  } catch (const InputError& error) {
    const std::string text = error.what();
    EXPECT_NE(text.find("written by bosim 0.0.9 for some other instruction set, this is " + build_identity()),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(path), std::string::npos) << text;
  }
}

TEST(Journal, ABuildOfAnotherSourceRevisionIsAnotherBuild) {
  // Two commits that share the version number and instruction set still differ in their revision.
  EXPECT_NE(std::string(source_revision), "");
  EXPECT_NE(build_identity().find(std::string("(") + source_revision + ")"), std::string::npos) << build_identity();
  const std::string other_commit = build_identity(version, instruction_set, "0123456789ab");
  EXPECT_NE(other_commit, build_identity());
  Study study;
  study.inputs = sample_header().inputs;
  JournalHeader header = sample_header();
  header.build = other_commit;
  EXPECT_THROW(check_journal_matches(header, study, 6, std::nullopt, "j"), InputError);
}

TEST(Journal, RefusesToResumeAShardsJournalForAnotherShard) {
  const fs::path folder = testing::scratch_folder("journal_shard");
  const std::string path = (folder / "j").string();
  JournalHeader header = sample_header();
  header.shard = Shard{1, 2};
  JournalWriter::create(path, header);
  const JournalContents contents = read_journal(path);
  ASSERT_TRUE(contents.header.shard.has_value());  // stored and read back
  EXPECT_EQ(contents.header.shard->index, 1u);
  EXPECT_EQ(contents.header.shard->count, 2u);

  Study study;
  study.inputs = sample_header().inputs;
  EXPECT_NO_THROW(check_journal_matches(contents.header, study, 6, Shard{1, 2}, path));
  // Shards 1/2 and 2/2 of a study of 12 runs have 6 tasks each: the task count alone cannot tell them apart.
  try {
    check_journal_matches(contents.header, study, 6, Shard{2, 2}, path);
    FAIL() << "journal of shard 1/2 accepted for shard 2/2";
  } catch (const InputError& error) {
    const std::string text = error.what();
    EXPECT_NE(text.find("written for --shard 1/2, this run is for --shard 2/2"), std::string::npos) << text;
  }
  EXPECT_THROW(check_journal_matches(contents.header, study, 6, std::nullopt, path), InputError);
  EXPECT_THROW(check_journal_matches(sample_header(), study, 6, Shard{1, 1}, path), InputError);
}

/// A journal of three frames, (0,0) (0,1) (0,2), and the offsets where frames 2 and 3 start.
std::string three_frame_journal(const fs::path& folder, std::size_t& second, std::size_t& third) {
  const std::string path = (folder / "j").string();
  JournalWriter writer = JournalWriter::create(path, sample_header());
  writer.append({sample_record(0, 0)});
  second = fs::file_size(path);
  writer.append({sample_record(0, 1)});
  third = fs::file_size(path);
  writer.append({sample_record(0, 2)});
  return path;
}

TEST(Journal, DamageInTheMiddleSkipsOnlyTheDamagedFrameAndKeepsLaterFrames) {
  const fs::path folder = testing::scratch_folder("journal_middle");
  std::size_t second = 0, third = 0;
  const std::string path = three_frame_journal(folder, second, third);
  const std::string whole = read_file_bytes(path);
  // A flipped byte in the payload, in the length field, and in the marker of the middle frame.
  for (const std::size_t offset : {second + 20, second + 9, second + 2}) {
    std::string damaged = whole;
    damaged[offset] ^= 0x10;
    testing::write_text_file(path, damaged);
    const JournalContents contents = read_journal(path);
    ASSERT_EQ(contents.records.size(), 2u) << "damage at " << offset;
    EXPECT_EQ(contents.records[0].repeat, 0u);
    EXPECT_EQ(contents.records[1].repeat, 2u);  // the frame after the damage is kept
    EXPECT_EQ(contents.damaged_stretches, 1u);
    EXPECT_EQ(contents.damaged_bytes, third - second);
    EXPECT_EQ(contents.valid_bytes, contents.file_bytes);  // no torn tail
    EXPECT_NE(describe_dropped_bytes(contents).find("skipped 1 damaged stretch of " + std::to_string(third - second) +
                                                    " bytes in the middle"),
              std::string::npos)
        << describe_dropped_bytes(contents);
  }
  // Resuming appends after the last intact frame; the damaged stretch is skipped again on the next read.
  {
    JournalWriter writer = JournalWriter::reopen(path, fs::file_size(path));
    writer.append({sample_record(0, 1)});
  }
  const JournalContents resumed = read_journal(path);
  ASSERT_EQ(resumed.records.size(), 3u);
  EXPECT_EQ(resumed.records[2].repeat, 1u);
  EXPECT_EQ(resumed.damaged_stretches, 1u);
}

TEST(Journal, DamageFollowedByATornTailIsReportedAsBoth) {
  const fs::path folder = testing::scratch_folder("journal_middle_and_tail");
  std::size_t second = 0, third = 0;
  const std::string path = three_frame_journal(folder, second, third);
  std::string bytes = read_file_bytes(path);
  bytes[second + 30] ^= 0x01;
  bytes += bytes.substr(third, 15);  // the first 15 bytes of another frame: a kill mid-write
  testing::write_text_file(path, bytes);
  const JournalContents contents = read_journal(path);
  ASSERT_EQ(contents.records.size(), 2u);
  EXPECT_EQ(contents.file_bytes - contents.valid_bytes, 15u);
  EXPECT_EQ(describe_dropped_bytes(contents),
            " (dropped a torn journal tail of 15 bytes; skipped 1 damaged stretch of " +
                std::to_string(third - second) + " bytes in the middle of the journal, whose runs are run again)");
  EXPECT_EQ(describe_dropped_bytes(read_journal(three_frame_journal(folder, second, third))), "");
}

TEST(Journal, OneWriterAtATime) {
  const fs::path folder = testing::scratch_folder("journal_lock");
  const std::string path = (folder / "j").string();
  JournalWriter writer = JournalWriter::create(path, sample_header());
  EXPECT_THROW(check_journal_not_in_use(path), InputError);
  EXPECT_THROW(JournalWriter::reopen(path, fs::file_size(path)), InputError);
  writer.remove();
  EXPECT_FALSE(fs::exists(path));
  EXPECT_NO_THROW(check_journal_not_in_use(path));
}

}  // namespace
}  // namespace bosim
