#include "results/results_file.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>

#include "common/version.hpp"
#include "results/hdf5_handle.hpp"
#include "results/read_run_data.hpp"
#include "study/campaign_parameters.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

/// Just enough of a ground truth for the attributes of the results file.
class FakeTruth final : public GroundTruth {
 public:
  FakeTruth() : designs_(Eigen::MatrixXd::Identity(3, 1)) {}
  std::string describe() const override { return "fake truth (3 designs)"; }
  const DesignSpace& space() const override { return space_; }
  Goal goal() const override { return Goal::minimize; }
  const std::string& objective_name() const override { return objective_; }
  const Eigen::MatrixXd& designs() const override { return designs_; }
  double expected_value(Eigen::Index design) const override { return static_cast<double>(design); }
  double measure(Eigen::Index design, Rng&) const override { return static_cast<double>(design); }
  const std::vector<Eigen::Index>& optimal_designs() const override { return optimal_; }

 private:
  DesignSpace space_;
  Eigen::MatrixXd designs_;
  std::string objective_ = "Loss (a.u.)";
  std::vector<Eigen::Index> optimal_{0};
};

/// Two configurations: 0 = EI with delta 0.1 (sweep 0); 1 = UCB with a Matérn
/// kernel and delta randomized uniform(0, 60) (sweep 1).
Study demo_study() {
  Study study;
  study.name = "demo";
  study.path = "demo.toml";
  study.toml_text = "name = \"demo\"\n";
  study.seed = 42;
  study.repeats = 2;
  study.inputs = {{"demo.toml", "0123456789abcdef"}, {"data.csv", "fedcba9876543210"}};

  Configuration first;
  first.config_id = 0;
  first.settings.acquisition_parameters.delta = 0.1;
  Configuration second;
  second.config_id = 1;
  second.sweep_index = 1;
  second.settings.acquisition = AcquisitionKind::upper_confidence_bound;
  second.settings.kernel = KernelKind::matern52;
  second.randomized.push_back({"delta", RandomizedFactor::Distribution::uniform, 0.0, 60.0});
  // Deliberately out of id order: the file is ordered by config_id.
  study.configurations = {second, first};
  study.randomized_factor_names = {"delta"};
  return study;
}

RunRecord make_record(std::uint32_t config_id, std::uint32_t repeat, std::size_t experiments, bool found) {
  RunRecord record;
  record.config_id = config_id;
  record.repeat = repeat;
  record.seed = 1000 + 10 * config_id + repeat;
  record.found = found;
  record.experiments_to_optimum = found ? static_cast<std::int32_t>(experiments) : -1;
  record.iterations_to_optimum = found ? static_cast<std::int32_t>(experiments) - 2 : -1;
  record.n_fits = 3;
  record.wall_seconds = 0.25;
  for (std::size_t k = 0; k < experiments; ++k) {
    record.best_so_far.push_back(10.0 - static_cast<double>(k));
    record.chosen.push_back(static_cast<std::int32_t>(k % 3));
  }
  record.best_value = record.best_so_far.empty() ? nan_value : record.best_so_far.back();
  record.drawn_values = {config_id == 1 ? 12.5 + repeat : nan_value};
  return record;
}

/// Runs in scrambled order; (0, 1) failed with no trajectory; (1, 0) did not find the optimum.
std::vector<RunRecord> demo_records() {
  RunRecord failed = make_record(0, 1, 0, false);
  failed.status = RunStatus::failed;
  failed.message = "Cholesky failed";
  return {make_record(1, 1, 9, true), failed, make_record(0, 0, 7, true), make_record(1, 0, 10, false)};
}

std::string write_demo(const std::string& folder_name) {
  const fs::path folder = testing::scratch_folder(folder_name);
  const std::string path = (folder / "results.h5").string();
  write_results_file(path, demo_study(), FakeTruth(), demo_records(), false);
  return path;
}

FileHandle open_read_only(const std::string& path) {
  return FileHandle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open " + path);
}

