#include "stats/bootstrap.hpp"

#include <algorithm>
#include <limits>

#include "common/random.hpp"
#include "stats/summary_statistics.hpp"

namespace bosim {

std::vector<Interval> bootstrap_intervals(std::size_t items, std::size_t outputs, const ResampleStatistic& statistic,
                                          double confidence, int resamples, std::uint64_t seed) {
  constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
  if (items == 0 || resamples <= 0) return std::vector<Interval>(outputs, {not_a_number, not_a_number});
  Rng rng(seed);
  const auto count = static_cast<std::size_t>(resamples);
  std::vector<double> values(count * outputs);  // resample-major: values[r * outputs + k]
  std::vector<std::size_t> indices(items);
  for (std::size_t r = 0; r < count; ++r) {
    for (std::size_t& index : indices) index = rng.uniform_index(items);
    statistic(indices, std::span<double>(values).subspan(r * outputs, outputs));
  }
  const double tail = (1.0 - confidence) / 2.0;
  std::vector<Interval> intervals(outputs);
  std::vector<double> column(count);
  for (std::size_t k = 0; k < outputs; ++k) {
    for (std::size_t r = 0; r < count; ++r) column[r] = values[r * outputs + k];
    std::sort(column.begin(), column.end());
    intervals[k] = {quantile_sorted(column, tail), quantile_sorted(column, 1.0 - tail)};
  }
  return intervals;
}

Interval bootstrap_mean_interval(const std::vector<double>& values, double confidence, int resamples,
                                 std::uint64_t seed) {
  const auto mean = [&](std::span<const std::size_t> indices, std::span<double> out) {
    double sum = 0.0;
    for (const std::size_t index : indices) sum += values[index];
    out[0] = sum / static_cast<double>(indices.size());
  };
  return bootstrap_intervals(values.size(), 1, mean, confidence, resamples, seed).front();
}

std::vector<Interval> bootstrap_mean_curve_band(const std::vector<std::vector<double>>& curves, std::uint64_t seed) {
  const std::size_t length = curves.empty() ? 0 : curves.front().size();
  const auto mean_curve = [&](std::span<const std::size_t> indices, std::span<double> out) {
    std::fill(out.begin(), out.end(), 0.0);
    for (const std::size_t index : indices)
      for (std::size_t n = 0; n < length; ++n) out[n] += curves[index][n];
    for (double& value : out) value /= static_cast<double>(indices.size());
  };
  return bootstrap_intervals(curves.size(), length, mean_curve, bootstrap_confidence, bootstrap_resamples, seed);
}

}  // namespace bosim
