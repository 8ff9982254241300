#include "analysis/study_analysis.hpp"

#include <hdf5.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <limits>

#include "analysis/analysis_parts.hpp"
#include "results/read_run_data.hpp"
#include "results/results_file.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

/// A pool of 100 designs whose expected value is the design index (maximize): optimum 99 at design 99.
class LinearTruth final : public GroundTruth {
 public:
  LinearTruth() : designs_(Eigen::MatrixXd::Zero(100, 1)) {
    for (Eigen::Index i = 0; i < 100; ++i) designs_(i, 0) = static_cast<double>(i);
  }
  std::string describe() const override { return "linear truth (100 designs)"; }
  const DesignSpace& space() const override { return space_; }
  Goal goal() const override { return Goal::maximize; }
  const std::string& objective_name() const override { return objective_; }
  const Eigen::MatrixXd& designs() const override { return designs_; }
  double expected_value(Eigen::Index design) const override { return static_cast<double>(design); }
  double measure(Eigen::Index design, Rng&) const override { return static_cast<double>(design); }
  const std::vector<Eigen::Index>& optimal_designs() const override { return optimal_; }

 private:
  DesignSpace space_;
  Eigen::MatrixXd designs_;
  std::string objective_ = "Yield (%)";
  std::vector<Eigen::Index> optimal_{99};
};

constexpr std::uint32_t repeats = 6;

/// EI over a 2 × 2 grid of delta ∈ {0, 30} (matters) and restarts ∈ {1, 4} (does not), plus random search.
Study grid_study() {
  Study study;
  study.name = "grid";
  study.path = "grid.toml";
  study.toml_text = "name = \"grid\"\n";
  study.repeats = repeats;
  std::uint32_t id = 0;
  for (const double delta : {0.0, 30.0})
    for (const int restarts : {1, 4}) {
      Configuration configuration;
      configuration.config_id = id++;
      configuration.settings.acquisition_parameters.delta = delta;
      configuration.settings.restarts = restarts;
      study.configurations.push_back(configuration);
    }
  Configuration random;
  random.config_id = id;
  random.settings.acquisition = AcquisitionKind::random;
  study.configurations.push_back(random);
  return study;
}

/// A run that measures designs 90 − E + 1 + k … climbing to design 99 at experiment E.
RunRecord run_finding_optimum_at(std::uint32_t config_id, std::uint32_t repeat, int experiments) {
  RunRecord record;
  record.config_id = config_id;
  record.repeat = repeat;
  record.found = true;
  record.experiments_to_optimum = experiments;
  record.iterations_to_optimum = experiments - 5;
  for (int k = 1; k <= experiments; ++k) {
    const int design = 99 - (experiments - k);
    record.chosen.push_back(design);
    record.best_so_far.push_back(design);
  }
  record.best_value = 99.0;
  return record;
}

/// delta = 0: 10 ± 1 experiments; delta = 30: 20 ± 1; the same ±1 pattern for both restarts levels,
/// so restarts explains nothing. Random search: always 50.
std::vector<RunRecord> grid_records() {
  const int noise[repeats] = {-1, 0, 1, -1, 0, 1};
  std::vector<RunRecord> records;
  for (std::uint32_t config_id = 0; config_id < 4; ++config_id)
    for (std::uint32_t repeat = 0; repeat < repeats; ++repeat)
      records.push_back(run_finding_optimum_at(config_id, repeat, (config_id < 2 ? 10 : 20) + noise[repeat]));
  for (std::uint32_t repeat = 0; repeat < repeats; ++repeat) records.push_back(run_finding_optimum_at(4, repeat, 50));
  return records;
}

class StudyAnalysisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (testing::scratch_folder("study_analysis") / "grid.h5").string();
    write_results_file(path_, grid_study(), LinearTruth(), grid_records(), true);
    summary_ = read_results_summary(path_);
    runs_ = read_run_data(path_);
    analysis_ = analyze_study(summary_, runs_, AnalysisOptions{});
  }
  std::string path_;
  ResultsSummaryView summary_;
  RunDataView runs_;
  StudyAnalysis analysis_;
};

