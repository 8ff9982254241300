#include "stats/rank_comparison.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace bosim {

namespace {

/// P(Z ≥ z) for a standard normal Z.
double upper_tail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

}  // namespace

MannWhitneyResult mann_whitney_u(const std::vector<double>& first, const std::vector<double>& second,
                                 Alternative alternative) {
  MannWhitneyResult result;
  const double n1 = static_cast<double>(first.size());
  const double n2 = static_cast<double>(second.size());
  if (first.empty() || second.empty()) return result;

  // Pool both samples, remembering which is which, and give tied values their midrank.
  struct Entry {
    double value;
    bool from_first;
  };
  std::vector<Entry> pooled;
  for (const double value : first) pooled.push_back({value, true});
  for (const double value : second) pooled.push_back({value, false});
  std::sort(pooled.begin(), pooled.end(), [](const Entry& a, const Entry& b) { return a.value < b.value; });

  double rank_sum_first = 0.0;
  double tie_term = 0.0;  // Σ (t³ − t)
  for (std::size_t start = 0; start < pooled.size();) {
    std::size_t end = start;
    while (end < pooled.size() && pooled[end].value == pooled[start].value) ++end;
    const double midrank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
    const double ties = static_cast<double>(end - start);
    tie_term += ties * ties * ties - ties;
    for (std::size_t k = start; k < end; ++k)
      if (pooled[k].from_first) rank_sum_first += midrank;
    start = end;
  }

  const double n = n1 + n2;
  result.u = rank_sum_first - n1 * (n1 + 1.0) / 2.0;
  const double mean = n1 * n2 / 2.0;
  const double variance = n1 * n2 / 12.0 * ((n + 1.0) - tie_term / (n * (n - 1.0)));
  if (variance <= 0.0) return result;  // every value ties: no evidence either way
  const double deviation = result.u - mean;
  const double sigma = std::sqrt(variance);
  switch (alternative) {
    case Alternative::greater:
      result.z = (deviation - 0.5) / sigma;
      result.p_value = upper_tail(result.z);
      break;
    case Alternative::less:
      result.z = (deviation + 0.5) / sigma;
      result.p_value = upper_tail(-result.z);
      break;
    case Alternative::two_sided:
      result.z = std::copysign(std::max(std::abs(deviation) - 0.5, 0.0), deviation) / sigma;
      result.p_value = std::min(1.0, 2.0 * upper_tail(std::abs(result.z)));
      break;
  }
  return result;
}

std::vector<double> holm_adjusted(const std::vector<double>& p_values) {
  const std::size_t m = p_values.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  std::vector<double> adjusted(m);
  double running_max = 0.0;
  for (std::size_t rank = 0; rank < m; ++rank) {
    const double scaled = std::min(1.0, static_cast<double>(m - rank) * p_values[order[rank]]);
    running_max = std::max(running_max, scaled);
    adjusted[order[rank]] = running_max;
  }
  return adjusted;
}

std::vector<PairComparison> pairwise_comparisons(const std::vector<std::vector<double>>& samples) {
  std::vector<PairComparison> comparisons;
  for (std::size_t i = 0; i < samples.size(); ++i)
    for (std::size_t j = i + 1; j < samples.size(); ++j)
      comparisons.push_back({i, j, mann_whitney_u(samples[i], samples[j], Alternative::two_sided), 1.0});
  std::vector<double> p_values;
  for (const PairComparison& comparison : comparisons) p_values.push_back(comparison.test.p_value);
  const std::vector<double> adjusted = holm_adjusted(p_values);
  for (std::size_t k = 0; k < comparisons.size(); ++k) comparisons[k].adjusted_p_value = adjusted[k];
  return comparisons;
}

IndistinguishableSet not_worse_than_best(const std::vector<std::vector<double>>& samples, std::size_t best,
                                         double alpha) {
  IndistinguishableSet set;
  set.adjusted_p_values.assign(samples.size(), 1.0);
  std::vector<std::size_t> others;
  std::vector<double> p_values;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (i == best) continue;
    others.push_back(i);
    p_values.push_back(mann_whitney_u(samples[i], samples[best], Alternative::greater).p_value);
  }
  const std::vector<double> adjusted = holm_adjusted(p_values);
  set.members.push_back(best);
  for (std::size_t k = 0; k < others.size(); ++k) {
    set.adjusted_p_values[others[k]] = adjusted[k];
    if (adjusted[k] >= alpha) set.members.push_back(others[k]);
  }
  return set;
}

}  // namespace bosim
