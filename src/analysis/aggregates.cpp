// n_init aggregates (reference Fig. 4) and ERT heatmaps over two swept factors (Fig. 5c).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "analysis/analysis_parts.hpp"
#include "analysis/config_table.hpp"
#include "common/random.hpp"
#include "stats/random_search.hpp"

namespace bosim {

namespace {

/// Levels sorted numerically when every level is a number, else as text.
std::vector<std::string> sorted_levels(std::vector<std::string> levels) {
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  const auto numeric = [](const std::string& text) {
    char* end = nullptr;
    std::strtod(text.c_str(), &end);
    return !text.empty() && end == text.c_str() + text.size();
  };
  if (std::all_of(levels.begin(), levels.end(), numeric))
    std::sort(levels.begin(), levels.end(),
              [](const std::string& a, const std::string& b) { return std::stod(a) < std::stod(b); });
  return levels;
}

NInitAggregate aggregate_group(const std::vector<const ConfigMetrics*>& group, std::uint64_t index) {
  const std::uint64_t seed = bootstrap_seed(index, BootstrapStream::n_init_group);
  NInitAggregate aggregate;
  aggregate.acquisition = group.front()->acquisition;
  aggregate.n_init = group.front()->n_init;
  std::vector<CensoredRuntime> runtimes;
  std::vector<double> experiments, iterations;
  for (const ConfigMetrics* config : group) {
    runtimes.insert(runtimes.end(), config->runtimes.begin(), config->runtimes.end());
    experiments.insert(experiments.end(), config->experiments_of_found.begin(), config->experiments_of_found.end());
    for (const double e : config->experiments_of_found) iterations.push_back(e - static_cast<double>(config->n_init));
  }
  aggregate.runs = runtimes.size();
  aggregate.found = experiments.size();
  aggregate.success_rate = success_rate(runtimes);
  aggregate.ert = expected_running_time(runtimes);
  const std::vector<CensoredRuntime> in_iterations = runtimes_in_iterations(runtimes, aggregate.n_init);
  aggregate.ert_iterations = expected_running_time(in_iterations);
  if (group.size() == 1) {  // the configuration's own numbers, bootstrap included
    aggregate.experiments = group.front()->experiments;
    aggregate.iterations = group.front()->iterations;
    aggregate.ert_interval = group.front()->ert_interval;
    aggregate.ert_iterations_interval = group.front()->ert_iterations_interval;
    return aggregate;
  }
  aggregate.experiments = describe_sample(experiments, mix_seed(seed, 1));
  aggregate.iterations = describe_sample(iterations, mix_seed(seed, 2));
  // Without misses ERT is the mean: one statistic, one interval (as per configuration).
  const bool all_found = aggregate.found == aggregate.runs;
  aggregate.ert_interval = all_found
                               ? Interval{aggregate.experiments.ci_low, aggregate.experiments.ci_high}
                               : bootstrap_ert_interval(runtimes, bootstrap_seed(index, BootstrapStream::n_init_ert));
  aggregate.ert_iterations_interval =
      all_found ? Interval{aggregate.ert_interval.low - static_cast<double>(aggregate.n_init),
                           aggregate.ert_interval.high - static_cast<double>(aggregate.n_init)}
                : bootstrap_ert_interval(in_iterations, bootstrap_seed(index, BootstrapStream::n_init_ert_iterations));
  return aggregate;
}

}  // namespace

std::vector<NInitAggregate> n_init_aggregates(const ResultsSummaryView& summary, const RunDataView& runs,
                                              const StudyAnalysis& analysis) {
  std::map<std::pair<std::string, std::int64_t>, std::vector<const ConfigMetrics*>> groups;
  for (const ConfigMetrics& config : analysis.configs)
    if (summary.randomized[config.row].empty()) groups[{config.acquisition, config.n_init}].push_back(&config);
  std::vector<NInitAggregate> aggregates;
  for (const auto& [key, group] : groups) {
    NInitAggregate aggregate = aggregate_group(group, aggregates.size());
    aggregate.random_expected_experiments =
        runs.has_truth ? random_search_expected_experiments(static_cast<std::int64_t>(runs.truth_values.size()),
                                                            static_cast<std::int64_t>(runs.optimal_designs.size()),
                                                            aggregate.n_init)
                       : std::nan("");
    aggregates.push_back(std::move(aggregate));
  }
  return aggregates;
}

std::vector<Heatmap> heatmaps(const ResultsSummaryView& summary, const StudyAnalysis& analysis) {
  std::vector<Heatmap> maps;
  for (const Recommendation& recommendation : analysis.recommendations) {
    if (recommendation.swept_columns.size() < 2) continue;
    Heatmap map;
    map.acquisition = recommendation.acquisition;
    map.x_column = recommendation.swept_columns[0];
    map.y_column = recommendation.swept_columns[1];
    std::map<std::pair<std::string, std::string>, std::size_t> best_of_cell;
    for (const SettingComparison& setting : recommendation.comparisons) {
      map.x_levels.push_back(level_of(summary, setting.row, map.x_column));
      map.y_levels.push_back(level_of(summary, setting.row, map.y_column));
      const auto [cell, inserted] =
          best_of_cell.emplace(std::make_pair(map.x_levels.back(), map.y_levels.back()), setting.row);
      if (!inserted && ranks_before(analysis, setting.row, cell->second)) cell->second = setting.row;
    }
    map.x_levels = sorted_levels(map.x_levels);
    map.y_levels = sorted_levels(map.y_levels);
    for (const auto& [cell, row] : best_of_cell) map.cell_rows.push_back(row);
    maps.push_back(std::move(map));
  }
  return maps;
}

}  // namespace bosim