std::vector<hsize_t> dimensions_of(hid_t file, const char* dataset_name) {
  const DatasetHandle dataset(H5Dopen2(file, dataset_name, H5P_DEFAULT), dataset_name);
  const SpaceHandle space(H5Dget_space(dataset), "space");
  std::vector<hsize_t> dimensions(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)));
  H5Sget_simple_extent_dims(space, dimensions.data(), nullptr);
  return dimensions;
}

/// The dataset's values exactly as stored (read with its own file type, so no conversion).
std::vector<unsigned char> raw_bytes(hid_t file, const char* dataset_name) {
  const DatasetHandle dataset(H5Dopen2(file, dataset_name, H5P_DEFAULT), dataset_name);
  const TypeHandle type(H5Dget_type(dataset), "type");
  const SpaceHandle space(H5Dget_space(dataset), "space");
  std::vector<unsigned char> bytes(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)) * H5Tget_size(type));
  if (!bytes.empty()) H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data());
  return bytes;
}

TypeHandle fixed_string(std::size_t size) {
  TypeHandle type(H5Tcopy(H5T_C_S1), "string");
  H5Tset_size(type, size);
  H5Tset_strpad(type, H5T_STR_NULLTERM);
  return type;
}

struct RunRow {
  std::uint32_t config_id;
  std::uint32_t repeat;
  std::uint64_t seed;
  char status[8];
  std::int32_t experiments_to_optimum;
  std::uint8_t found;
  double best_value;
  double drawn_delta;
};

std::vector<RunRow> read_runs(hid_t file) {
  const DatasetHandle dataset(H5Dopen2(file, "runs", H5P_DEFAULT), "runs");
  const TypeHandle type(H5Tcreate(H5T_COMPOUND, sizeof(RunRow)), "compound");
  const TypeHandle status = fixed_string(sizeof(RunRow::status));
  H5Tinsert(type, "config_id", offsetof(RunRow, config_id), H5T_NATIVE_UINT32);
  H5Tinsert(type, "repeat", offsetof(RunRow, repeat), H5T_NATIVE_UINT32);
  H5Tinsert(type, "seed", offsetof(RunRow, seed), H5T_NATIVE_UINT64);
  H5Tinsert(type, "status", offsetof(RunRow, status), status);
  H5Tinsert(type, "experiments_to_optimum", offsetof(RunRow, experiments_to_optimum), H5T_NATIVE_INT32);
  H5Tinsert(type, "found", offsetof(RunRow, found), H5T_NATIVE_UINT8);
  H5Tinsert(type, "best_value", offsetof(RunRow, best_value), H5T_NATIVE_DOUBLE);
  H5Tinsert(type, "drawn_delta", offsetof(RunRow, drawn_delta), H5T_NATIVE_DOUBLE);
  std::vector<RunRow> rows(dimensions_of(file, "runs").at(0));
  EXPECT_GE(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), 0);
  return rows;
}