TEST_F(StudyAnalysisTest, ReadsTheTruthAndTrajectoriesBack) {
  ASSERT_TRUE(runs_.has_truth);
  EXPECT_EQ(runs_.truth_values.size(), 100u);
  EXPECT_DOUBLE_EQ(runs_.truth_values[42], 42.0);
  EXPECT_EQ(runs_.optimal_designs, (std::vector<std::int32_t>{99}));
  EXPECT_DOUBLE_EQ(runs_.optimum_value, 99.0);
  EXPECT_EQ(runs_.runs(), 5u * repeats);
  EXPECT_EQ(runs_.trajectory_width, 50u);
  EXPECT_EQ(runs_.experiments_performed(0), 9u);
}

TEST_F(StudyAnalysisTest, RecommendsTheFactorThatMattersAndItsIndistinguishableTwin) {
  ASSERT_EQ(analysis_.recommendations.size(), 1u);  // random is the baseline, not a recommendation
  const Recommendation& ei = analysis_.recommendations[0];
  EXPECT_EQ(ei.acquisition, "ei");
  EXPECT_EQ(summary_.config_ids[ei.best_row], 0u);  // tie in ERT and success: lower config id
  EXPECT_EQ(ei.settings, "delta=0 restarts=1");
  ASSERT_EQ(ei.comparisons.size(), 4u);
  // Same delta, other restarts: identical per repeat, every paired difference 0 → p = 1.
  EXPECT_TRUE(ei.comparisons[1].not_significantly_worse);
  EXPECT_EQ(ei.comparisons[1].comparison.test.nonzero, 0u);
  // delta = 30 is 10 worse in each of the 6 repeats: all |d| tie, so the tie-corrected normal approximation;
  // scipy.stats.wilcoxon([10] * 6, alternative="greater", method="approx", correction=True).pvalue.
  // Holm over 3 tests, the two smallest equal: 3p.
  for (const std::size_t k : {2, 3}) {
    EXPECT_FALSE(ei.comparisons[k].not_significantly_worse);
    EXPECT_NEAR(ei.comparisons[k].comparison.test.p_value, 0.009828078625084936, 1e-12);
    EXPECT_NEAR(ei.comparisons[k].comparison.adjusted_p_value, 3.0 * 0.009828078625084936, 1e-12);
    EXPECT_DOUBLE_EQ(ei.comparisons[k].comparison.difference.estimate, 10.0);
  }
  EXPECT_TRUE(ei.has_friedman);
  EXPECT_EQ(ei.friedman.blocks, repeats);
  EXPECT_DOUBLE_EQ(ei.speedup_over_random, 5.0);  // ERT 50 / 10
  EXPECT_FALSE(analysis_.random.analytic);
  EXPECT_DOUBLE_EQ(analysis_.random.mean_experiments_to_optimum, 50.0);
  EXPECT_DOUBLE_EQ(analysis_.random.ert, 50.0);
}

TEST_F(StudyAnalysisTest, ComparesAcquisitionsAndRanksByErt) {
  ASSERT_EQ(analysis_.acquisitions.comparisons.size(), 2u);
  EXPECT_EQ(analysis_.acquisitions.comparisons[0].label, "ei");
  EXPECT_EQ(analysis_.acquisitions.comparisons[1].label, "random");
  // Random search is 41, 40, 39, 41, 40, 39 worse (the best EI's ±1 pattern): scipy.stats.wilcoxon(those,
  // alternative="greater", method="approx", correction=True); one test, no Holm factor.
  EXPECT_NEAR(analysis_.acquisitions.comparisons[1].comparison.adjusted_p_value, 0.017254828541375593, 1e-12);
  EXPECT_FALSE(analysis_.acquisitions.comparisons[1].not_significantly_worse);
  EXPECT_EQ(analysis_.configs[0].rank, 1u);
  EXPECT_EQ(analysis_.configs[4].rank, 5u);
  EXPECT_DOUBLE_EQ(analysis_.configs[0].ert, 10.0);  // no misses: ERT is the mean
  EXPECT_DOUBLE_EQ(analysis_.configs[0].experiments.mean, 10.0);
  ASSERT_EQ(analysis_.heatmaps.size(), 1u);  // delta x restarts
  EXPECT_EQ(analysis_.heatmaps[0].cell_rows.size(), 4u);
}

