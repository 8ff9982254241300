// Sensitivity: main-effect and two-factor interaction shares of experiments to optimum per scope.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "analysis/analysis_parts.hpp"
#include "analysis/config_table.hpp"
#include "stats/factor_sensitivity.hpp"

namespace bosim {

namespace {

/// The outcome of a run: experiments to optimum, or, when it never found it, the experiments it
/// performed + 1 (a lower bound on its time to the optimum).
double outcome_of(const RunDataView& runs, std::size_t run) {
  return runs.found[run] ? runs.experiments_to_optimum[run] : static_cast<double>(runs.experiments_performed(run) + 1);
}

/// Outcomes and the levels of the given columns over the scope's runs whose levels are all fixed.
struct FactorSample {
  std::vector<double> outcomes;
  std::vector<std::vector<std::string>> levels;  ///< per column, per run
  std::size_t distinct(std::size_t k) const { return std::set<std::string>(levels[k].begin(), levels[k].end()).size(); }
};
FactorSample sample_of(const ResultsSummaryView& summary, const RunDataView& runs, const std::vector<std::size_t>& rows,
                       const std::vector<std::vector<std::size_t>>& runs_of_row,
                       const std::vector<std::size_t>& columns) {
  FactorSample sample;
  sample.levels.resize(columns.size());
  for (const std::size_t row : rows) {
    if (std::any_of(columns.begin(), columns.end(),
                    [&](std::size_t c) { return level_of(summary, row, c) == randomized_level; }))
      continue;  // drawn per run: not a grid level
    for (const std::size_t run : runs_of_row[row]) {
      sample.outcomes.push_back(outcome_of(runs, run));
      for (std::size_t k = 0; k < columns.size(); ++k) sample.levels[k].push_back(level_of(summary, row, columns[k]));
    }
  }
  return sample;
}

/// Every combination of the two factors' levels occurs (a crossed design).
bool crossed(const FactorSample& sample) {
  std::set<std::pair<std::string, std::string>> cells;
  for (std::size_t r = 0; r < sample.outcomes.size(); ++r) cells.emplace(sample.levels[0][r], sample.levels[1][r]);
  return cells.size() == sample.distinct(0) * sample.distinct(1);
}

/// Shares of one scope: main effects of `columns`, then the interactions of crossed pairs.
void scope_shares(const ResultsSummaryView& summary, const RunDataView& runs, const std::string& scope,
                  const std::vector<std::size_t>& rows, const std::vector<std::vector<std::size_t>>& runs_of_row,
                  const std::vector<std::size_t>& columns, StudyAnalysis& analysis) {
  std::vector<std::size_t> swept;
  for (const std::size_t column : columns) {
    const FactorSample sample = sample_of(summary, runs, rows, runs_of_row, {column});
    const std::string& name = summary.parameter_names[column];
    const bool randomized = std::any_of(
        rows.begin(), rows.end(), [&](std::size_t row) { return level_of(summary, row, column) == randomized_level; });
    if (sample.distinct(0) < 2) {
      analysis.sensitivity_notes.push_back(
          name + " (" + scope + "): no share, one fixed level" +
          (randomized ? std::string(" besides runs with a randomized value") : std::string()) +
          (randomized ? std::string(" (drawn per run, not a sweep level; see scope \"" + scope + " (randomized)\")")
                      : std::string()));
      continue;
    }
    if (randomized)
      analysis.sensitivity_notes.push_back(name + " (" + scope +
                                           "): runs with a randomized value left out (drawn per run, not a sweep "
                                           "level; see scope \"" +
                                           scope + " (randomized)\")");
    swept.push_back(column);
    analysis.sensitivity.push_back(
        {scope, {name}, {sample.distinct(0)}, main_effect_share(sample.outcomes, sample.levels[0])});
  }
  for (std::size_t i = 0; i < swept.size(); ++i)
    for (std::size_t j = i + 1; j < swept.size(); ++j) {
      const FactorSample sample = sample_of(summary, runs, rows, runs_of_row, {swept[i], swept[j]});
      if (sample.distinct(0) < 2 || sample.distinct(1) < 2 || !crossed(sample)) continue;
      analysis.sensitivity.push_back({scope,
                                      {summary.parameter_names[swept[i]], summary.parameter_names[swept[j]]},
                                      {sample.distinct(0), sample.distinct(1)},
                                      interaction_share(sample.outcomes, sample.levels[0], sample.levels[1])});
    }
}

/// Shares of the factors drawn per run in the scope's randomized configurations, from quantile bins of the
/// drawn values (stats/factor_sensitivity.hpp): at least 10 runs per bin, at most 5 bins.
void randomized_shares(const ResultsSummaryView& summary, const RunDataView& runs, const std::string& scope,
                       const std::vector<std::size_t>& rows, const std::vector<std::vector<std::size_t>>& runs_of_row,
                       StudyAnalysis& analysis) {
  constexpr std::size_t runs_per_bin = 10, most_bins = 5;
  for (std::size_t f = 0; f < runs.drawn_factors.size(); ++f) {
    const std::size_t column = column_of(summary, runs.drawn_factors[f]);
    std::vector<double> outcomes, drawn;
    for (const std::size_t row : rows) {
      if (column >= summary.parameter_names.size() || level_of(summary, row, column) != randomized_level) continue;
      for (const std::size_t run : runs_of_row[row]) {
        if (std::isnan(runs.drawn_values[f][run])) continue;
        outcomes.push_back(outcome_of(runs, run));
        drawn.push_back(runs.drawn_values[f][run]);
      }
    }
    const std::size_t bins = std::min(most_bins, drawn.size() / runs_per_bin);
    if (drawn.empty()) continue;
    const std::string name = runs.drawn_factors[f], binned_scope = scope + " (randomized)";
    if (bins < 2) {
      analysis.sensitivity_notes.push_back(name + " (" + binned_scope + "): too few runs (" +
                                           std::to_string(drawn.size()) + ") for 2 bins of 10");
      continue;
    }
    analysis.sensitivity.push_back(
        {binned_scope, {name}, {bins}, main_effect_share(outcomes, quantile_bins(drawn, bins))});
    char bias[160];
    std::snprintf(bias, sizeof bias,
                  "): share over %zu equal-count bins of the drawn values; ~%.3f expected with no effect", bins,
                  static_cast<double>(bins - 1) / static_cast<double>(drawn.size() - 1));
    analysis.sensitivity_notes.push_back(name + " (" + binned_scope + bias);
  }
}

}  // namespace

void sensitivity(const ResultsSummaryView& summary, const RunDataView& runs,
                 const std::vector<std::vector<std::size_t>>& runs_of_row, StudyAnalysis& analysis) {
  std::vector<std::size_t> all_rows(summary.config_ids.size());
  for (std::size_t row = 0; row < all_rows.size(); ++row) all_rows[row] = row;
  std::map<std::string, std::vector<std::size_t>> rows_of_acquisition;
  for (const ConfigMetrics& config : analysis.configs) rows_of_acquisition[config.acquisition].push_back(config.row);
  // Scope "all" has the acquisition as its only factor: the other parameters are swept per acquisition
  // (beta0 for UCB alone), so across acquisitions they are confounded with it.
  if (rows_of_acquisition.size() > 1)
    scope_shares(summary, runs, "all", all_rows, runs_of_row, {column_of(summary, "acquisition")}, analysis);
  for (const auto& [acquisition, rows] : rows_of_acquisition) {
    if (rows.size() > 1)
      scope_shares(summary, runs, acquisition, rows, runs_of_row, varying_columns(summary, rows, false), analysis);
    randomized_shares(summary, runs, acquisition, rows, runs_of_row, analysis);
  }
}

}  // namespace bosim