TEST(ResultsFile, RunsAreSortedByConfigAndRepeat) {
  const std::string path = write_demo("results-runs");
  const FileHandle file = open_read_only(path);
  const std::vector<RunRow> runs = read_runs(file);
  ASSERT_EQ(runs.size(), 4u);
  const std::uint32_t expected_keys[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  for (std::size_t r = 0; r < 4; ++r) {
    EXPECT_EQ(runs[r].config_id, expected_keys[r][0]) << "row " << r;
    EXPECT_EQ(runs[r].repeat, expected_keys[r][1]) << "row " << r;
    EXPECT_EQ(runs[r].seed, 1000 + 10 * expected_keys[r][0] + expected_keys[r][1]);
  }
  EXPECT_STREQ(runs[0].status, "ok");
  EXPECT_STREQ(runs[1].status, "failed");
  EXPECT_EQ(runs[0].experiments_to_optimum, 7);
  EXPECT_EQ(runs[0].found, 1);
  EXPECT_EQ(runs[2].experiments_to_optimum, -1);
  EXPECT_EQ(runs[2].found, 0);
  EXPECT_DOUBLE_EQ(runs[3].best_value, 2.0);  // 10 − 8 after 9 experiments
  EXPECT_TRUE(std::isnan(runs[0].drawn_delta));
  EXPECT_DOUBLE_EQ(runs[2].drawn_delta, 12.5);
  EXPECT_DOUBLE_EQ(runs[3].drawn_delta, 13.5);

  // One message per run, in the same order.
  const DatasetHandle messages(H5Dopen2(file, "run_messages", H5P_DEFAULT), "run_messages");
  const TypeHandle text(H5Tcopy(H5T_C_S1), "string");
  H5Tset_size(text, H5T_VARIABLE);
  H5Tset_cset(text, H5T_CSET_UTF8);
  std::vector<char*> texts(4, nullptr);
  ASSERT_GE(H5Dread(messages, text, H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()), 0);
  EXPECT_EQ(texts[0], nullptr);  // no message: a null string (schema 2), which h5py reads as ""
  EXPECT_STREQ(texts[1], "Cholesky failed");
  const SpaceHandle space(H5Dget_space(messages), "space");
  H5Dvlen_reclaim(text, space, H5P_DEFAULT, texts.data());
}

TEST(ResultsFile, TrajectoriesArePaddedToTheLongestRun) {
  const std::string path = write_demo("results-trajectories");
  const FileHandle file = open_read_only(path);
  ASSERT_EQ(dimensions_of(file, "trajectories/best_so_far"), (std::vector<hsize_t>{4, 10}));
  ASSERT_EQ(dimensions_of(file, "trajectories/chosen"), (std::vector<hsize_t>{4, 10}));

  std::vector<double> best(40);
  std::vector<std::int32_t> chosen(40);
  {
    const DatasetHandle dataset(H5Dopen2(file, "trajectories/best_so_far", H5P_DEFAULT), "best_so_far");
    ASSERT_GE(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, best.data()), 0);
    const PropertyListHandle properties(H5Dget_create_plist(dataset), "plist");
    EXPECT_EQ(H5Pget_layout(properties), H5D_CHUNKED);
    EXPECT_EQ(H5Pget_nfilters(properties), 2);  // shuffle + deflate
  }
  {
    const DatasetHandle dataset(H5Dopen2(file, "trajectories/chosen", H5P_DEFAULT), "chosen");
    ASSERT_GE(H5Dread(dataset, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, chosen.data()), 0);
  }
  // Row 0 = run (0, 0): 7 experiments, then padding.
  for (std::size_t k = 0; k < 7; ++k) {
    EXPECT_DOUBLE_EQ(best[k], 10.0 - static_cast<double>(k));
    EXPECT_EQ(chosen[k], static_cast<std::int32_t>(k % 3));
  }
  for (std::size_t k = 7; k < 10; ++k) {
    EXPECT_TRUE(std::isnan(best[k]));
    EXPECT_EQ(chosen[k], -1);
  }
  // Row 1 = the failed run: all padding. Row 2 = run (1, 0): the full 10.
  for (std::size_t k = 10; k < 20; ++k) {
    EXPECT_TRUE(std::isnan(best[k]));
    EXPECT_EQ(chosen[k], -1);
  }
  EXPECT_DOUBLE_EQ(best[29], 1.0);
  EXPECT_EQ(chosen[29], 0);
}

