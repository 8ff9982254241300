#include "analysis/study_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

#include "stats/campaign_metrics.hpp"
#include "stats/enhancement_acceleration.hpp"
#include "stats/factor_sensitivity.hpp"
#include "stats/random_search.hpp"
#include "stats/rank_comparison.hpp"

namespace bosim {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();
const std::string random_acquisition = "random";

double mean_or_nan(const std::vector<double>& values) {
  if (values.empty()) return not_a_number;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

std::size_t column_of(const ResultsSummaryView& summary, const std::string& name) {
  return static_cast<std::size_t>(std::find(summary.parameter_names.begin(), summary.parameter_names.end(), name) -
                                  summary.parameter_names.begin());
}

/// n_init of a configuration (1 when the file has no such column).
std::int64_t n_init_of(const ResultsSummaryView& summary, std::size_t row) {
  const std::size_t column = column_of(summary, "n_init");
  if (column >= summary.parameter_names.size()) return 1;
  return std::max<std::int64_t>(1, std::stoll(summary.config_cells[row][column]));
}

/// A configuration cell as a factor level; randomized parameters are stored as NaN.
std::string level_of(const ResultsSummaryView& summary, std::size_t row, std::size_t column) {
  const std::string& cell = summary.config_cells[row][column];
  return cell == "nan" || cell == "-nan" ? "randomized" : cell;
}

/// Parameter columns (not acquisition) whose level differs between the given rows.
std::vector<std::size_t> varying_columns(const ResultsSummaryView& summary, const std::vector<std::size_t>& rows,
                                         bool include_acquisition) {
  std::vector<std::size_t> columns;
  if (rows.empty()) return columns;
  const std::size_t acquisition = column_of(summary, "acquisition");
  for (std::size_t p = 0; p < summary.parameter_names.size(); ++p) {
    if (p == acquisition && !include_acquisition) continue;
    const bool varies = std::any_of(rows.begin(), rows.end(), [&](std::size_t row) {
      return level_of(summary, row, p) != level_of(summary, rows.front(), p);
    });
    if (varies) columns.push_back(p);
  }
  return columns;
}

/// The per-run pieces every metric needs, for one configuration's non-failed runs.
struct RunCurves {
  std::vector<std::vector<double>> regret;
  std::vector<std::vector<double>> top_found_share;
};

ConfigMetrics metrics_of(const ResultsSummaryView& summary, const RunDataView& runs, std::size_t row,
                         const std::vector<std::size_t>& run_indices, const std::vector<bool>& is_top,
                         double pool_range, bool maximize, const AnalysisOptions& options) {
  ConfigMetrics metrics;
  metrics.row = row;
  metrics.config_id = summary.config_ids[row];
  metrics.acquisition = summary.config_cells[row][column_of(summary, "acquisition")];
  const double top_count = static_cast<double>(std::count(is_top.begin(), is_top.end(), true));

  std::vector<double> iterations;
  std::vector<std::int32_t> experiments;
  RunCurves curves;
  for (const std::size_t run : run_indices) {
    const bool found = runs.found[run];
    experiments.push_back(found ? runs.experiments_to_optimum[run] : -1);
    metrics.experiments_sample.push_back(found ? runs.experiments_to_optimum[run] : infinity);
    if (found) iterations.push_back(runs.iterations_to_optimum[run]);
    if (!runs.has_truth) continue;
    curves.regret.push_back(simple_regret(runs.best_so_far_of(run), runs.optimum_value));
    std::vector<double>& share = curves.top_found_share.emplace_back();
    for (const std::int32_t count : top_designs_found(runs.chosen_of(run), is_top))
      share.push_back(static_cast<double>(count) / top_count);
  }
  metrics.mean_iterations_to_optimum = mean_or_nan(iterations);
  metrics.ecdf = experiments_ecdf(experiments, static_cast<std::int32_t>(runs.trajectory_width));
  if (!runs.has_truth) return metrics;

  metrics.mean_simple_regret = mean_carried_forward(curves.regret, runs.trajectory_width);
  metrics.mean_top_found_share = mean_carried_forward(curves.top_found_share, runs.trajectory_width);
  for (const double percent : options.target_percents) {
    const double tolerance = target_tolerance(percent, runs.optimum_value, pool_range);
    std::vector<double> reached;
    for (const std::size_t run : run_indices) {
      const std::int32_t n = experiments_to_target(runs.best_so_far_of(run), runs.optimum_value, maximize, tolerance);
      // The initial designs are one batch (the campaign's counting rule): a target met among
      // them is met after n_init experiments, as experiments_to_optimum counts it.
      if (n > 0) reached.push_back(static_cast<double>(std::max<std::int64_t>(n, n_init_of(summary, row))));
    }
    const double share = run_indices.empty()
                             ? not_a_number
                             : static_cast<double>(reached.size()) / static_cast<double>(run_indices.size());
    metrics.targets.push_back({percent, share, mean_or_nan(reached)});
  }
  return metrics;
}

RandomBaseline random_baseline(const ResultsSummaryView& summary, const RunDataView& runs,
                               const std::vector<ConfigMetrics>& configs) {
  RandomBaseline baseline;
  std::vector<double> found_experiments;
  std::vector<std::vector<double>> top_curves;
  std::string ids;
  for (const ConfigMetrics& config : configs) {
    if (config.acquisition != random_acquisition) continue;
    ids += (ids.empty() ? "" : ", ") + std::to_string(config.config_id);
    for (const double e : config.experiments_sample)
      if (std::isfinite(e)) found_experiments.push_back(e);
    if (!config.mean_top_found_share.empty()) top_curves.push_back(config.mean_top_found_share);
  }
  if (!ids.empty()) {
    baseline.description = "acquisition = random in this study (config " + ids + ")";
    baseline.mean_experiments_to_optimum = mean_or_nan(found_experiments);
    baseline.mean_top_found_share = mean_carried_forward(top_curves, runs.trajectory_width);
    return baseline;
  }
  baseline.analytic = true;
  const std::int64_t n_init = configs.empty() ? 1 : n_init_of(summary, configs.front().row);
  baseline.description =
      "no random configuration in this study: analytic expectation of random sampling without replacement "
      "(n_init = " +
      std::to_string(n_init) + ")";
  if (!runs.has_truth) {
    baseline.mean_experiments_to_optimum = not_a_number;
    return baseline;
  }
  const auto pool_size = static_cast<std::int64_t>(runs.truth_values.size());
  baseline.mean_experiments_to_optimum =
      random_search_expected_experiments(pool_size, static_cast<std::int64_t>(runs.optimal_designs.size()), n_init);
  // Expected top designs after n draws is n·K/N (hypergeometric mean), so the expected share is n/N.
  for (std::size_t n = 1; n <= runs.trajectory_width; ++n)
    baseline.mean_top_found_share.push_back(std::min(1.0, static_cast<double>(n) / static_cast<double>(pool_size)));
  return baseline;
}

/// Random search's mean experiments to optimum for campaigns with `n_init` initial designs: the
/// study's random configurations with that n_init (found runs), else the analytic expectation.
/// Sets lower_bound when some of those random runs did not find the optimum.
double random_mean_for(const ResultsSummaryView& summary, const RunDataView& runs,
                       const std::vector<ConfigMetrics>& configs, std::int64_t n_init, bool& lower_bound) {
  std::vector<double> found;
  bool any = false;
  lower_bound = false;
  for (const ConfigMetrics& config : configs) {
    if (config.acquisition != random_acquisition || n_init_of(summary, config.row) != n_init) continue;
    any = true;
    for (const double e : config.experiments_sample) {
      if (std::isfinite(e))
        found.push_back(e);
      else
        lower_bound = true;
    }
  }
  if (any) return mean_or_nan(found);
  if (!runs.has_truth) return not_a_number;
  return random_search_expected_experiments(static_cast<std::int64_t>(runs.truth_values.size()),
                                            static_cast<std::int64_t>(runs.optimal_designs.size()), n_init);
}

/// Orders rows by mean experiments-to-optimum (NaN last), then success rate (higher first), then config id.
bool better_row(const ResultsSummaryView& summary, std::size_t a, std::size_t b) {
  const auto key = [&](std::size_t row) {
    const ConfigSummary& s = summary.summaries[row];
    return std::make_tuple(std::isnan(s.mean) ? infinity : s.mean, -s.success_rate, s.config_id);
  };
  return key(a) < key(b);
}

std::vector<Recommendation> recommend(const ResultsSummaryView& summary, const std::vector<ConfigMetrics>& configs,
                                      const AnalysisOptions& options) {
  std::map<std::string, std::vector<std::size_t>> rows_of_acquisition;
  for (const ConfigMetrics& config : configs) rows_of_acquisition[config.acquisition].push_back(config.row);

  std::vector<Recommendation> recommendations;
  for (auto& [acquisition, all_rows] : rows_of_acquisition) {
    if (acquisition == random_acquisition) continue;
    // Randomized configurations draw their hyperparameters per run: they are a baseline, not a setting.
    std::vector<std::size_t> rows;
    for (const std::size_t row : all_rows)
      if (summary.randomized[row].empty()) rows.push_back(row);
    if (rows.empty()) continue;
    Recommendation recommendation;
    recommendation.acquisition = acquisition;
    recommendation.compared_rows = rows;
    const std::size_t best_position = static_cast<std::size_t>(
        std::min_element(rows.begin(), rows.end(),
                         [&](std::size_t a, std::size_t b) { return better_row(summary, a, b); }) -
        rows.begin());
    recommendation.best_row = rows[best_position];
    const std::vector<std::size_t> swept = varying_columns(summary, rows, false);
    for (const std::size_t row : rows) recommendation.compared_settings.push_back(settings_text(summary, row, swept));
    recommendation.settings = recommendation.compared_settings[best_position];

    std::vector<std::vector<double>> samples;
    for (const std::size_t row : rows) samples.push_back(configs[row].experiments_sample);
    const IndistinguishableSet set = not_worse_than_best(samples, best_position, options.alpha);
    for (const std::size_t member : set.members) recommendation.indistinguishable_rows.push_back(rows[member]);
    recommendation.adjusted_p_values = set.adjusted_p_values;
    recommendation.speedup_over_random = configs[recommendation.best_row].speedup_over_random;
    recommendation.speedup_is_lower_bound = configs[recommendation.best_row].speedup_is_lower_bound;
    recommendations.push_back(std::move(recommendation));
  }
  std::stable_sort(
      recommendations.begin(), recommendations.end(),
      [&](const Recommendation& a, const Recommendation& b) { return better_row(summary, a.best_row, b.best_row); });
  return recommendations;
}

std::vector<FactorSensitivity> sensitivity(const ResultsSummaryView& summary, const RunDataView& runs,
                                           const std::vector<std::vector<std::size_t>>& runs_of_row,
                                           const std::vector<ConfigMetrics>& configs) {
  // Scopes: the whole study (factor: acquisition) and each acquisition with several configurations.
  std::vector<std::pair<std::string, std::vector<std::size_t>>> scopes;
  std::vector<std::size_t> all_rows(summary.config_ids.size());
  std::iota(all_rows.begin(), all_rows.end(), std::size_t{0});
  scopes.emplace_back("all", all_rows);
  std::map<std::string, std::vector<std::size_t>> rows_of_acquisition;
  for (const ConfigMetrics& config : configs) rows_of_acquisition[config.acquisition].push_back(config.row);
  for (auto& [acquisition, rows] : rows_of_acquisition)
    if (rows.size() > 1 && rows.size() < all_rows.size()) scopes.emplace_back(acquisition, rows);

  // Scope "all" has the acquisition as its only factor: the other parameters are swept per acquisition
  // (beta0 for UCB alone), so across acquisitions they are confounded with it.
  const std::size_t acquisition_column = column_of(summary, "acquisition");
  std::vector<FactorSensitivity> shares;
  for (const auto& [scope, rows] : scopes) {
    for (const std::size_t column : varying_columns(summary, rows, scope == "all")) {
      if ((scope == "all") != (column == acquisition_column)) continue;
      std::vector<double> outcomes;
      std::vector<std::string> levels;
      for (const std::size_t row : rows)
        for (const std::size_t run : runs_of_row[row]) {
          if (level_of(summary, row, column) == "randomized") continue;  // drawn per run: not a grid level
          outcomes.push_back(runs.found[run] ? runs.experiments_to_optimum[run]
                                             : static_cast<double>(runs.experiments_performed(run) + 1));
          levels.push_back(level_of(summary, row, column));
        }
      const std::size_t level_count = std::set<std::string>(levels.begin(), levels.end()).size();
      shares.push_back({scope, summary.parameter_names[column], level_count, main_effect_share(outcomes, levels)});
    }
  }
  return shares;
}

}  // namespace

std::string settings_text(const ResultsSummaryView& summary, std::size_t row, const std::vector<std::size_t>& columns) {
  std::string text;
  for (const std::size_t column : columns) {
    if (!text.empty()) text += " ";
    text += summary.parameter_names[column] + "=" + level_of(summary, row, column);
  }
  return text;
}

StudyAnalysis analyze_study(const ResultsSummaryView& summary, const RunDataView& runs,
                            const AnalysisOptions& options) {
  StudyAnalysis analysis;
  analysis.maximize = summary.goal != "minimize";
  analysis.has_truth = runs.has_truth;
  analysis.trajectory_width = runs.trajectory_width;

  std::map<std::uint32_t, std::size_t> row_of_config;
  for (std::size_t row = 0; row < summary.config_ids.size(); ++row) row_of_config[summary.config_ids[row]] = row;
  std::vector<std::vector<std::size_t>> runs_of_row(summary.config_ids.size());
  for (std::size_t run = 0; run < runs.runs(); ++run) {
    const auto found = row_of_config.find(runs.config_ids[run]);
    if (found != row_of_config.end() && !runs.failed[run]) runs_of_row[found->second].push_back(run);
  }

  std::vector<bool> is_top;
  double pool_range = 0.0;
  if (runs.has_truth && !runs.truth_values.empty()) {
    is_top = top_fraction_designs(runs.truth_values, analysis.maximize, options.top_fraction);
    const auto [lowest, highest] = std::minmax_element(runs.truth_values.begin(), runs.truth_values.end());
    pool_range = *highest - *lowest;
  }
  for (std::size_t row = 0; row < summary.config_ids.size(); ++row)
    analysis.configs.push_back(
        metrics_of(summary, runs, row, runs_of_row[row], is_top, pool_range, analysis.maximize, options));

  analysis.random = random_baseline(summary, runs, analysis.configs);
  for (ConfigMetrics& config : analysis.configs) {
    const ConfigSummary& own = summary.summaries[config.row];
    const double random_mean =
        random_mean_for(summary, runs, analysis.configs, n_init_of(summary, config.row), config.speedup_is_lower_bound);
    config.speedup_over_random = own.found == own.runs - own.failed ? random_mean / own.mean : not_a_number;
    config.enhancement_factor = enhancement_factor(config.mean_top_found_share, analysis.random.mean_top_found_share);
    config.acceleration_factor = acceleration_factor(config.mean_top_found_share, analysis.random.mean_top_found_share,
                                                     options.acceleration_level);
  }
  analysis.recommendations = recommend(summary, analysis.configs, options);
  analysis.sensitivity = sensitivity(summary, runs, runs_of_row, analysis.configs);
  return analysis;
}

}  // namespace bosim
