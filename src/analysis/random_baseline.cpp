// The random-search baseline of a study: its random configurations, or the exact expectation.
#include <cmath>
#include <limits>
#include <numeric>

#include "analysis/analysis_parts.hpp"
#include "stats/campaign_metrics.hpp"
#include "stats/random_search.hpp"

namespace bosim {

namespace {

const std::string random_acquisition = "random";

/// Runtimes of the study's random configurations with the given n_init (any n_init when < 0).
std::vector<CensoredRuntime> random_runtimes(const std::vector<ConfigMetrics>& configs, std::int64_t n_init,
                                             bool& any) {
  std::vector<CensoredRuntime> runtimes;
  any = false;
  for (const ConfigMetrics& config : configs) {
    if (config.acquisition != random_acquisition || (n_init >= 0 && config.n_init != n_init)) continue;
    any = true;
    runtimes.insert(runtimes.end(), config.runtimes.begin(), config.runtimes.end());
  }
  return runtimes;
}

}  // namespace

RandomBaseline random_baseline(const RunDataView& runs, const std::vector<ConfigMetrics>& configs, bool maximize) {
  RandomBaseline baseline;
  std::vector<std::vector<double>> top_curves;
  std::string ids;
  for (const ConfigMetrics& config : configs) {
    if (config.acquisition != random_acquisition) continue;
    ids += (ids.empty() ? "" : ", ") + std::to_string(config.config_id);
    if (!config.mean_top_found_share.empty()) top_curves.push_back(config.mean_top_found_share);
  }
  bool any = false;
  const std::vector<CensoredRuntime> runtimes = random_runtimes(configs, -1, any);
  if (any) {
    baseline.description = "acquisition = random in this study (config " + ids + ")";
    double found_sum = 0.0, found = 0.0;
    for (const CensoredRuntime& runtime : runtimes)
      if (runtime.reached) found_sum += runtime.experiments, found += 1.0;
    baseline.mean_experiments_to_optimum = found > 0.0 ? found_sum / found : std::nan("");
    baseline.ert = expected_running_time(runtimes);
    baseline.success_rate = success_rate(runtimes);
    baseline.mean_top_found_share = mean_carried_forward(top_curves, runs.trajectory_width);
    return baseline;
  }
  baseline.analytic = true;
  const std::int64_t n_init = configs.empty() ? 1 : configs.front().n_init;
  baseline.description =
      "no random configuration in this study: exact expectation of random sampling without replacement "
      "(n_init = " +
      std::to_string(n_init) + ")";
  baseline.mean_experiments_to_optimum = baseline.ert = baseline.success_rate = std::nan("");
  if (!runs.has_truth) return baseline;
  const auto pool_size = static_cast<std::int64_t>(runs.truth_values.size());
  const auto hits = static_cast<std::int64_t>(runs.optimal_designs.size());
  baseline.mean_experiments_to_optimum = random_search_expected_experiments(pool_size, hits, n_init);
  baseline.ert = baseline.mean_experiments_to_optimum;
  baseline.success_rate = 1.0;
  baseline.expected_best_so_far =
      random_search_expected_best(runs.truth_values, maximize, static_cast<std::int64_t>(runs.trajectory_width));
  // Expected top designs after n draws is n·K/N (hypergeometric mean), so the expected share is n/N.
  for (std::size_t n = 1; n <= runs.trajectory_width; ++n)
    baseline.mean_top_found_share.push_back(std::min(1.0, static_cast<double>(n) / static_cast<double>(pool_size)));
  return baseline;
}

double random_ert_for(const RunDataView& runs, const std::vector<ConfigMetrics>& configs, std::int64_t n_init,
                      std::int64_t budget) {
  bool any = false;
  const std::vector<CensoredRuntime> runtimes = random_runtimes(configs, n_init, any);
  if (any) return expected_running_time(runtimes);
  if (!runs.has_truth) return std::nan("");
  return random_search_expected_running_time(static_cast<std::int64_t>(runs.truth_values.size()),
                                             static_cast<std::int64_t>(runs.optimal_designs.size()), n_init, budget);
}

}  // namespace bosim
