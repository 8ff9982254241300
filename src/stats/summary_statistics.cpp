#include "stats/summary_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "common/random.hpp"

namespace bosim {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

double mean_of(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

}  // namespace

double quantile_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty() || std::isnan(p)) return not_a_number;
  const double position = (static_cast<double>(sorted.size()) - 1.0) * std::clamp(p, 0.0, 1.0);
  const auto below = static_cast<std::size_t>(std::floor(position));
  if (below + 1 >= sorted.size()) return sorted.back();
  if (sorted[below] == sorted[below + 1]) return sorted[below];  // also ∞, where ∞ − ∞ would give NaN
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
}

SampleSummary describe_sample(const std::vector<double>& values, std::uint64_t bootstrap_seed) {
  SampleSummary summary;
  if (values.empty()) {
    summary.mean = summary.std = summary.median = summary.q25 = summary.q75 = not_a_number;
    summary.min = summary.max = summary.ci_low = summary.ci_high = not_a_number;
    summary.whisker_low = summary.whisker_high = not_a_number;
    return summary;
  }
  // Sorted once for the quantiles; summing the sorted values also makes the mean
  // independent of the order in which runs finished.
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  summary.mean = mean_of(sorted);
  double squared_deviations = 0.0;
  for (const double value : sorted) squared_deviations += (value - summary.mean) * (value - summary.mean);
  summary.std = n > 1 ? std::sqrt(squared_deviations / static_cast<double>(n - 1)) : 0.0;
  summary.median = quantile_sorted(sorted, 0.5);
  summary.q25 = quantile_sorted(sorted, 0.25);
  summary.q75 = quantile_sorted(sorted, 0.75);
  summary.min = sorted.front();
  summary.max = sorted.back();
  const double reach = 1.5 * (summary.q75 - summary.q25);
  summary.whisker_low = *std::lower_bound(sorted.begin(), sorted.end(), summary.q25 - reach);
  summary.whisker_high = *(std::upper_bound(sorted.begin(), sorted.end(), summary.q75 + reach) - 1);
  const Interval interval = bootstrap_mean_interval(sorted, bootstrap_confidence, bootstrap_resamples, bootstrap_seed);
  summary.ci_low = interval.low;
  summary.ci_high = interval.high;
  return summary;
}

ConfigSummary summarize(std::uint32_t config_id, const std::vector<double>& experiments_of_found_runs,
                        std::uint32_t runs, std::uint32_t failed_runs) {
  ConfigSummary summary;
  summary.config_id = config_id;
  summary.runs = runs;
  summary.found = static_cast<std::uint32_t>(experiments_of_found_runs.size());
  summary.failed = failed_runs;
  summary.success_rate = runs > 0 ? static_cast<double>(summary.found) / static_cast<double>(runs) : not_a_number;
  const SampleSummary sample = describe_sample(experiments_of_found_runs, mix_seed(bootstrap_seed_root, config_id));
  summary.mean = sample.mean;
  summary.std = sample.std;
  summary.median = sample.median;
  summary.q25 = sample.q25;
  summary.q75 = sample.q75;
  summary.min = sample.min;
  summary.max = sample.max;
  summary.ci_low = sample.ci_low;
  summary.ci_high = sample.ci_high;
  return summary;
}

}  // namespace bosim
