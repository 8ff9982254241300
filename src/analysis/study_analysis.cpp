#include "analysis/study_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>

#include "analysis/analysis_parts.hpp"
#include "analysis/config_table.hpp"
#include "stats/campaign_metrics.hpp"

namespace bosim {

namespace {

/// Non-failed runs of every row, in /runs order (ascending repeat).
std::vector<std::vector<std::size_t>> runs_by_row(const ResultsSummaryView& summary, const RunDataView& runs) {
  std::map<std::uint32_t, std::size_t> row_of_config;
  for (std::size_t row = 0; row < summary.config_ids.size(); ++row) row_of_config[summary.config_ids[row]] = row;
  std::vector<std::vector<std::size_t>> runs_of_row(summary.config_ids.size());
  for (std::size_t run = 0; run < runs.runs(); ++run) {
    const auto found = row_of_config.find(runs.config_ids[run]);
    if (found != row_of_config.end() && !runs.failed[run]) runs_of_row[found->second].push_back(run);
  }
  return runs_of_row;
}

PoolContext pool_context(const RunDataView& runs, bool maximize, const AnalysisOptions& options) {
  PoolContext pool;
  pool.maximize = maximize;
  if (!runs.has_truth || runs.truth_values.empty()) return pool;
  pool.is_top = top_fraction_designs(runs.truth_values, maximize, options.top_fraction);
  const auto [lowest, highest] = std::minmax_element(runs.truth_values.begin(), runs.truth_values.end());
  pool.pool_range = *highest - *lowest;
  return pool;
}

/// Some successful run measured more designs after it found the optimum (continue_after_optimum).
bool continues_past_optimum(const RunDataView& runs) {
  for (std::size_t run = 0; run < runs.runs(); ++run)
    if (runs.found[run] && !runs.failed[run] &&
        runs.experiments_performed(run) > static_cast<std::size_t>(runs.experiments_to_optimum[run]))
      return true;
  return false;
}

/// Speed-up over random search (ERT ratio), EF and Liang et al.'s metrics of one configuration.
void compare_with_random(const ResultsSummaryView& summary, const RunDataView& runs, const StudyAnalysis& analysis,
                         const AnalysisOptions& options, ConfigMetrics& config) {
  config.speedup_over_random =
      random_ert_for(runs, analysis.configs, config.n_init, budget_of(summary, config.row)) / config.ert;
  if (!runs.has_truth || !runs.has_trajectories) return;
  const std::vector<double>& random = analysis.random.mean_top_found_share;
  config.enhancement_factor = enhancement_factor(config.mean_top_found_share, random);
  config.liang.enhancement_max = enhancement_maximum(config.enhancement_factor);
  const auto pool_size = static_cast<std::int64_t>(runs.truth_values.size());
  for (const double level : options.liang_levels)
    config.liang.acceleration.push_back(acceleration_at_level(config.mean_top_found_share, random, level, pool_size));
  config.liang.experiments_to_top_0_8 = experiments_to_reach(config.mean_top_found_share, 0.8);
}

std::size_t repeat_count_of(const RunDataView& runs) {
  std::uint32_t largest = 0;
  for (const std::uint32_t repeat : runs.repeats) largest = std::max(largest, repeat);
  return runs.runs() == 0 ? 0 : static_cast<std::size_t>(largest) + 1;
}

}  // namespace

bool ranks_before(const StudyAnalysis& analysis, std::size_t a, std::size_t b) {
  const auto key = [&](std::size_t row) {
    const ConfigMetrics& c = analysis.configs[row];
    return ErtRankKey{c.ert, c.success_rate, c.config_id};
  };
  return ranks_before(key(a), key(b));
}

StudyAnalysis analyze_study(const ResultsSummaryView& summary, const RunDataView& runs,
                            const AnalysisOptions& options) {
  StudyAnalysis analysis;
  analysis.maximize = summary.goal != "minimize";
  analysis.has_truth = runs.has_truth;
  analysis.has_trajectories = runs.has_trajectories;
  analysis.trajectory_width = runs.trajectory_width;
  analysis.continues_past_optimum = continues_past_optimum(runs);
  const std::vector<std::vector<std::size_t>> runs_of_row = runs_by_row(summary, runs);
  const PoolContext pool = pool_context(runs, analysis.maximize, options);
  for (std::size_t row = 0; row < summary.config_ids.size(); ++row) {
    ConfigMetrics& config =
        analysis.configs.emplace_back(measure_config(summary, runs, row, runs_of_row[row], pool, options));
    const auto raced = options.race_repeats.find(config.config_id);
    config.race_repeats = raced == options.race_repeats.end() ? 0 : raced->second;
    config.race_eliminated = std::find(options.race_eliminated.begin(), options.race_eliminated.end(),
                                       config.config_id) != options.race_eliminated.end();
  }

  analysis.ranking.resize(analysis.configs.size());
  std::iota(analysis.ranking.begin(), analysis.ranking.end(), std::size_t{0});
  std::stable_sort(analysis.ranking.begin(), analysis.ranking.end(),
                   [&](std::size_t a, std::size_t b) { return ranks_before(analysis, a, b); });
  for (std::size_t rank = 0; rank < analysis.ranking.size(); ++rank)
    analysis.configs[analysis.ranking[rank]].rank = rank + 1;

  analysis.random = random_baseline(runs, analysis.configs, analysis.maximize);
  for (ConfigMetrics& config : analysis.configs) compare_with_random(summary, runs, analysis, options, config);
  const std::size_t repeat_count = repeat_count_of(runs);
  analysis.recommendations = recommend(summary, analysis, repeat_count, options);
  analysis.acquisitions = compare_acquisitions(summary, analysis, repeat_count, options);
  analysis.race_eliminated_acquisitions = race_eliminated_acquisitions(summary, analysis);
  analysis.n_init = n_init_aggregates(summary, runs, analysis);
  analysis.heatmaps = heatmaps(summary, analysis);
  sensitivity(summary, runs, runs_of_row, analysis);
  return analysis;
}

}  // namespace bosim
