#include "stats/campaign_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace bosim {

namespace {

/// The measured prefix of a NaN-padded trajectory row.
std::span<const double> measured_part(std::span<const double> trajectory) {
  const auto end = std::find_if(trajectory.begin(), trajectory.end(), [](double value) { return std::isnan(value); });
  return trajectory.first(static_cast<std::size_t>(end - trajectory.begin()));
}

}  // namespace

double optimality_gap(double value, double optimum, bool maximize) {
  return maximize ? optimum - value : value - optimum;
}

std::vector<double> simple_regret(std::span<const double> best_so_far, double optimum) {
  std::vector<double> regret;
  for (const double value : measured_part(best_so_far)) regret.push_back(std::abs(optimum - value));
  return regret;
}

double target_scale(double optimum, double pool_range) {
  constexpr double relative_zero = 1e-12;
  return std::abs(optimum) <= relative_zero * std::abs(pool_range) ? std::abs(pool_range) : std::abs(optimum);
}

double target_tolerance(double percent, double optimum, double pool_range) {
  return percent / 100.0 * target_scale(optimum, pool_range);
}

std::int32_t experiments_to_target(std::span<const double> best_so_far, double optimum, bool maximize,
                                   double tolerance) {
  const std::span<const double> measured = measured_part(best_so_far);
  for (std::size_t n = 0; n < measured.size(); ++n)
    if (optimality_gap(measured[n], optimum, maximize) <= tolerance) return static_cast<std::int32_t>(n + 1);
  return -1;
}

std::vector<bool> top_fraction_designs(const std::vector<double>& values, bool maximize, double fraction) {
  std::vector<bool> is_top(values.size(), false);
  if (values.empty()) return is_top;
  // Rank by goodness: negate for maximization so that ascending order is best first.
  std::vector<double> goodness_order(values.size());
  std::transform(values.begin(), values.end(), goodness_order.begin(),
                 [&](double value) { return maximize ? -value : value; });
  std::sort(goodness_order.begin(), goodness_order.end());
  const auto top_count = std::clamp<std::size_t>(
      static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(values.size()))), 1, values.size());
  const double boundary = goodness_order[top_count - 1];
  for (std::size_t i = 0; i < values.size(); ++i) is_top[i] = (maximize ? -values[i] : values[i]) <= boundary;
  return is_top;
}

std::vector<std::int32_t> top_designs_found(std::span<const std::int32_t> chosen, const std::vector<bool>& is_top) {
  std::vector<std::int32_t> found;
  std::set<std::int32_t> seen;  // a design measured twice (replicates) counts once
  std::int32_t count = 0;
  for (const std::int32_t design : chosen) {
    if (design < 0) break;
    if (static_cast<std::size_t>(design) < is_top.size() && is_top[static_cast<std::size_t>(design)] &&
        seen.insert(design).second)
      ++count;
    found.push_back(count);
  }
  return found;
}

std::vector<double> experiments_ecdf(const std::vector<std::int32_t>& experiments, std::int32_t max_experiments) {
  std::vector<double> cdf(static_cast<std::size_t>(std::max(max_experiments, 0)), 0.0);
  if (experiments.empty()) return cdf;
  for (const std::int32_t e : experiments)
    if (e >= 1 && e <= max_experiments) cdf[static_cast<std::size_t>(e - 1)] += 1.0;
  double cumulative = 0.0;
  for (double& value : cdf) value = (cumulative += value) / static_cast<double>(experiments.size());
  return cdf;
}

std::vector<double> mean_carried_forward(const std::vector<std::vector<double>>& curves, std::size_t length) {
  std::vector<double> sum(length, 0.0);
  std::size_t counted = 0;
  for (const std::vector<double>& curve : curves) {
    if (curve.empty()) continue;
    ++counted;
    for (std::size_t n = 0; n < length; ++n) sum[n] += curve[std::min(n, curve.size() - 1)];
  }
  for (double& value : sum)
    value = counted > 0 ? value / static_cast<double>(counted) : std::numeric_limits<double>::quiet_NaN();
  return sum;
}

}  // namespace bosim
