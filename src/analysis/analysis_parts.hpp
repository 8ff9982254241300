// The steps of analyze_study, one file each: configuration metrics, baselines, recommendations, aggregates,
// sensitivity. Internal to the analysis folder.
#pragma once

#include <vector>

#include "analysis/study_analysis.hpp"

namespace bosim {

/// What every configuration's metrics need from the pool: its top-k % designs and value range.
struct PoolContext {
  bool maximize = true;
  std::vector<bool> is_top;
  double pool_range = 0.0;
};

/// Seeds of the bootstrap streams: mix_seed(mix_seed(bootstrap_seed_root, config_id), stream); the mean's CI
/// keeps mix_seed(bootstrap_seed_root, config_id), the seed /summary uses, so both print the same interval.
enum class BootstrapStream : std::uint64_t {
  ert = 1,
  iterations = 2,
  best_so_far = 3,
  n_init_group = 4,
  ert_iterations = 5,
  n_init_ert = 6,
  n_init_ert_iterations = 7,
  top_found_share = 8
};
std::uint64_t bootstrap_seed(std::uint64_t coordinate, BootstrapStream stream);

/// Runtimes counted in iterations after the n_init initial designs: each runtime minus n_init.
std::vector<CensoredRuntime> runtimes_in_iterations(const std::vector<CensoredRuntime>& runtimes, std::int64_t n_init);

/// Metrics of configuration `row` over its non-failed runs `run_indices` (in repeat order).
ConfigMetrics measure_config(const ResultsSummaryView& summary, const RunDataView& runs, std::size_t row,
                             const std::vector<std::size_t>& run_indices, const PoolContext& pool,
                             const AnalysisOptions& options);

/// The random baseline (see RandomBaseline).
RandomBaseline random_baseline(const RunDataView& runs, const std::vector<ConfigMetrics>& configs, bool maximize);

/// Random search's ERT for campaigns with `n_init` initial designs under `budget`: the study's random
/// configurations with that n_init (runs pooled), else the exact expectation (NaN without /truth).
double random_ert_for(const RunDataView& runs, const std::vector<ConfigMetrics>& configs, std::int64_t n_init,
                      std::int64_t budget);

/// Per-repeat values for paired tests: rank_value of the run of each repeat, NaN where the repeat has no
/// non-failed run; `repeat_count` entries.
std::vector<double> per_repeat_values(const ConfigMetrics& config, std::size_t repeat_count);

/// Per-repeat experiments spent: to the optimum, or what a run that missed it performed (a lower bound of
/// its running time); NaN where the repeat has no non-failed run. For spread comparisons, which need finite values.
std::vector<double> per_repeat_spent(const ConfigMetrics& config, std::size_t repeat_count);

std::vector<Recommendation> recommend(const ResultsSummaryView& summary, const StudyAnalysis& analysis,
                                      std::size_t repeat_count, const AnalysisOptions& options);
AcquisitionComparison compare_acquisitions(const ResultsSummaryView& summary, const StudyAnalysis& analysis,
                                           std::size_t repeat_count, const AnalysisOptions& options);
/// Acquisitions whose every fixed setting a race eliminated (ConfigMetrics::race_eliminated).
std::vector<std::string> race_eliminated_acquisitions(const ResultsSummaryView& summary, const StudyAnalysis& analysis);
std::vector<NInitAggregate> n_init_aggregates(const ResultsSummaryView& summary, const RunDataView& runs,
                                              const StudyAnalysis& analysis);
std::vector<Heatmap> heatmaps(const ResultsSummaryView& summary, const StudyAnalysis& analysis);

/// Main-effect shares of every factor with ≥ 2 levels and interaction shares of crossed pairs, per scope;
/// notes say which factors were left out and why.
void sensitivity(const ResultsSummaryView& summary, const RunDataView& runs,
                 const std::vector<std::vector<std::size_t>>& runs_of_row, StudyAnalysis& analysis);

}  // namespace bosim
