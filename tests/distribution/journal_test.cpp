// Journal: frames round-trip, a torn tail is detected at any cut, a changed input is refused, one writer at a time.
#include "distribution/journal.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

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
  EXPECT_NO_THROW(check_journal_matches(sample_header(), study, 6, "j"));
  study.inputs[0].hash = "00000000000000cc";
  try {
    check_journal_matches(sample_header(), study, 6, "j");
    FAIL() << "changed study file accepted";
  } catch (const InputError& error) {
    const std::string text = error.what();
    EXPECT_NE(text.find("the study file study.toml changed"), std::string::npos) << text;
    EXPECT_NE(text.find("00000000000000aa, now 00000000000000cc"), std::string::npos) << text;
  }
  study.inputs = sample_header().inputs;
  EXPECT_THROW(check_journal_matches(sample_header(), study, 8, "j"), InputError);  // other task count
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
    check_journal_matches(contents.header, study, 6, path);
    FAIL() << "journal of another build accepted";
  } catch (const InputError& error) {
    const std::string text = error.what();
    EXPECT_NE(text.find("written by bosim 0.0.9 for some other instruction set, this is " + build_identity()),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(path), std::string::npos) << text;
  }
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
