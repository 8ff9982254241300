#include "stats/summary_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "common/random.hpp"

namespace bosim {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

/// Seed of the bootstrap stream; mixed with the config id so every configuration
/// gets its own reproducible resamples.
constexpr std::uint64_t bootstrap_seed_root = 0x5EED;
constexpr int bootstrap_resamples = 2000;
constexpr double interval_confidence = 0.95;

double mean_of(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

}  // namespace

double quantile_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty() || std::isnan(p)) return not_a_number;
  const double position = (static_cast<double>(sorted.size()) - 1.0) * std::clamp(p, 0.0, 1.0);
  const auto below = static_cast<std::size_t>(std::floor(position));
  if (below + 1 >= sorted.size()) return sorted.back();
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
}

Interval bootstrap_mean_interval(const std::vector<double>& values, double confidence, int resamples,
                                 std::uint64_t seed) {
  if (values.empty() || resamples <= 0) return {not_a_number, not_a_number};
  Rng rng(seed);
  std::vector<double> resampled_means(static_cast<std::size_t>(resamples));
  for (double& resampled_mean : resampled_means) {
    double sum = 0.0;
    for (std::size_t draw = 0; draw < values.size(); ++draw) sum += values[rng.uniform_index(values.size())];
    resampled_mean = sum / static_cast<double>(values.size());
  }
  std::sort(resampled_means.begin(), resampled_means.end());
  // Percentile method: the interval is the central `confidence` mass of the bootstrap distribution.
  const double tail = (1.0 - confidence) / 2.0;
  return {quantile_sorted(resampled_means, tail), quantile_sorted(resampled_means, 1.0 - tail)};
}

ConfigSummary summarize(std::uint32_t config_id, const std::vector<double>& experiments_of_found_runs,
                        std::uint32_t runs, std::uint32_t failed_runs) {
  ConfigSummary summary;
  summary.config_id = config_id;
  summary.runs = runs;
  summary.found = static_cast<std::uint32_t>(experiments_of_found_runs.size());
  summary.failed = failed_runs;
  summary.success_rate = runs > 0 ? static_cast<double>(summary.found) / static_cast<double>(runs) : not_a_number;

  if (experiments_of_found_runs.empty()) {
    summary.mean = summary.std = summary.median = summary.q25 = summary.q75 = not_a_number;
    summary.min = summary.max = summary.ci_low = summary.ci_high = not_a_number;
    return summary;
  }

  // Sorted once for the quantiles; summing the sorted values also makes the mean
  // independent of the order in which runs finished.
  std::vector<double> sorted = experiments_of_found_runs;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();

  summary.mean = mean_of(sorted);
  if (n > 1) {
    double squared_deviations = 0.0;
    for (const double value : sorted) squared_deviations += (value - summary.mean) * (value - summary.mean);
    summary.std = std::sqrt(squared_deviations / static_cast<double>(n - 1));
  } else {
    summary.std = 0.0;
  }
  summary.median = quantile_sorted(sorted, 0.5);
  summary.q25 = quantile_sorted(sorted, 0.25);
  summary.q75 = quantile_sorted(sorted, 0.75);
  summary.min = sorted.front();
  summary.max = sorted.back();

  const Interval interval = bootstrap_mean_interval(sorted, interval_confidence, bootstrap_resamples,
                                                    mix_seed(bootstrap_seed_root, config_id));
  summary.ci_low = interval.low;
  summary.ci_high = interval.high;
  return summary;
}

}  // namespace bosim
