#include "analysis/spent_without_trajectories.hpp"

#include <algorithm>
#include <map>

#include "analysis/config_table.hpp"
#include "campaign/campaign.hpp"
#include "common/input_error.hpp"
#include "results/results_schema.hpp"

namespace bosim {
namespace {

/// What ends a configuration's runs: its experiment limit, and whether they go on after the optimum.
struct StoppingRule {
  std::int64_t limit = 0;
  bool continues_after_optimum = false;
};

std::map<std::uint32_t, StoppingRule> rules_by_config(const ResultsSummaryView& summary, std::int64_t pool_size) {
  std::map<std::uint32_t, StoppingRule> rules;
  for (std::size_t row = 0; row < summary.config_ids.size(); ++row)
    rules[summary.config_ids[row]] = {
        experiment_limit(budget_of(summary, row), replacement_of(summary, row), pool_size),
        continues_after_optimum(summary, row)};
  return rules;
}

}  // namespace

void fill_experiments_spent(const ResultsSummaryView& summary, RunDataView& runs, const std::string& path) {
  if (runs.has_trajectories) return;
  if (!runs.has_truth)
    throw InputError(
        "has neither /trajectories nor /truth: the experiments spent by runs that missed the optimum "
        "are unknown",
        SourcePosition(path, 0, 0, schema::trajectories));
  const auto pool_size = static_cast<std::int64_t>(runs.truth_values.size());
  const std::map<std::uint32_t, StoppingRule> rules = rules_by_config(summary, pool_size);
  runs.experiments_spent.clear();
  for (std::size_t run = 0; run < runs.runs(); ++run) {
    // read_run_data checked that every run's config_id is in /configs.
    const StoppingRule& rule = rules.at(runs.config_ids[run]);
    const std::int64_t limit = rule.limit;
    const std::int32_t to_optimum = runs.experiments_to_optimum[run];
    if (to_optimum > limit)
      throw InputError(std::string("/") + schema::runs + ": row " + std::to_string(run) + " (config " +
                           std::to_string(runs.config_ids[run]) + ") found the optimum after " +
                           std::to_string(to_optimum) + " experiments, beyond its configuration's limit of " +
                           std::to_string(limit) + " (not a value bosim writes; was the file edited?)",
                       SourcePosition(path, 0, 0, std::string(schema::runs) + "/" + schema::experiments_to_optimum));
    const bool stopped_at_optimum = runs.found[run] && !rule.continues_after_optimum;
    runs.experiments_spent.push_back(static_cast<std::int32_t>(stopped_at_optimum ? to_optimum : limit));
  }
  const auto widest = std::max_element(runs.experiments_spent.begin(), runs.experiments_spent.end());
  runs.trajectory_width = widest == runs.experiments_spent.end() ? 0 : static_cast<std::size_t>(*widest);
}

}  // namespace bosim