TEST_F(StudyAnalysisTest, NeverRecommendsASettingTheRaceEliminated) {
  // As if a race had eliminated config 0 (the lowest ERT): its indistinguishable twin (config 1) is recommended,
  // config 0 is marked and left out of the not-significantly-worse set although its repeats match the twin's.
  AnalysisOptions options;
  options.race_eliminated = {0};
  const StudyAnalysis raced = analyze_study(summary_, runs_, options);
  EXPECT_TRUE(raced.configs[0].race_eliminated);
  EXPECT_FALSE(raced.configs[1].race_eliminated);
  ASSERT_EQ(raced.recommendations.size(), 1u);
  const Recommendation& ei = raced.recommendations[0];
  EXPECT_EQ(summary_.config_ids[ei.best_row], 1u);
  EXPECT_EQ(ei.settings, "delta=0 restarts=4");
  ASSERT_EQ(ei.comparisons.size(), 4u);
  EXPECT_EQ(ei.comparisons[0].row, 0u);
  EXPECT_EQ(ei.comparisons[0].comparison.test.nonzero, 0u);  // identical to the best per repeat ...
  EXPECT_FALSE(ei.comparisons[0].not_significantly_worse);   // ... but out of the running
  EXPECT_EQ(summary_.config_ids[raced.acquisitions.best_row], 1u);
  EXPECT_TRUE(raced.race_eliminated_acquisitions.empty());
  // The ranking itself is by ERT over the runs made, eliminated or not.
  EXPECT_EQ(raced.configs[0].rank, 1u);
}

TEST_F(StudyAnalysisTest, RecommendsAmongTheSettingsThatRacedLongest) {
  // As if config 0 (the lowest ERT) had been declared equivalent after a short first round while configs 1–3
  // raced on: config 0's ERT rests on fewer repeats, so the recommendation is config 1, the lowest ERT of
  // the settings that raced longest; config 0 stays a contender in the comparisons (not eliminated).
  AnalysisOptions options;
  options.race_repeats = {{0, 2}, {1, 6}, {2, 6}, {3, 6}, {4, 2}};
  const StudyAnalysis raced = analyze_study(summary_, runs_, options);
  ASSERT_EQ(raced.recommendations.size(), 1u);
  EXPECT_EQ(summary_.config_ids[raced.recommendations[0].best_row], 1u);
  EXPECT_TRUE(raced.recommendations[0].comparisons[0].not_significantly_worse);
  EXPECT_EQ(raced.configs[0].race_repeats, 2u);
  // Without race data every setting is a contender: config 0 is recommended, as in the unraced study.
  EXPECT_EQ(summary_.config_ids[analysis_.recommendations[0].best_row], 0u);
}

TEST_F(StudyAnalysisTest, AnAcquisitionWhoseEverySettingTheRaceEliminatedGetsNoRecommendation) {
  AnalysisOptions options;
  options.race_eliminated = {0, 1, 2, 3};  // every EI setting (a race with scope = "all")
  const StudyAnalysis raced = analyze_study(summary_, runs_, options);
  EXPECT_TRUE(raced.recommendations.empty());
  EXPECT_EQ(raced.race_eliminated_acquisitions, (std::vector<std::string>{"ei"}));
  ASSERT_EQ(raced.acquisitions.comparisons.size(), 1u);  // random search alone
  EXPECT_EQ(raced.acquisitions.comparisons[0].label, "random");
  EXPECT_EQ(summary_.config_ids[raced.acquisitions.best_row], 4u);
}

TEST_F(StudyAnalysisTest, CountsRunningTimesInIterationsAfterTheInitialDesigns) {
  const ConfigMetrics& best = analysis_.configs[0];
  // Runs found the optimum at 9, 10, 11 experiments, twice each; iterations = experiments − n_init.
  EXPECT_DOUBLE_EQ(best.ert_iterations, 10.0 - static_cast<double>(best.n_init));
  ASSERT_EQ(best.iterations_of_found.size(), best.experiments_of_found.size());
  for (std::size_t k = 0; k < best.iterations_of_found.size(); ++k)
    EXPECT_DOUBLE_EQ(best.iterations_of_found[k], best.experiments_of_found[k] - static_cast<double>(best.n_init));
  EXPECT_LE(best.ert_iterations_interval.low, best.ert_iterations);
  EXPECT_GE(best.ert_iterations_interval.high, best.ert_iterations);
  ASSERT_FALSE(analysis_.n_init.empty());
  EXPECT_DOUBLE_EQ(analysis_.n_init[0].ert_iterations, analysis_.n_init[0].ert - analysis_.n_init[0].n_init);
}

