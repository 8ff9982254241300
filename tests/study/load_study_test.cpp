// Tests of load_study: a study file and a small CSV in a scratch folder, loaded and checked end to end.
#include <gtest/gtest.h>

#include "common/file_hash.hpp"
#include "study/study.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

using bosim::testing::scratch_folder;
using bosim::testing::write_text_file;

/// Four designs on {0,1}²; design (0, 1) is measured twice.
const std::string square_csv = "a,b,y\n0,0,1\n0,1,2\n0,1,4\n1,0,3\n1,1,5\n";

/// A folder with data/square.csv and studies/, the study written as studies/s.toml.
std::string write_study(const std::string& folder_name, const std::string& study_text) {
  const auto folder = scratch_folder(folder_name);
  std::filesystem::create_directories(folder / "data");
  std::filesystem::create_directories(folder / "studies");
  write_text_file(folder / "data" / "square.csv", square_csv);
  write_text_file(folder / "studies" / "s.toml", study_text);
  return (folder / "studies" / "s.toml").string();
}

const std::string truth_block = "[truth]\npath = \"../data/square.csv\"\n";  // lines 1–2

void expect_error(const std::string& path, const std::string& expected) {
  try {
    load_study(path);
    ADD_FAILURE() << "no error; expected " << expected;
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), path + ":" + expected);
  }
}

TEST(LoadStudy, LoadsTheDatasetRelativeToTheStudyFolder) {
  const std::string text = "repeats = 3\n" + truth_block + "[campaign]\nn_init = 2\n";
  const std::string path = write_study("load_study_relative", text);
  const LoadedStudy loaded = load_study(path);
  ASSERT_NE(loaded.truth, nullptr);
  EXPECT_EQ(loaded.truth->size(), 4);
  EXPECT_EQ(loaded.truth->expected_value(1), 3.0);  // the replicates of (0, 1) averaged
  EXPECT_EQ(loaded.study.name, "s");
  EXPECT_EQ(loaded.study.total_runs(), 3u);
  ASSERT_EQ(loaded.study.inputs.size(), 2u);
  EXPECT_EQ(loaded.study.inputs[0].path, path);
  EXPECT_EQ(loaded.study.inputs[0].hash, fnv1a_hex(text));
  EXPECT_EQ(std::filesystem::canonical(loaded.study.inputs[1].path),
            std::filesystem::canonical(std::filesystem::path(path).parent_path() / ".." / "data" / "square.csv"));
  EXPECT_EQ(loaded.study.inputs[1].hash, fnv1a_hex(square_csv));
}

TEST(LoadStudy, MissingDatasetIsReportedAtThePath) {
  const std::string path = write_study("load_study_missing", "[truth]\npath = \"nothing.csv\"\n");
  const std::string resolved = (std::filesystem::path(path).parent_path() / "nothing.csv").string();
  expect_error(path,
               "2:8: error: dataset file not found: " + resolved + " (paths are relative to the study file's folder)");
}

TEST(LoadStudy, NInitMustBeBelowThePoolSize) {
  const std::string path = write_study("load_study_n_init", truth_block + "[campaign]\nn_init = 4\n");
  expect_error(path,
               "4:1: error: configuration 0: n_init (4) must be less than the pool of 4 designs, so that at "
               "least one design is left to choose");
}

TEST(LoadStudy, ListedDesignsMustBeInThePool) {
  const std::string listed = truth_block + "[campaign]\nn_init = 2\ninit = \"list\"\n";
  expect_error(write_study("load_study_listed_bad", listed + "initial_designs = [[1, 1], [0.5, 0]]\n"),
               "6:28: error: initial design 2 (0.5, 0) is not a design of the pool (listed designs must match a "
               "pool design's features exactly)");
  const LoadedStudy loaded =
      load_study(write_study("load_study_listed", listed + "initial_designs = [[1, 1], [0, 1]]\n"));
  EXPECT_EQ(loaded.study.configurations.at(0).settings.listed_initial_designs,
            (std::vector<std::vector<double>>{{1, 1}, {0, 1}}));
}

TEST(LoadStudy, SharedDatasetStudyExpands) {
  BOSIM_REQUIRE_SHARED_DATASET(dataset, "p3ht_cnt.csv");
  const auto folder = scratch_folder("load_study_p3ht");
  write_text_file(folder / "p3ht.toml", "seed = 1\nrepeats = 2\n[truth]\npath = \"" + dataset +
                                            "\"\n[[sweep]]\nacquisition = [\"pi\", \"ei\"]\n"
                                            "delta = {linspace = [0, 60, 7]}\n");
  const LoadedStudy loaded = load_study((folder / "p3ht.toml").string());
  EXPECT_EQ(loaded.truth->size(), 178);  // 233 rows, 178 distinct designs (datasets/README.md)
  EXPECT_EQ(loaded.study.configurations.size(), 14u);
  EXPECT_EQ(loaded.study.total_runs(), 28u);
}

}  // namespace
}  // namespace bosim
