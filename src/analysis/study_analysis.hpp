// StudyAnalysis: decisions from a results file — per-configuration metrics, random baseline, recommendations,
// sensitivity.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "results/read_run_data.hpp"
#include "results/results_file.hpp"

namespace bosim {

struct AnalysisOptions {
  std::vector<double> target_percents{1.0, 5.0, 10.0};  ///< "within x % of the optimum" targets
  double top_fraction = 0.05;                           ///< top-k % designs of Liang et al. 2021 (k = 5)
  double acceleration_level = 0.5;  ///< AF is read where the mean fraction of top designs found reaches this
  double alpha = 0.05;              ///< family-wise error rate of the Holm-corrected comparisons
};

/// Experiments to one "within x %" target (see stats/campaign_metrics.hpp), over a configuration's runs.
struct TargetOutcome {
  double percent = 0.0;
  double reached_share = 0.0;     ///< runs that met the target / runs that did not fail
  double mean_experiments = 0.0;  ///< over the runs that met it (NaN when none did)
};

/// Metrics of one configuration, over its runs that did not fail.
struct ConfigMetrics {
  std::size_t row = 0;  ///< index into ResultsSummaryView::config_ids
  std::uint32_t config_id = 0;
  std::string acquisition;
  /// experiments_to_optimum per run, +∞ for runs that did not find the optimum (for rank tests).
  std::vector<double> experiments_sample;
  double mean_iterations_to_optimum = 0.0;  ///< over runs that found the optimum
  std::vector<TargetOutcome> targets;
  std::vector<double> ecdf;                  ///< F(n), n = 1 … trajectory width
  std::vector<double> mean_simple_regret;    ///< per experiment, stopped runs carried forward
  std::vector<double> mean_top_found_share;  ///< mean fraction of the top designs found, per experiment
  std::vector<double> enhancement_factor;    ///< EF(n) of mean_top_found_share over the random baseline
  double acceleration_factor = 0.0;          ///< AF at AnalysisOptions::acceleration_level
  /// Random search's mean experiments to optimum at this configuration's n_init / this mean; NaN
  /// when some run of this configuration did not find the optimum (its mean would be biased low).
  double speedup_over_random = 0.0;
  /// True when random search missed the optimum in some runs: its mean, and so the speed-up, is a lower bound.
  bool speedup_is_lower_bound = false;
};

/// Random search in the same study: the pooled runs of its acquisition = "random" configurations,
/// or, when there are none, the exact expectation of sampling the pool without replacement.
struct RandomBaseline {
  bool analytic = false;
  std::string description;
  double mean_experiments_to_optimum = 0.0;
  std::vector<double> mean_top_found_share;
};

/// The recommendation for one acquisition: among its configurations with fixed (not randomized)
/// hyperparameters, the one with the lowest mean experiments-to-optimum
/// (ties: higher success rate, then lower config id) and those not significantly worse (one-sided
/// Mann–Whitney vs the best, Holm-corrected within the acquisition).
struct Recommendation {
  std::string acquisition;
  std::size_t best_row = 0;
  std::string settings;  ///< e.g. "delta=30": the parameters that vary within this acquisition
  std::vector<std::size_t> indistinguishable_rows;  ///< best first
  std::vector<std::size_t> compared_rows;           ///< every row of the acquisition
  std::vector<double> adjusted_p_values;            ///< aligned with compared_rows (1 for the best)
  std::vector<std::string> compared_settings;       ///< aligned with compared_rows, like `settings`
  double speedup_over_random = 0.0;                 ///< as ConfigMetrics::speedup_over_random of the best row
  bool speedup_is_lower_bound = false;
};

/// First-order main-effect share of one swept factor (stats/factor_sensitivity.hpp) within a scope:
/// "all" (every configuration; factor acquisition) or one acquisition's configurations.
struct FactorSensitivity {
  std::string scope;
  std::string factor;
  std::size_t levels = 0;
  double share = 0.0;
};

struct StudyAnalysis {
  bool maximize = true;
  bool has_truth = false;
  std::size_t trajectory_width = 0;
  std::vector<ConfigMetrics> configs;  ///< in ResultsSummaryView row order
  RandomBaseline random;
  std::vector<Recommendation> recommendations;  ///< best acquisition first; "random" not included
  std::vector<FactorSensitivity> sensitivity;
};

/// Settings text of configuration `row` for the given parameter columns, e.g. "delta=30 n_init=5".
std::string settings_text(const ResultsSummaryView& summary, std::size_t row, const std::vector<std::size_t>& columns);

/// Analyzes a study. Sensitivity: scope "all" has the acquisition as its only factor (other parameters are swept
/// per acquisition and would be confounded with it); each acquisition scope has the parameters varied within it,
/// leaving out runs whose value was randomized. Outcome Y is experiments_to_optimum, or, for a run that never found the
/// optimum, the experiments it performed + 1 (a lower bound on its time to the optimum). Failed runs are left out.
StudyAnalysis analyze_study(const ResultsSummaryView& summary, const RunDataView& runs, const AnalysisOptions& options);

}  // namespace bosim
