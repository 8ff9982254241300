#include "stats/censored_quartiles.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bosim {

namespace {

/// Type-7 quantile of `ordered` (successes, then misses), censored when a miss has positive weight.
CensoredQuantile censored_quantile(const std::vector<double>& ordered, std::size_t successes, double p) {
  const double position = (static_cast<double>(ordered.size()) - 1.0) * p;
  const auto below = static_cast<std::size_t>(std::floor(position));
  const double fraction = position - static_cast<double>(below);
  if (below + 1 >= ordered.size() || fraction == 0.0) return {ordered[below], below >= successes};
  return {ordered[below] + fraction * (ordered[below + 1] - ordered[below]), below + 1 >= successes};
}

}  // namespace

CensoredBox censored_box(const std::vector<CensoredRuntime>& runs) {
  CensoredBox box;
  if (runs.empty()) {
    const CensoredQuantile none{std::numeric_limits<double>::quiet_NaN(), false};
    box.q25 = box.median = box.q75 = box.whisker_low = box.whisker_high = none;
    return box;
  }
  std::vector<double> successes, misses;
  for (const CensoredRuntime& run : runs) (run.reached ? successes : misses).push_back(run.experiments);
  std::sort(successes.begin(), successes.end());
  std::sort(misses.begin(), misses.end());
  std::vector<double> ordered = successes;
  ordered.insert(ordered.end(), misses.begin(), misses.end());
  box.q25 = censored_quantile(ordered, successes.size(), 0.25);
  box.median = censored_quantile(ordered, successes.size(), 0.5);
  box.q75 = censored_quantile(ordered, successes.size(), 0.75);
  // Whiskers reach the most extreme runs within 1.5 IQR; the ordered sample is not sorted by value across
  // the success/miss boundary when a miss spent less than a success, so scan by position.
  const double reach = 1.5 * (box.q75.value - box.q25.value);
  std::size_t low = 0;
  while (low + 1 < ordered.size() && ordered[low] < box.q25.value - reach) ++low;
  std::size_t high = ordered.size() - 1;
  while (high > 0 && ordered[high] > box.q75.value + reach) --high;
  box.whisker_low = {ordered[low], low >= successes.size()};
  box.whisker_high = {ordered[high], high >= successes.size()};
  return box;
}

}  // namespace bosim