TEST(RuntimesInIterations, CountsAMissAtTheIterationsItSpent) {
  // Found at 12 and 8 experiments, one miss after 20, n_init = 5: ERT = 40 / 2 = 20 experiments, but in
  // iterations (7 + 15 + 3) / 2 = 12.5, not 20 − 5 (every run, the miss included, loses its initial designs).
  const std::vector<CensoredRuntime> runs{{12.0, true}, {20.0, false}, {8.0, true}};
  EXPECT_DOUBLE_EQ(expected_running_time(runs), 20.0);
  EXPECT_DOUBLE_EQ(expected_running_time(runtimes_in_iterations(runs, 5)), 12.5);
}

TEST_F(StudyAnalysisTest, AttributesTheVarianceToDeltaAndNoneToRestarts) {
  // Within EI: Var(E[Y|delta]) = 25, noise variance 2/3 → 25 / (25 + 2/3); restarts 0.
  double delta_share = -1.0, restarts_share = -1.0, interaction = -1.0;
  for (const FactorSensitivity& factor : analysis_.sensitivity) {
    if (factor.scope != "ei") continue;
    if (factor.factors == std::vector<std::string>{"delta"}) delta_share = factor.share;
    if (factor.factors == std::vector<std::string>{"restarts"}) restarts_share = factor.share;
    if (factor.factors.size() == 2) interaction = factor.share;
  }
  EXPECT_NEAR(delta_share, 25.0 / (25.0 + 2.0 / 3.0), 1e-12);
  EXPECT_NEAR(restarts_share, 0.0, 1e-12);
  EXPECT_NEAR(interaction, 0.0, 1e-12);
}

TEST_F(StudyAnalysisTest, ComputesTargetsRegretAndTopDesigns) {
  const ConfigMetrics& best = analysis_.configs[0];
  ASSERT_EQ(best.targets.size(), 3u);
  // Within 5 % of 99 means value ≥ 94.05, i.e. design 95: 4 experiments before the optimum, so
  // E − 4 ∈ {5, 6, 7}; the initial batch of n_init = 6 counts as a whole: max(E − 4, 6) ∈ {6, 6, 7}.
  EXPECT_DOUBLE_EQ(best.targets[1].percent, 5.0);
  EXPECT_DOUBLE_EQ(best.targets[1].reached_share, 1.0);
  EXPECT_DOUBLE_EQ(best.targets[1].mean_experiments, (6.0 + 6.0 + 7.0) / 3.0);
  // Regret after the first experiment: 99 − (99 − E + 1) = E − 1, mean over E ∈ {9, 10, 11}.
  EXPECT_DOUBLE_EQ(best.mean_simple_regret[0], 9.0);
  EXPECT_DOUBLE_EQ(best.mean_simple_regret.back(), 0.0);
  // Top 5 % = designs 95 … 99: all five found by every run at the end.
  EXPECT_DOUBLE_EQ(best.mean_top_found_share.back(), 1.0);
  EXPECT_NEAR(best.ecdf[8], 2.0 / 6.0, 1e-15);  // E = 9 in two of six runs
  EXPECT_NEAR(best.ecdf[10], 1.0, 1e-15);
}

TEST_F(StudyAnalysisTest, FallsBackToTheAnalyticRandomSearch) {
  Study study = grid_study();
  study.configurations.pop_back();
  std::vector<RunRecord> records = grid_records();
  records.resize(4 * repeats);
  const std::string path = (testing::scratch_folder("study_analysis") / "no_random.h5").string();
  write_results_file(path, study, LinearTruth(), records, true);
  const StudyAnalysis analysis = analyze_study(read_results_summary(path), read_run_data(path), AnalysisOptions{});
  EXPECT_TRUE(analysis.random.analytic);
  // (N + 1)/2 + k(k − 1)/(2N) with N = 100 designs, one optimum and an initial batch of k = 6.
  EXPECT_NEAR(analysis.random.mean_experiments_to_optimum, 50.5 + 30.0 / 200.0, 1e-9);
  EXPECT_NEAR(analysis.recommendations[0].speedup_over_random, (50.5 + 30.0 / 200.0) / 10.0, 1e-9);
  EXPECT_NEAR(analysis.random.ert, 50.5 + 30.0 / 200.0, 1e-9);
  // Expected top share of random search after n draws is n / N.
  EXPECT_DOUBLE_EQ(analysis.random.mean_top_found_share[9], 0.1);
  // Best of one draw from values 0 … 99 is 49.5 on average.
  EXPECT_NEAR(analysis.random.expected_best_so_far[0], 49.5, 1e-9);
}

