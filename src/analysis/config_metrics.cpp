// measure_config: the per-configuration metrics of analyze_study.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "analysis/analysis_parts.hpp"
#include "analysis/config_table.hpp"
#include "common/random.hpp"
#include "stats/campaign_metrics.hpp"

namespace bosim {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

double mean_or_nan(const std::vector<double>& values) {
  if (values.empty()) return not_a_number;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

/// A per-run curve of `width` values: the measured part of the row, extended by its last value.
std::vector<double> carried_forward(std::span<const double> measured, std::size_t width) {
  std::vector<double> curve(measured.begin(), measured.end());
  if (curve.empty()) return curve;
  curve.resize(width, curve.back());
  return curve;
}

/// The runtimes, found/censored samples and iteration counts of the runs.
void collect_runtimes(const RunDataView& runs, const std::vector<std::size_t>& run_indices, std::uint64_t seed,
                      ConfigMetrics& metrics) {
  std::vector<double> iterations;
  for (const std::size_t run : run_indices) {
    const bool found = runs.found[run];
    const double spent = found ? static_cast<double>(runs.experiments_to_optimum[run])
                               : static_cast<double>(runs.experiments_performed(run));
    metrics.repeats.push_back(runs.repeats[run]);
    metrics.runtimes.push_back({spent, found});
    (found ? metrics.experiments_of_found : metrics.censored_experiments).push_back(spent);
    if (found) iterations.push_back(runs.iterations_to_optimum[run]);
  }
  std::sort(metrics.experiments_of_found.begin(), metrics.experiments_of_found.end());
  const double n_init = static_cast<double>(metrics.n_init);
  for (const double e : metrics.experiments_of_found) metrics.iterations_of_found.push_back(e - n_init);
  for (const double e : metrics.censored_experiments) metrics.censored_iterations.push_back(e - n_init);
  metrics.found = metrics.experiments_of_found.size();
  metrics.success_rate = success_rate(metrics.runtimes);
  metrics.ert = expected_running_time(metrics.runtimes);
  metrics.experiments = describe_sample(metrics.experiments_of_found, mix_seed(bootstrap_seed_root, seed));
  // Without misses ERT is the mean: one statistic, one interval.
  metrics.ert_interval = metrics.censored_experiments.empty()
                             ? Interval{metrics.experiments.ci_low, metrics.experiments.ci_high}
                             : bootstrap_ert_interval(metrics.runtimes, bootstrap_seed(seed, BootstrapStream::ert));
  metrics.iterations = describe_sample(iterations, bootstrap_seed(seed, BootstrapStream::iterations));
  metrics.experiment_box = censored_box(metrics.runtimes);
  // The same in iterations after the initial designs (every runtime minus n_init). Without misses it
  // is the mean minus n_init, and every bootstrap resample's mean shifts alike: the same interval, shifted.
  const std::vector<CensoredRuntime> in_iterations = runtimes_in_iterations(metrics.runtimes, metrics.n_init);
  metrics.ert_iterations = expected_running_time(in_iterations);
  metrics.iteration_box = censored_box(in_iterations);
  metrics.ert_iterations_interval =
      metrics.censored_experiments.empty()
          ? Interval{metrics.ert_interval.low - n_init, metrics.ert_interval.high - n_init}  // the mean's, shifted
          : bootstrap_ert_interval(in_iterations, bootstrap_seed(seed, BootstrapStream::ert_iterations));
}

/// Share of runs meeting each "within x %" target and their mean experiments to it.
std::vector<TargetOutcome> target_outcomes(const RunDataView& runs, const std::vector<std::size_t>& run_indices,
                                           std::int64_t n_init, const PoolContext& pool,
                                           const AnalysisOptions& options) {
  std::vector<TargetOutcome> targets;
  for (const double percent : options.target_percents) {
    const double tolerance = target_tolerance(percent, runs.optimum_value, pool.pool_range);
    std::vector<double> reached;
    for (const std::size_t run : run_indices) {
      const std::int32_t n =
          experiments_to_target(runs.best_so_far_of(run), runs.optimum_value, pool.maximize, tolerance);
      // The initial designs are one batch (the campaign's counting rule): a target met among
      // them is met after n_init experiments, as experiments_to_optimum counts it.
      if (n > 0) reached.push_back(static_cast<double>(std::max<std::int64_t>(n, n_init)));
    }
    const double share = run_indices.empty()
                             ? not_a_number
                             : static_cast<double>(reached.size()) / static_cast<double>(run_indices.size());
    targets.push_back({percent, share, mean_or_nan(reached)});
  }
  return targets;
}

/// Best-so-far band, regret and top-k % curves (need /truth for regret and top-k %).
void collect_curves(const RunDataView& runs, const std::vector<std::size_t>& run_indices, const PoolContext& pool,
                    ConfigMetrics& metrics) {
  const std::size_t width = runs.trajectory_width;
  std::vector<std::vector<double>> best_so_far, regret, top_share;
  const double top_count = static_cast<double>(std::count(pool.is_top.begin(), pool.is_top.end(), true));
  for (const std::size_t run : run_indices) {
    const std::vector<double> curve =
        carried_forward(runs.best_so_far_of(run).first(runs.experiments_performed(run)), width);
    if (!curve.empty()) best_so_far.push_back(curve);
    if (!runs.has_truth) continue;
    regret.push_back(simple_regret(runs.best_so_far_of(run), runs.optimum_value));
    std::vector<double>& share = top_share.emplace_back();
    for (const std::int32_t count : top_designs_found(runs.chosen_of(run), pool.is_top))
      share.push_back(static_cast<double>(count) / top_count);
    share = carried_forward(share, width);
  }
  metrics.best_so_far.mean = mean_carried_forward(best_so_far, best_so_far.empty() ? 0 : width);
  for (const Interval& interval :
       bootstrap_mean_curve_band(best_so_far, bootstrap_seed(metrics.config_id, BootstrapStream::best_so_far))) {
    metrics.best_so_far.low.push_back(interval.low);
    metrics.best_so_far.high.push_back(interval.high);
  }
  if (!runs.has_truth) return;
  metrics.mean_simple_regret = mean_carried_forward(regret, width);
  metrics.mean_top_found_share = mean_carried_forward(top_share, width);
  metrics.top_found_share.mean = metrics.mean_top_found_share;
  for (const Interval& interval :
       bootstrap_mean_curve_band(top_share, bootstrap_seed(metrics.config_id, BootstrapStream::top_found_share))) {
    metrics.top_found_share.low.push_back(interval.low);
    metrics.top_found_share.high.push_back(interval.high);
  }
}

}  // namespace

std::vector<CensoredRuntime> runtimes_in_iterations(const std::vector<CensoredRuntime>& runtimes, std::int64_t n_init) {
  std::vector<CensoredRuntime> shifted = runtimes;
  for (CensoredRuntime& runtime : shifted) runtime.experiments -= static_cast<double>(n_init);
  return shifted;
}

std::uint64_t bootstrap_seed(std::uint64_t coordinate, BootstrapStream stream) {
  return mix_seed(mix_seed(bootstrap_seed_root, coordinate), static_cast<std::uint64_t>(stream));
}

ConfigMetrics measure_config(const ResultsSummaryView& summary, const RunDataView& runs, std::size_t row,
                             const std::vector<std::size_t>& run_indices, const PoolContext& pool,
                             const AnalysisOptions& options) {
  ConfigMetrics metrics;
  metrics.row = row;
  metrics.config_id = summary.config_ids[row];
  metrics.acquisition = acquisition_of(summary, row);
  metrics.n_init = n_init_of(summary, row);
  collect_runtimes(runs, run_indices, metrics.config_id, metrics);
  std::vector<std::int32_t> experiments;
  for (const CensoredRuntime& runtime : metrics.runtimes)
    experiments.push_back(runtime.reached ? static_cast<std::int32_t>(runtime.experiments) : -1);
  metrics.ecdf = experiments_ecdf(experiments, static_cast<std::int32_t>(runs.trajectory_width));
  if (!runs.has_trajectories) return metrics;  // the curves and targets need the trajectories
  collect_curves(runs, run_indices, pool, metrics);
  if (runs.has_truth) metrics.targets = target_outcomes(runs, run_indices, metrics.n_init, pool, options);
  return metrics;
}

std::vector<double> per_repeat_values(const ConfigMetrics& config, std::size_t repeat_count) {
  std::vector<double> values(repeat_count, not_a_number);
  for (std::size_t k = 0; k < config.repeats.size(); ++k)
    if (config.repeats[k] < repeat_count) values[config.repeats[k]] = rank_value(config.runtimes[k]);
  return values;
}

std::vector<double> per_repeat_spent(const ConfigMetrics& config, std::size_t repeat_count) {
  std::vector<double> values(repeat_count, not_a_number);
  for (std::size_t k = 0; k < config.repeats.size(); ++k)
    if (config.repeats[k] < repeat_count) values[config.repeats[k]] = config.runtimes[k].experiments;
  return values;
}

}  // namespace bosim
