#include "stats/factor_sensitivity.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>

namespace bosim {

double main_effect_share(const std::vector<double>& outcomes, const std::vector<std::string>& levels) {
  if (outcomes.size() != levels.size()) throw std::invalid_argument("main_effect_share: one level per outcome");
  if (outcomes.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double runs = static_cast<double>(outcomes.size());
  double total = 0.0;
  std::map<std::string, std::pair<double, double>> sum_and_count_of_level;
  for (std::size_t r = 0; r < outcomes.size(); ++r) {
    total += outcomes[r];
    auto& [sum, count] = sum_and_count_of_level[levels[r]];
    sum += outcomes[r];
    count += 1.0;
  }
  const double mean = total / runs;
  double total_variance = 0.0;
  for (const double outcome : outcomes) total_variance += (outcome - mean) * (outcome - mean);
  total_variance /= runs;
  if (total_variance <= 0.0) return 0.0;
  // Var(E[Y | level]) over runs: each level's mean weighted by its share of the runs.
  double between_variance = 0.0;
  for (const auto& [level, sum_and_count] : sum_and_count_of_level) {
    const auto& [sum, count] = sum_and_count;
    const double deviation = sum / count - mean;
    between_variance += count / runs * deviation * deviation;
  }
  return between_variance / total_variance;
}

std::vector<std::string> quantile_bins(const std::vector<double>& values, std::size_t bins) {
  std::vector<std::size_t> order(values.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<std::string> labels(values.size());
  for (std::size_t rank = 0; rank < order.size(); ++rank)
    labels[order[rank]] = std::string(1, 'q').append(std::to_string(rank * bins / order.size() + 1));
  return labels;
}

double interaction_share(const std::vector<double>& outcomes, const std::vector<std::string>& first_levels,
                         const std::vector<std::string>& second_levels) {
  if (first_levels.size() != second_levels.size())
    throw std::invalid_argument("interaction_share: one level of each factor per outcome");
  std::vector<std::string> cells(first_levels.size());
  for (std::size_t r = 0; r < cells.size(); ++r) cells[r] = first_levels[r] + '\x1f' + second_levels[r];
  return main_effect_share(outcomes, cells) - main_effect_share(outcomes, first_levels) -
         main_effect_share(outcomes, second_levels);
}

}  // namespace bosim