TEST(StudyAnalysisRandomized, SharesFromBinnedDrawnValuesAndPairedTestAgainstTheBestSetting) {
  // EI delta = 0 (config 0) against delta drawn from uniform(0, 60) per run (config 1), 40 repeats: the drawn
  // delta costs delta/6 experiments, so its binned share is large and the randomized configuration is worse.
  Study study;
  study.name = "randomized";
  study.path = "randomized.toml";
  study.toml_text = "name = \"randomized\"\n";
  study.repeats = 40;
  Configuration fixed, drawn;
  drawn.config_id = 1;
  drawn.randomized.push_back({"delta", RandomizedFactor::Distribution::uniform, 0.0, 60.0});
  study.configurations = {fixed, drawn};
  study.randomized_factor_names = {"delta"};
  std::vector<RunRecord> records;
  for (std::uint32_t repeat = 0; repeat < study.repeats; ++repeat)
    records.push_back(run_finding_optimum_at(0, repeat, 10));
  for (std::uint32_t repeat = 0; repeat < study.repeats; ++repeat) {
    const double delta = 1.5 * ((repeat * 17) % 40);
    RunRecord record = run_finding_optimum_at(1, repeat, 11 + static_cast<int>(delta / 6.0));
    record.drawn_values = {delta};
    records.push_back(record);
  }
  const std::string path = (testing::scratch_folder("study_analysis") / "randomized.h5").string();
  write_results_file(path, study, LinearTruth(), records, true);
  const RunDataView runs = read_run_data(path);
  ASSERT_EQ(runs.drawn_factors, std::vector<std::string>{"delta"});
  EXPECT_DOUBLE_EQ(runs.drawn_values[0][40 + 1], 1.5 * 17);
  const StudyAnalysis analysis = analyze_study(read_results_summary(path), runs, AnalysisOptions{});

  ASSERT_EQ(analysis.sensitivity.size(), 1u);  // delta has one fixed level: no grid share
  EXPECT_EQ(analysis.sensitivity[0].scope, "ei (randomized)");
  EXPECT_EQ(analysis.sensitivity[0].levels, std::vector<std::size_t>{4});  // 40 runs, 10 per bin
  EXPECT_GT(analysis.sensitivity[0].share, 0.8);
  ASSERT_EQ(analysis.recommendations.size(), 1u);
  ASSERT_EQ(analysis.recommendations[0].randomized_comparisons.size(), 1u);
  const SettingComparison& randomized = analysis.recommendations[0].randomized_comparisons[0];
  EXPECT_EQ(randomized.row, 1u);
  EXPECT_FALSE(randomized.not_significantly_worse);
  EXPECT_LT(randomized.comparison.adjusted_p_value, 1e-6);
}

