// StudyAnalysis: decisions from a results file — per-configuration metrics, failure-aware ranking (ERT), paired
// recommendations, acquisition comparison, n_init aggregates, heatmaps, sensitivity. Everything `bosim summary`
// prints and bosim-plot draws comes from here (docs/metrics.md).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "results/read_run_data.hpp"
#include "results/results_file.hpp"
#include "stats/censored_quartiles.hpp"
#include "stats/enhancement_acceleration.hpp"
#include "stats/expected_running_time.hpp"
#include "stats/paired_comparison.hpp"
#include "stats/paired_spread.hpp"
#include "stats/summary_statistics.hpp"

namespace bosim {

struct AnalysisOptions {
  std::vector<double> target_percents{1.0, 5.0, 10.0};  ///< "within x % of the optimum" targets
  double top_fraction = 0.05;                           ///< top-k % designs of Liang et al. 2021 (k = 5)
  std::vector<double> liang_levels{0.2, 0.5, 0.8};      ///< Top% levels of the acceleration factor
  double alpha = 0.05;                                  ///< family-wise error rate of the Holm-corrected tests
  /// config_ids a raced study's race eliminated (/racing): marked as such, never recommended, not a contender.
  std::vector<std::uint32_t> race_eliminated;
  /// Repeats each configuration ran in a raced study's race (/racing), by config_id; empty without racing.
  std::map<std::uint32_t, std::uint32_t> race_repeats;
};

/// Experiments to one "within x %" target (see stats/campaign_metrics.hpp), over a configuration's runs.
struct TargetOutcome {
  double percent = 0.0;
  double reached_share = 0.0;     ///< runs that met the target / runs that did not fail
  double mean_experiments = 0.0;  ///< over the runs that met it (NaN when none did)
};

/// A mean curve over runs with its 95 % bootstrap band, indexed by experiment (element 0 = experiment 1).
struct CurveBand {
  std::vector<double> mean, low, high;
};

/// Liang et al. 2021 metrics of a configuration's mean Top% curve against the random baseline.
struct LiangMetrics {
  std::vector<LevelAcceleration> acceleration;  ///< one per AnalysisOptions::liang_levels
  EnhancementMaximum enhancement_max;
  std::int32_t experiments_to_top_0_8 = -1;  ///< experiments the mean Top% curve needs to reach 0.8
};

/// Metrics of one configuration, over its runs that did not fail (failed runs are excluded everywhere).
struct ConfigMetrics {
  std::size_t row = 0;  ///< index into ResultsSummaryView::config_ids
  std::uint32_t config_id = 0;
  std::string acquisition;
  std::int64_t n_init = 1;
  std::vector<std::uint32_t> repeats;     ///< of the non-failed runs, ascending
  std::vector<CensoredRuntime> runtimes;  ///< aligned with repeats
  std::size_t found = 0;
  double success_rate = 0.0;
  double ert = 0.0;  ///< expected running time (stats/expected_running_time.hpp); +∞ with no success
  Interval ert_interval;
  /// ERT counted in iterations after the initial designs: every run's runtime minus n_init (the
  /// initial designs are one batch, so a runtime is never below n_init), same formula and bootstrap.
  double ert_iterations = 0.0;
  Interval ert_iterations_interval;
  std::size_t rank = 0;       ///< 1-based rank by ERT over the study
  SampleSummary experiments;  ///< experiments to optimum over the runs that found it
  SampleSummary iterations;   ///< iterations to optimum over the runs that found it
  /// Quartiles and whiskers over every run, misses ranked worst (censored; stats/censored_quartiles.hpp).
  CensoredBox experiment_box, iteration_box;
  std::vector<double> experiments_of_found;  ///< ascending
  std::vector<double> censored_experiments;  ///< experiments spent by each unsuccessful run
  std::vector<double> iterations_of_found;   ///< experiments_of_found − n_init, ascending
  std::vector<double> censored_iterations;   ///< censored_experiments − n_init
  std::vector<TargetOutcome> targets;
  CurveBand best_so_far;                     ///< stopped runs carried forward
  std::vector<double> ecdf;                  ///< F(n), n = 1 … trajectory width
  std::vector<double> mean_simple_regret;    ///< per experiment, stopped runs carried forward
  std::vector<double> mean_top_found_share;  ///< mean fraction of the top designs found, per experiment
  CurveBand top_found_share;                 ///< the same mean with its 95 % bootstrap band (runs resampled)
  std::vector<double> enhancement_factor;    ///< EF(n) of mean_top_found_share over the random baseline
  LiangMetrics liang;
  double speedup_over_random = 0.0;  ///< random search's ERT at this n_init / this ERT
  /// Eliminated by the race of a raced study (AnalysisOptions::race_eliminated): its statistics rest on the
  /// repeats it ran before; never recommended, never "not significantly worse".
  bool race_eliminated = false;
  /// Repeats it ran in a raced study's race (AnalysisOptions::race_repeats); 0 without racing.
  std::uint32_t race_repeats = 0;
};

/// Random search in the same study: the pooled runs of its acquisition = "random" configurations,
/// or, when there are none, the exact expectation of sampling the pool without replacement.
struct RandomBaseline {
  bool analytic = false;
  std::string description;
  double mean_experiments_to_optimum = 0.0;  ///< over runs that found it
  double ert = 0.0;
  double success_rate = 0.0;
  std::vector<double> mean_top_found_share;
  /// Analytic baseline only: expected best value after n = 1 … width draws without replacement (pool values).
  std::vector<double> expected_best_so_far;
};

/// A setting in a paired comparison against a reference (the best setting).
struct SettingComparison {
  std::size_t row = 0;
  std::string label;  ///< settings text, or the acquisition in the between-acquisition comparison
  PairedComparison comparison;
  bool not_significantly_worse = true;
  /// Randomized settings only: Pitman–Morgan test of equal spread against the best setting (paired by repeat,
  /// misses counted at what they spent), Holm over the acquisition's randomized settings.
  bool has_spread = false;
  SpreadComparison spread;
};

/// The recommendation for one acquisition: among its configurations with fixed (not randomized)
/// hyperparameters not eliminated by a race — and in a raced study among those that raced longest (the race's
/// best and the survivors; a setting declared equivalent early rests on fewer repeats, so its ERT is no
/// evidence that it beats them) — the one with the lowest ERT (ties: higher success rate, then lower config
/// id), every setting compared with it by a paired one-sided Wilcoxon test (Holm within the acquisition), and a
/// Friedman test over all its settings.
struct Recommendation {
  std::string acquisition;
  std::size_t best_row = 0;
  std::string settings;  ///< e.g. "delta=30": the parameters that vary within this acquisition
  std::vector<std::size_t> swept_columns;
  std::vector<SettingComparison> comparisons;  ///< every fixed setting, best included, in row order
  /// Configurations of this acquisition with randomized hyperparameters (drawn per run) against the best
  /// setting: paired one-sided Wilcoxon (H₁: randomized needs more experiments), Holm over these.
  std::vector<SettingComparison> randomized_comparisons;
  bool has_friedman = false;  ///< two or more settings
  FriedmanTest friedman;
  double speedup_over_random = 0.0;
};

/// Best setting of each acquisition (random included; not eliminated by a race) against the overall best.
struct AcquisitionComparison {
  std::size_t best_row = 0;
  std::vector<SettingComparison> comparisons;  ///< one per acquisition, best first by ERT
  bool has_friedman = false;
  FriedmanTest friedman;
};

/// Runs of one acquisition at one n_init, pooled over the other factors (fixed settings only).
struct NInitAggregate {
  std::string acquisition;
  std::int64_t n_init = 1;
  std::size_t runs = 0, found = 0;
  double success_rate = 0.0, ert = 0.0;
  Interval ert_interval;
  double ert_iterations = 0.0;  ///< as ConfigMetrics::ert_iterations
  Interval ert_iterations_interval;
  SampleSummary experiments, iterations;
  double random_expected_experiments = 0.0;  ///< exact random-search expectation at this n_init (NaN without /truth)
};

/// ERT over two swept factors of one acquisition; with more factors, the best setting over the others per cell.
struct Heatmap {
  std::string acquisition;
  std::size_t x_column = 0, y_column = 0;
  std::vector<std::string> x_levels, y_levels;
  std::vector<std::size_t> cell_rows;  ///< one row per (x, y) cell present
};

/// Variance share of one factor (main) or a pair of crossed factors (interaction) within a scope.
struct FactorSensitivity {
  std::string scope;                 ///< "all" (factor: acquisition) or an acquisition
  std::vector<std::string> factors;  ///< one (main effect) or two (interaction)
  std::vector<std::size_t> levels;   ///< per factor
  double share = 0.0;
};

struct StudyAnalysis {
  bool maximize = true;
  bool has_truth = false;
  /// False for a study with store_trajectories = false: the targets, curves, top-k % and Liang metrics are
  /// then empty (everything from /runs, ERT and the tests included, is there).
  bool has_trajectories = true;
  std::size_t trajectory_width = 0;
  bool continues_past_optimum = false;  ///< some successful run kept measuring after the optimum
  std::vector<ConfigMetrics> configs;   ///< in ResultsSummaryView row order
  std::vector<std::size_t> ranking;     ///< rows by ERT, best first
  RandomBaseline random;
  std::vector<Recommendation> recommendations;  ///< best acquisition first; "random" not included
  /// Acquisitions (random included) whose every fixed setting a race eliminated: no recommendation, not compared.
  std::vector<std::string> race_eliminated_acquisitions;
  AcquisitionComparison acquisitions;
  std::vector<NInitAggregate> n_init;
  std::vector<Heatmap> heatmaps;
  std::vector<FactorSensitivity> sensitivity;
  std::vector<std::string> sensitivity_notes;  ///< factors left out and why
};

/// Analyzes a study (definitions: docs/metrics.md). Failed runs are left out of every statistic.
StudyAnalysis analyze_study(const ResultsSummaryView& summary, const RunDataView& runs, const AnalysisOptions& options);

/// Whether row a ranks before row b: lower ERT, then higher success rate, then lower config id.
bool ranks_before(const StudyAnalysis& analysis, std::size_t a, std::size_t b);

}  // namespace bosim
