#include "results/run_data_checks.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "common/input_error.hpp"

namespace bosim {

namespace {

[[noreturn]] void reject(const std::string& path, const std::string& dataset, const std::string& message) {
  throw InputError("/" + dataset + ": " + message + " (not a value bosim writes; was the file edited?)",
                   SourcePosition(path, 0, 0, dataset));
}

std::string run_text(const RunDataView& view, std::size_t run) {
  return "row " + std::to_string(run) + " (config " + std::to_string(view.config_ids[run]) + ", repeat " +
         std::to_string(view.repeats[run]) + ")";
}

void check_identity(const RunDataView& view, const RunDataLimits& limits, const std::string& path) {
  const std::set<std::uint32_t> configs(limits.config_ids.begin(), limits.config_ids.end());
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
  const std::vector<std::string>& statuses = known_run_statuses();
  for (std::size_t run = 0; run < view.runs(); ++run) {
    const std::string& status = limits.statuses[run];
    if (std::find(statuses.begin(), statuses.end(), status) == statuses.end())
      reject(path, "runs/status",
             run_text(view, run) + " has unknown status '" + status + "' (expected '" + statuses[0] + "' or '" +
                 statuses[1] + "')");
    if (configs.count(view.config_ids[run]) == 0)
      reject(path, "runs/config_id", run_text(view, run) + " names a configuration that /configs does not list");
    if (limits.repeats >= 0 && view.repeats[run] >= limits.repeats)
      reject(path, "runs/repeat",
             run_text(view, run) + " is out of range: the study has " + std::to_string(limits.repeats) +
                 " repeats (0 … " + std::to_string(limits.repeats - 1) + ")");
    if (!seen.emplace(view.config_ids[run], view.repeats[run]).second)
      reject(path, "runs/repeat", run_text(view, run) + " appears twice");
  }
}

void check_outcomes(const RunDataView& view, const std::string& path) {
  const auto width = static_cast<std::int64_t>(view.trajectory_width);
  for (std::size_t run = 0; run < view.runs(); ++run) {
    const std::int32_t experiments = view.experiments_to_optimum[run];
    // Without trajectories the width is not known yet: experiments_spent_by_budget checks the upper bound.
    if (experiments != -1 && (experiments < 1 || (view.has_trajectories && experiments > width)))
      reject(path, "runs/experiments_to_optimum",
             run_text(view, run) + " has " + std::to_string(experiments) + "; expected -1 (not found) or 1 … " +
                 std::to_string(width) + " (the trajectory width)");
    if (view.found[run] != (experiments > 0))
      reject(path, "runs/found",
             run_text(view, run) + " says found = " + (view.found[run] ? "1" : "0") +
                 " but experiments_to_optimum is " + std::to_string(experiments));
    const std::int32_t iterations = view.iterations_to_optimum[run];
    if (experiments > 0 ? (iterations < 0 || iterations >= experiments) : iterations != -1)
      reject(path, "runs/iterations_to_optimum",
             run_text(view, run) + " has " + std::to_string(iterations) + "; expected " +
                 (experiments > 0 ? "0 … " + std::to_string(experiments - 1) + " (below experiments_to_optimum)"
                                  : std::string("-1 (not found)")));
  }
}

void check_designs(const RunDataView& view, const std::string& path) {
  // Without /truth the pool size is unknown: only the padding value bounds the indices from below.
  const auto pool = static_cast<std::int64_t>(view.truth_values.size());
  const std::string range = view.has_truth ? "-1 (padding) … " + std::to_string(pool - 1) : "-1 (padding) or more";
  for (std::size_t k = 0; k < view.chosen.size(); ++k) {
    const std::int32_t design = view.chosen[k];
    if (design < -1 || (view.has_truth && design >= pool))
      reject(path, "trajectories/chosen",
             run_text(view, k / std::max<std::size_t>(view.trajectory_width, 1)) + ", column " +
                 std::to_string(k % std::max<std::size_t>(view.trajectory_width, 1)) + " chooses design " +
                 std::to_string(design) + "; expected " + range + " (the pool)");
  }
  for (const std::int32_t design : view.optimal_designs)
    if (design < 0 || design >= pool)
      reject(path, "truth/optimal_designs",
             "design " + std::to_string(design) + " is outside the pool (0 … " + std::to_string(pool - 1) + ")");
}

}  // namespace

void check_run_data(const RunDataView& view, const RunDataLimits& limits, const std::string& path) {
  check_identity(view, limits, path);
  check_outcomes(view, path);
  check_designs(view, path);
}

}  // namespace bosim