/// Overwrites one value of one member of a compound dataset in place (a hand edit of a results file).
template <class T>
void edit_compound_member(const std::string& path, const char* dataset, const char* member, std::size_t row, T value,
                          hid_t memory_type) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  const hid_t data = H5Dopen2(file, dataset, H5P_DEFAULT);
  const hid_t space = H5Dget_space(data);
  std::vector<T> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  const hid_t compound = H5Tcreate(H5T_COMPOUND, sizeof(T));
  H5Tinsert(compound, member, 0, memory_type);
  ASSERT_GE(H5Dread(data, compound, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
  values.at(row) = value;
  ASSERT_GE(H5Dwrite(data, compound, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
  H5Tclose(compound);
  H5Sclose(space);
  H5Dclose(data);
  H5Fclose(file);
}

/// Sets element `index` of the row-major /trajectories/chosen matrix.
void edit_chosen(const std::string& path, std::size_t index, std::int32_t design) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  const hid_t data = H5Dopen2(file, "trajectories/chosen", H5P_DEFAULT);
  const hid_t space = H5Dget_space(data);
  std::vector<std::int32_t> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  ASSERT_GE(H5Dread(data, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
  values.at(index) = design;
  ASSERT_GE(H5Dwrite(data, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
  H5Sclose(space);
  H5Dclose(data);
  H5Fclose(file);
}

/// The message of the InputError read_run_data throws for `path` (fails the test when it does not throw).
std::string read_error(const std::string& path) {
  try {
    read_run_data(path);
  } catch (const InputError& error) {
    EXPECT_EQ(error.where().file, path);
    return error.message();
  }
  ADD_FAILURE() << "read_run_data accepted " << path;
  return "";
}

/// read_run_data rejects `path` with a message containing `expected`.
void expect_read_error(const std::string& path, const std::string& expected) {
  const std::string message = read_error(path);
  EXPECT_NE(message.find(expected), std::string::npos) << message;
}

/// A fresh copy of the grid study's results file, to be edited by hand.
std::string fresh_grid_file(const std::string& name) {
  const std::string path = (testing::scratch_folder("run_data_checks") / (name + ".h5")).string();
  write_results_file(path, grid_study(), LinearTruth(), grid_records(), true);
  return path;
}

TEST(RunDataChecks, RejectsHandEditedImpossibleValuesNamingTheDataset) {
  std::string path = fresh_grid_file("negative_experiments");
  edit_compound_member<std::int32_t>(path, "runs", "experiments_to_optimum", 0, -5, H5T_NATIVE_INT32);
  expect_read_error(path, "/runs/experiments_to_optimum: row 0 (config 0, repeat 0) has -5");

  path = fresh_grid_file("late_experiments");
  edit_compound_member<std::int32_t>(path, "runs", "experiments_to_optimum", 1, 51, H5T_NATIVE_INT32);
  expect_read_error(path, "expected -1 (not found) or 1 … 50 (the trajectory width)");

  path = fresh_grid_file("repeat_out_of_range");
  edit_compound_member<std::uint32_t>(path, "runs", "repeat", 2, repeats, H5T_NATIVE_UINT32);
  expect_read_error(path, "/runs/repeat: row 2 (config 0, repeat 6) is out of range: the study has 6");

  path = fresh_grid_file("repeat_twice");
  edit_compound_member<std::uint32_t>(path, "runs", "repeat", 1, 0, H5T_NATIVE_UINT32);
  expect_read_error(path, "/runs/repeat: row 1 (config 0, repeat 0) appears twice");

  path = fresh_grid_file("unknown_config");
  edit_compound_member<std::uint32_t>(path, "runs", "config_id", 0, 77, H5T_NATIVE_UINT32);
  expect_read_error(path, "/runs/config_id: row 0 (config 77, repeat 0)");

  path = fresh_grid_file("unknown_status");
  using StatusText = std::array<char, 16>;
  const hid_t text_type = H5Tcopy(H5T_C_S1);
  H5Tset_size(text_type, sizeof(StatusText));
  edit_compound_member<StatusText>(path, "runs", "status", 3, StatusText{'l', 'o', 's', 't'}, text_type);
  H5Tclose(text_type);
  expect_read_error(path, "/runs/status: row 3 (config 0, repeat 3) has unknown status 'lost'");

  path = fresh_grid_file("found_disagrees");
  edit_compound_member<std::uint8_t>(path, "runs", "found", 4, 0, H5T_NATIVE_UINT8);
  expect_read_error(path, "/runs/found: row 4 (config 0, repeat 4) says found = 0");

  path = fresh_grid_file("iterations_beyond_experiments");
  edit_compound_member<std::int32_t>(path, "runs", "iterations_to_optimum", 0, 40, H5T_NATIVE_INT32);
  expect_read_error(path, "/runs/iterations_to_optimum: row 0 (config 0, repeat 0) has 40");

  path = fresh_grid_file("chosen_outside_pool");
  edit_chosen(path, 50 + 3, 100);  // run 1, column 3; the pool has designs 0 … 99
  expect_read_error(path, ("/trajectories/chosen: row 1 (config 0, repeat 1), column 3 chooses design "
                           "100; expected -1 (padding) … 99 (the pool)"));
}

TEST(ReadRunData, RejectsMissingAndForeignFiles) {
  const auto folder = testing::scratch_folder("read_run_data");
  EXPECT_THROW(read_run_data((folder / "absent.h5").string()), InputError);
  const std::string text_file = (folder / "plain.txt").string();
  testing::write_text_file(text_file, "hello");
  try {
    read_run_data(text_file);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.where().file, text_file);
  }
}

}  // namespace
}  // namespace bosim