TEST(ResultsFile, ConfigsHaveOneColumnPerCampaignParameter) {
  const std::string path = write_demo("results-configs");
  const FileHandle file = open_read_only(path);
  const DatasetHandle dataset(H5Dopen2(file, "configs", H5P_DEFAULT), "configs");
  const TypeHandle file_type(H5Dget_type(dataset), "type");

  const auto& parameters = campaign_parameters();
  ASSERT_EQ(H5Tget_nmembers(file_type), static_cast<int>(parameters.size()) + 3);
  const auto member_name = [&](int index) {
    char* raw = H5Tget_member_name(file_type, static_cast<unsigned>(index));
    std::string name = raw;
    H5free_memory(raw);
    return name;
  };
  EXPECT_EQ(member_name(0), "config_id");
  EXPECT_EQ(member_name(1), "sweep");
  for (std::size_t p = 0; p < parameters.size(); ++p) {
    EXPECT_EQ(member_name(static_cast<int>(p) + 2), parameters[p].name);
    const H5T_class_t expected = parameters[p].type == ParameterType::integer ? H5T_INTEGER
                                 : parameters[p].type == ParameterType::real  ? H5T_FLOAT
                                 : parameters[p].type == ParameterType::text  ? H5T_STRING
                                                                              : H5T_ENUM;
    EXPECT_EQ(H5Tget_member_class(file_type, static_cast<unsigned>(p) + 2), expected) << parameters[p].name;
  }
  EXPECT_EQ(member_name(static_cast<int>(parameters.size()) + 2), "randomized");
  // Text columns are as long as their longest value: "ei" and "ucb".
  const TypeHandle acquisition_type(
      H5Tget_member_type(file_type, static_cast<unsigned>(H5Tget_member_index(file_type, "acquisition"))), "member");
  EXPECT_EQ(H5Tget_size(acquisition_type), 3u);

  struct ConfigRow {
    std::uint32_t config_id;
    std::int32_t sweep;
    double delta;
    std::int64_t n_init;
    char acquisition[8];
    char randomized[32];
  };
  const TypeHandle acquisition = fixed_string(8), randomized = fixed_string(32);
  const TypeHandle row_type(H5Tcreate(H5T_COMPOUND, sizeof(ConfigRow)), "compound");
  H5Tinsert(row_type, "config_id", offsetof(ConfigRow, config_id), H5T_NATIVE_UINT32);
  H5Tinsert(row_type, "sweep", offsetof(ConfigRow, sweep), H5T_NATIVE_INT32);
  H5Tinsert(row_type, "delta", offsetof(ConfigRow, delta), H5T_NATIVE_DOUBLE);
  H5Tinsert(row_type, "n_init", offsetof(ConfigRow, n_init), H5T_NATIVE_INT64);
  H5Tinsert(row_type, "acquisition", offsetof(ConfigRow, acquisition), acquisition);
  H5Tinsert(row_type, "randomized", offsetof(ConfigRow, randomized), randomized);
  ASSERT_EQ(dimensions_of(file, "configs"), std::vector<hsize_t>{2});
  ConfigRow rows[2];
  ASSERT_GE(H5Dread(dataset, row_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows), 0);
  EXPECT_EQ(rows[0].config_id, 0u);
  EXPECT_EQ(rows[0].sweep, 0);
  EXPECT_DOUBLE_EQ(rows[0].delta, 0.1);
  EXPECT_EQ(rows[0].n_init, 6);
  EXPECT_STREQ(rows[0].acquisition, "ei");
  EXPECT_STREQ(rows[0].randomized, "");
  EXPECT_EQ(rows[1].config_id, 1u);
  EXPECT_EQ(rows[1].sweep, 1);
  EXPECT_TRUE(std::isnan(rows[1].delta));  // randomized: drawn per run, see /runs drawn_delta
  EXPECT_STREQ(rows[1].acquisition, "ucb");
  EXPECT_STREQ(rows[1].randomized, "delta~uniform(0, 60)");
}

TEST(ResultsFile, SummaryCountsFoundAndFailedRuns) {
  const std::string path = write_demo("results-summary");
  const FileHandle file = open_read_only(path);
  const DatasetHandle dataset(H5Dopen2(file, "summary", H5P_DEFAULT), "summary");
  struct SummaryRow {
    std::uint32_t config_id, runs, found, failed;
    double mean, success_rate, ci_low;
  };
  const TypeHandle row_type(H5Tcreate(H5T_COMPOUND, sizeof(SummaryRow)), "compound");
  H5Tinsert(row_type, "config_id", offsetof(SummaryRow, config_id), H5T_NATIVE_UINT32);
  H5Tinsert(row_type, "runs", offsetof(SummaryRow, runs), H5T_NATIVE_UINT32);
  H5Tinsert(row_type, "found", offsetof(SummaryRow, found), H5T_NATIVE_UINT32);
  H5Tinsert(row_type, "failed", offsetof(SummaryRow, failed), H5T_NATIVE_UINT32);
  H5Tinsert(row_type, "mean", offsetof(SummaryRow, mean), H5T_NATIVE_DOUBLE);
  H5Tinsert(row_type, "success_rate", offsetof(SummaryRow, success_rate), H5T_NATIVE_DOUBLE);
  H5Tinsert(row_type, "ci_low", offsetof(SummaryRow, ci_low), H5T_NATIVE_DOUBLE);
  ASSERT_EQ(dimensions_of(file, "summary"), std::vector<hsize_t>{2});
  SummaryRow rows[2];
  ASSERT_GE(H5Dread(dataset, row_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows), 0);
  EXPECT_EQ(rows[0].config_id, 0u);
  EXPECT_EQ(rows[0].runs, 2u);
  EXPECT_EQ(rows[0].found, 1u);
  EXPECT_EQ(rows[0].failed, 1u);
  EXPECT_DOUBLE_EQ(rows[0].mean, 7.0);
  EXPECT_DOUBLE_EQ(rows[0].success_rate, 0.5);
  EXPECT_DOUBLE_EQ(rows[0].ci_low, 7.0);
  EXPECT_EQ(rows[1].config_id, 1u);
  EXPECT_EQ(rows[1].runs, 2u);
  EXPECT_EQ(rows[1].found, 1u);
  EXPECT_EQ(rows[1].failed, 0u);
  EXPECT_DOUBLE_EQ(rows[1].mean, 9.0);
}

TEST(ResultsFile, RootAttributesDescribeTheStudy) {
  const std::string path = write_demo("results-attributes");
  const FileHandle file = open_read_only(path);
  for (const char* name : {"schema_version", "bosim_version", "study_name", "seed", "repeats", "study_toml",
                           "input_files", "created", "truth", "objective", "goal"})
    EXPECT_GT(H5Aexists(file, name), 0) << name;

  const auto read_number = [&](const char* name) {
    const AttributeHandle attribute(H5Aopen(file, name, H5P_DEFAULT), name);
    std::uint64_t value = 0;
    EXPECT_GE(H5Aread(attribute, H5T_NATIVE_UINT64, &value), 0);
    return value;
  };
  EXPECT_EQ(read_number("schema_version"), static_cast<std::uint64_t>(results_schema_version));
  EXPECT_EQ(read_number("seed"), 42u);
  EXPECT_EQ(read_number("repeats"), 2u);
  {
    const AttributeHandle seed(H5Aopen(file, "seed", H5P_DEFAULT), "seed");
    const TypeHandle type(H5Aget_type(seed), "type");
    EXPECT_EQ(H5Tget_size(type), 8u);
    EXPECT_EQ(H5Tget_sign(type), H5T_SGN_NONE);
  }

  const auto read_text = [&](const char* name) {
    const AttributeHandle attribute(H5Aopen(file, name, H5P_DEFAULT), name);
    const TypeHandle type(H5Aget_type(attribute), "type");
    EXPECT_GT(H5Tis_variable_str(type), 0);
    char* raw = nullptr;
    EXPECT_GE(H5Aread(attribute, type, &raw), 0);
    std::string text = raw;
    H5free_memory(raw);
    return text;
  };
  EXPECT_EQ(read_text("study_name"), "demo");
  EXPECT_EQ(read_text("bosim_version"), version);
  EXPECT_EQ(read_text("instruction_set"), instruction_set);
  EXPECT_EQ(read_text("goal"), "minimize");
  EXPECT_EQ(read_text("objective"), "Loss (a.u.)");
  EXPECT_EQ(read_text("truth"), "fake truth (3 designs)");
  EXPECT_EQ(read_text("input_files"), "demo.toml=0123456789abcdef\ndata.csv=fedcba9876543210\n");
  const std::string created = read_text("created");  // e.g. 2025-01-31T12:00:00Z
  ASSERT_EQ(created.size(), 20u) << created;
  EXPECT_EQ(created[10], 'T');
  EXPECT_EQ(created.back(), 'Z');
}

TEST(ResultsFile, RefusesToOverwriteUnlessForced) {
  const std::string path = write_demo("results-overwrite");
  try {
    write_results_file(path, demo_study(), FakeTruth(), demo_records(), false);
    FAIL() << "overwrote without --force";
  } catch (const InputError& error) {
    EXPECT_EQ(error.where().file, path);
    EXPECT_NE(std::string(error.what()).find("--force"), std::string::npos) << error.what();
  }
  std::vector<RunRecord> fewer = demo_records();
  fewer.pop_back();
  EXPECT_NO_THROW(write_results_file(path, demo_study(), FakeTruth(), fewer, true));
  const FileHandle file = open_read_only(path);
  EXPECT_EQ(dimensions_of(file, "runs"), std::vector<hsize_t>{3});
  EXPECT_FALSE(testing::partial_file_left(path));
}

TEST(ResultsFile, MissingFolderIsAnInputError) {
  const fs::path folder = testing::scratch_folder("results-missing-folder") / "absent";
  const std::string path = (folder / "results.h5").string();
  try {
    write_results_file(path, demo_study(), FakeTruth(), demo_records(), false);
    FAIL() << "wrote into a missing folder";
  } catch (const InputError& error) {
    EXPECT_NE(error.message().find(folder.string()), std::string::npos) << error.what();
  }
  EXPECT_FALSE(fs::exists(folder));
}

TEST(ResultsFile, FailedWriteLeavesNoPartialFile) {
  const fs::path folder = testing::scratch_folder("results-failed-write");
  const std::string path = (folder / "results.h5").string();
  std::vector<RunRecord> records = demo_records();
  records[0].config_id = 7;  // no such configuration
  EXPECT_THROW(write_results_file(path, demo_study(), FakeTruth(), records, false), std::invalid_argument);
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(testing::partial_file_left(path));
}

TEST(ResultsFile, IdenticalRecordsGiveIdenticalDatasetBytes) {
  const std::string first = write_demo("results-bytes-1");
  const fs::path folder = testing::scratch_folder("results-bytes-2");
  const std::string second = (folder / "results.h5").string();
  std::vector<RunRecord> reversed = demo_records();
  std::reverse(reversed.begin(), reversed.end());
  write_results_file(second, demo_study(), FakeTruth(), reversed, false);

  const FileHandle a = open_read_only(first), b = open_read_only(second);
  for (const char* dataset : {"configs", "runs", "trajectories/best_so_far", "trajectories/chosen", "summary"}) {
    const std::vector<unsigned char> bytes_a = raw_bytes(a, dataset), bytes_b = raw_bytes(b, dataset);
    EXPECT_FALSE(bytes_a.empty()) << dataset;
    EXPECT_TRUE(bytes_a == bytes_b) << dataset;
  }
}

TEST(ResultsFile, StudyWithoutRunsStillHasEveryDataset) {
  const fs::path folder = testing::scratch_folder("results-empty");
  const std::string path = (folder / "results.h5").string();
  write_results_file(path, demo_study(), FakeTruth(), {}, false);
  const FileHandle file = open_read_only(path);
  EXPECT_EQ(dimensions_of(file, "runs"), std::vector<hsize_t>{0});
  EXPECT_EQ(dimensions_of(file, "trajectories/best_so_far"), (std::vector<hsize_t>{0, 1}));
  EXPECT_EQ(dimensions_of(file, "summary"), std::vector<hsize_t>{2});
  const ResultsSummaryView view = read_results_summary(path);
  EXPECT_EQ(view.total_runs, 0u);
  EXPECT_EQ(view.summaries.at(0).runs, 0u);
}

/// 2 configurations x 1500 repeats = 3000 runs, more than two blocks of run_chunk_rows (1024): row r holds run
/// (r / 1500, r % 1500), found at 3 + repeat % 5 experiments unless repeat % 7 == 0.
std::vector<RunRecord> many_records() {
  std::vector<RunRecord> records;
  for (std::uint32_t repeat = 1500; repeat-- > 0;)  // scrambled: the writer sorts
    for (std::uint32_t config_id : {1u, 0u})
      records.push_back(make_record(config_id, repeat, 3 + repeat % 5, repeat % 7 != 0));
  return records;
}

TEST(ResultsFile, RunsSpanningSeveralBlocksKeepTheirOrderAndSummary) {
  Study study = demo_study();
  study.repeats = 1500;
  const fs::path folder = testing::scratch_folder("results-blocks");
  const std::string path = (folder / "results.h5").string();
  write_results_file(path, study, FakeTruth(), many_records(), false);
  const FileHandle file = open_read_only(path);
  const std::vector<RunRow> runs = read_runs(file);
  ASSERT_EQ(runs.size(), 3000u);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    ASSERT_EQ(runs[r].config_id, r / 1500) << r;
    ASSERT_EQ(runs[r].repeat, r % 1500) << r;
  }
  EXPECT_EQ(dimensions_of(file, "trajectories/chosen"), (std::vector<hsize_t>{3000, 7}));
  const ResultsSummaryView view = read_results_summary(path);
  std::vector<double> found_experiments;
  for (std::uint32_t repeat = 0; repeat < 1500; ++repeat)
    if (repeat % 7 != 0) found_experiments.push_back(3 + repeat % 5);
  const ConfigSummary expected = summarize(0, found_experiments, 1500, 0);
  ASSERT_EQ(view.summaries.size(), 2u);
  EXPECT_EQ(view.summaries[0].runs, 1500u);
  EXPECT_EQ(view.summaries[0].found, expected.found);
  EXPECT_DOUBLE_EQ(view.summaries[0].mean, expected.mean);
  EXPECT_DOUBLE_EQ(view.summaries[1].ci_low, summarize(1, found_experiments, 1500, 0).ci_low);
}

TEST(ResultsFile, WithoutTrajectoriesTheGroupIsAbsentAndTheRestIsKept) {
  Study study = demo_study();
  study.store_trajectories = false;
  const fs::path folder = testing::scratch_folder("results-no-trajectories");
  const std::string path = (folder / "results.h5").string();
  write_results_file(path, study, FakeTruth(), demo_records(), false);
  const FileHandle file = open_read_only(path);
  EXPECT_EQ(H5Lexists(file, "trajectories", H5P_DEFAULT), 0);
  EXPECT_EQ(read_runs(file).size(), 4u);
  EXPECT_EQ(read_results_summary(path).summaries.at(1).found, 1u);
  const RunDataView runs = read_run_data(path);
  EXPECT_FALSE(runs.has_trajectories);
  EXPECT_EQ(runs.runs(), 4u);
  EXPECT_TRUE(runs.best_so_far.empty());
  EXPECT_TRUE(runs.chosen.empty());
}

TEST(ReadResultsSummary, RoundTrip) {
  const std::string path = write_demo("results-round-trip");
  const ResultsSummaryView view = read_results_summary(path);
  EXPECT_EQ(view.study_name, "demo");
  EXPECT_EQ(view.objective, "Loss (a.u.)");
  EXPECT_EQ(view.goal, "minimize");

  const auto& parameters = campaign_parameters();
  ASSERT_EQ(view.parameter_names.size(), parameters.size());
  for (std::size_t p = 0; p < parameters.size(); ++p) EXPECT_EQ(view.parameter_names[p], parameters[p].name);
  const auto cell = [&](std::size_t row, const std::string& name) {
    const auto column = std::find(view.parameter_names.begin(), view.parameter_names.end(), name);
    return view.config_cells.at(row).at(static_cast<std::size_t>(column - view.parameter_names.begin()));
  };
  EXPECT_EQ(view.config_ids, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(cell(0, "acquisition"), "ei");
  EXPECT_EQ(cell(1, "kernel"), "matern52");
  EXPECT_EQ(cell(0, "delta"), "0.1");
  EXPECT_EQ(cell(1, "delta"), "nan");
  EXPECT_EQ(cell(0, "n_init"), "6");
  EXPECT_EQ(cell(0, "continue_after_optimum"), "false");
  EXPECT_EQ(view.randomized, (std::vector<std::string>{"", "delta~uniform(0, 60)"}));

  ASSERT_EQ(view.summaries.size(), 2u);
  const ConfigSummary expected = summarize(1, {9.0}, 2, 0);
  EXPECT_EQ(view.summaries[1].config_id, 1u);
  EXPECT_EQ(view.summaries[1].found, 1u);
  EXPECT_DOUBLE_EQ(view.summaries[1].mean, expected.mean);
  EXPECT_DOUBLE_EQ(view.summaries[1].success_rate, 0.5);
  EXPECT_EQ(view.summaries[0].failed, 1u);

  EXPECT_EQ(view.total_runs, 4u);
  EXPECT_EQ(view.failed_runs, 1u);
  ASSERT_EQ(view.failures.size(), 1u);
  EXPECT_EQ(view.failures[0].config_id, 0u);
  EXPECT_EQ(view.failures[0].repeat, 1u);
  EXPECT_EQ(view.failures[0].message, "Cholesky failed");
}

TEST(ReadResultsSummary, RejectsAFileThatIsNotHdf5) {
  const fs::path folder = testing::scratch_folder("results-not-hdf5");
  const std::string path = (folder / "notes.h5").string();
  testing::write_text_file(path, "config_id,mean\n0,7\n");
  try {
    read_results_summary(path);
    FAIL() << "accepted a text file";
  } catch (const InputError& error) {
    EXPECT_EQ(error.where().file, path);
    EXPECT_NE(error.message().find("not an HDF5 file"), std::string::npos) << error.what();
  }
  EXPECT_THROW(read_results_summary((folder / "absent.h5").string()), InputError);
}

TEST(ReadResultsSummary, RejectsHdf5WithoutTheBosimLayout) {
  const fs::path folder = testing::scratch_folder("results-foreign-hdf5");
  const std::string path = (folder / "foreign.h5").string();
  { const FileHandle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "create"); }
  try {
    read_results_summary(path);
    FAIL() << "accepted an HDF5 file without schema_version";
  } catch (const InputError& error) {
    EXPECT_EQ(error.where().file, path);
    EXPECT_EQ(error.message(), "not a bosim results file: missing attribute schema_version");
  }

  // A results file that lost its /summary names the dataset.
  const std::string results = write_demo("results-missing-summary");
  {
    const FileHandle file(H5Fopen(results.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open");
    ASSERT_GE(H5Ldelete(file, "summary", H5P_DEFAULT), 0);
  }
  try {
    read_results_summary(results);
    FAIL() << "accepted a results file without /summary";
  } catch (const InputError& error) {
    EXPECT_EQ(error.where().file, results);
    EXPECT_EQ(error.where().key, "summary");
  }
}

TEST(ResultsFile, PandasReadsRuns) {
  const char* python = "/usr/bin/python3";
  if (!fs::exists(python)) GTEST_SKIP() << "needs /usr/bin/python3";
  if (std::system("/usr/bin/python3 -c 'import h5py, pandas' >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "needs the python modules h5py and pandas";
  const std::string path = write_demo("results-pandas");
  const std::string script =
      "import sys, h5py, pandas\n"
      "f = h5py.File(sys.argv[1], 'r')\n"
      "runs = pandas.DataFrame(f['runs'][()])\n"
      "configs = pandas.DataFrame(f['configs'][()])\n"
      "assert list(runs.columns) == ['config_id', 'repeat', 'seed', 'status', 'experiments_to_optimum',"
      " 'iterations_to_optimum', 'found', 'best_value', 'n_fits', 'fit_failures', 'wall_seconds',"
      " 'drawn_delta'], list(runs.columns)\n"
      "assert list(runs['repeat']) == [0, 1, 0, 1]\n"
      "assert list(runs['status']) == [b'ok', b'failed', b'ok', b'ok']\n"
      "assert configs['continue_after_optimum'].dtype == bool, configs.dtypes\n"
      "assert f.attrs['study_name'] == 'demo'\n"
      "assert f['trajectories/best_so_far'].shape == (4, 10)\n";
  const fs::path script_path = fs::path(path).parent_path() / "check.py";
  testing::write_text_file(script_path, script);
  const std::string command = std::string(python) + " " + script_path.string() + " " + path;
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

}  // namespace
}  // namespace bosim
