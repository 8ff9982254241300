#include "stats/paired_comparison.hpp"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numeric>

namespace bosim {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

/// P(Z ≥ z) for a standard normal Z.
double upper_tail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

/// Midranks (1-based) of values in input order, and Σ(t³ − t) over the tie groups.
struct Ranks {
  std::vector<double> ranks;
  double tie_term = 0.0;
  bool has_ties = false;
};
Ranks midranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  Ranks result;
  result.ranks.resize(values.size());
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start;
    while (end < order.size() && values[order[end]] == values[order[start]]) ++end;
    const double midrank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
    const double ties = static_cast<double>(end - start);
    result.tie_term += ties * ties * ties - ties;
    result.has_ties = result.has_ties || ties > 1.0;
    for (std::size_t k = start; k < end; ++k) result.ranks[order[k]] = midrank;
    start = end;
  }
  return result;
}

/// Exact null distribution of W⁺ for n untied ranks: probability[w] = #{sign patterns with W⁺ = w}/2ⁿ,
/// built by adding one rank at a time (each sign equally likely).
std::vector<double> signed_rank_distribution(std::size_t n) {
  std::vector<double> probability(n * (n + 1) / 2 + 1, 0.0);
  probability[0] = 1.0;
  for (std::size_t rank = 1; rank <= n; ++rank)
    for (std::size_t w = rank * (rank + 1) / 2 + 1; w-- > 0;)
      probability[w] = 0.5 * (probability[w] + (w >= rank ? probability[w - rank] : 0.0));
  return probability;
}

/// P(W⁺ ≥ w) and P(W⁺ ≤ w) under the exact distribution.
double exact_upper(const std::vector<double>& probability, double w) {
  double tail = 0.0;
  for (std::size_t t = 0; t < probability.size(); ++t)
    if (static_cast<double>(t) >= w) tail += probability[t];
  return std::min(1.0, tail);
}
double exact_lower(const std::vector<double>& probability, double w) {
  double tail = 0.0;
  for (std::size_t t = 0; t < probability.size(); ++t)
    if (static_cast<double>(t) <= w) tail += probability[t];
  return std::min(1.0, tail);
}

/// p-value of W⁺ under the normal approximation with tie and continuity corrections.
void normal_approximation(SignedRankTest& test, double tie_term, Alternative alternative) {
  const double n = static_cast<double>(test.nonzero);
  const double mean = n * (n + 1.0) / 4.0;
  const double sigma = std::sqrt(n * (n + 1.0) * (2.0 * n + 1.0) / 24.0 - tie_term / 48.0);
  const double deviation = test.statistic - mean;
  if (!(sigma > 0.0)) return;
  switch (alternative) {
    case Alternative::greater:
      test.z = (deviation - 0.5) / sigma;
      test.p_value = upper_tail(test.z);
      break;
    case Alternative::less:
      test.z = (deviation + 0.5) / sigma;
      test.p_value = upper_tail(-test.z);
      break;
    case Alternative::two_sided:
      test.z = (deviation - std::copysign(0.5, deviation)) / sigma;
      test.p_value = std::min(1.0, 2.0 * upper_tail(std::abs(test.z)));
      break;
  }
}

/// Walsh average (a + b)/2, with +∞ and −∞ averaging to 0.
double walsh_average(double a, double b) {
  if (std::isinf(a) && std::isinf(b) && a != b) return 0.0;
  return (a + b) / 2.0;
}

/// C of the Hodges–Lehmann interval (see the header); 0 when no interval of that confidence exists.
std::size_t interval_depth(std::size_t n, double confidence) {
  const double walsh_count = static_cast<double>(n * (n + 1) / 2);
  const double tail = (1.0 - confidence) / 2.0;
  if (n <= signed_rank_exact_limit) {
    const std::vector<double> probability = signed_rank_distribution(n);
    double upper = 0.0;  // P(W⁺ ≥ t), accumulated from the top
    std::size_t t = probability.size();
    while (t > 0 && upper + probability[t - 1] <= tail) upper += probability[--t];
    if (t == probability.size()) return 0;  // even P(W⁺ = M) exceeds the tail
    return static_cast<std::size_t>(walsh_count) + 1 - t;
  }
  const double nd = static_cast<double>(n);
  const double z = boost::math::quantile(boost::math::complement(boost::math::normal(), tail));
  const double depth = std::round(nd * (nd + 1.0) / 4.0 - z * std::sqrt(nd * (nd + 1.0) * (2.0 * nd + 1.0) / 24.0));
  return depth < 1.0 ? 0 : static_cast<std::size_t>(depth);
}

}  // namespace

SignedRankTest wilcoxon_signed_rank(const std::vector<double>& differences, Alternative alternative) {
  SignedRankTest test;
  std::vector<double> nonzero, magnitudes;
  for (const double d : differences) {
    if (std::isnan(d)) continue;
    ++test.pairs;
    if (d == 0.0) continue;
    nonzero.push_back(d);
    magnitudes.push_back(std::abs(d));
  }
  test.nonzero = nonzero.size();
  if (nonzero.empty()) return test;
  const Ranks ranks = midranks(magnitudes);
  for (std::size_t i = 0; i < nonzero.size(); ++i)
    if (nonzero[i] > 0.0) test.statistic += ranks.ranks[i];
  test.exact = test.nonzero <= signed_rank_exact_limit && !ranks.has_ties;
  if (!test.exact) {
    normal_approximation(test, ranks.tie_term, alternative);
    return test;
  }
  const std::vector<double> probability = signed_rank_distribution(test.nonzero);
  const double upper = exact_upper(probability, test.statistic);
  const double lower = exact_lower(probability, test.statistic);
  test.p_value = alternative == Alternative::greater ? upper
                 : alternative == Alternative::less  ? lower
                                                     : std::min(1.0, 2.0 * std::min(upper, lower));
  return test;
}

MedianDifference hodges_lehmann(const std::vector<double>& differences, double confidence) {
  std::vector<double> values;
  for (const double d : differences)
    if (!std::isnan(d)) values.push_back(d);
  if (values.empty()) return {not_a_number, {not_a_number, not_a_number}};
  std::vector<double> walsh;
  for (std::size_t i = 0; i < values.size(); ++i)
    for (std::size_t j = i; j < values.size(); ++j) walsh.push_back(walsh_average(values[i], values[j]));
  std::sort(walsh.begin(), walsh.end());
  const std::size_t m = walsh.size();
  MedianDifference result;
  result.estimate = m % 2 == 1 ? walsh[m / 2] : walsh_average(walsh[m / 2 - 1], walsh[m / 2]);
  const std::size_t depth = interval_depth(values.size(), confidence);
  result.interval = depth == 0 ? Interval{-infinity, infinity} : Interval{walsh[depth - 1], walsh[m - depth]};
  return result;
}

std::vector<double> paired_differences(const std::vector<double>& candidate, const std::vector<double>& reference) {
  std::vector<double> differences(std::min(candidate.size(), reference.size()));
  for (std::size_t r = 0; r < differences.size(); ++r) {
    const bool both_missed = std::isinf(candidate[r]) && candidate[r] == reference[r];
    differences[r] = both_missed ? 0.0 : candidate[r] - reference[r];
  }
  return differences;
}

PairedComparison compare_paired(const std::vector<double>& candidate, const std::vector<double>& reference,
                                Alternative alternative) {
  const std::vector<double> differences = paired_differences(candidate, reference);
  PairedComparison comparison;
  comparison.test = wilcoxon_signed_rank(differences, alternative);
  comparison.difference = hodges_lehmann(differences, bootstrap_confidence);
  comparison.adjusted_p_value = comparison.test.p_value;
  return comparison;
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

NotWorseThanBest not_worse_than_best(const std::vector<std::vector<double>>& samples, std::size_t best, double alpha) {
  NotWorseThanBest result;
  std::vector<double> p_values;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    result.comparisons.push_back(compare_paired(samples[i], samples[best], Alternative::greater));
    if (i == best) result.comparisons.back().test.p_value = 1.0;
    if (i != best) p_values.push_back(result.comparisons.back().test.p_value);
  }
  const std::vector<double> adjusted = holm_adjusted(p_values);
  result.members.push_back(best);
  for (std::size_t i = 0, k = 0; i < samples.size(); ++i) {
    if (i == best) {
      result.comparisons[i].adjusted_p_value = 1.0;
      continue;
    }
    result.comparisons[i].adjusted_p_value = adjusted[k++];
    if (result.comparisons[i].adjusted_p_value >= alpha) result.members.push_back(i);
  }
  return result;
}

FriedmanTest friedman_test(const std::vector<std::vector<double>>& samples) {
  FriedmanTest result{0, samples.size(), not_a_number, not_a_number, not_a_number};
  const std::size_t k = samples.size();
  std::size_t repeats = samples.empty() ? 0 : samples.front().size();
  for (const std::vector<double>& sample : samples) repeats = std::min(repeats, sample.size());
  std::vector<double> rank_sums(k, 0.0);
  double tie_term = 0.0;
  for (std::size_t r = 0; r < repeats; ++r) {
    std::vector<double> block;
    for (const std::vector<double>& sample : samples) block.push_back(sample[r]);
    if (std::any_of(block.begin(), block.end(), [](double v) { return std::isnan(v); })) continue;
    const Ranks ranks = midranks(block);
    for (std::size_t j = 0; j < k; ++j) rank_sums[j] += ranks.ranks[j];
    tie_term += ranks.tie_term;
    ++result.blocks;
  }
  if (k < 2 || result.blocks == 0) return result;
  const double n = static_cast<double>(result.blocks), kd = static_cast<double>(k);
  const double correction = 1.0 - tie_term / (n * kd * (kd * kd - 1.0));
  if (!(correction > 0.0)) return result;
  double squared_sums = 0.0;
  for (const double sum : rank_sums) squared_sums += sum * sum;
  result.statistic = (12.0 / (n * kd * (kd + 1.0)) * squared_sums - 3.0 * n * (kd + 1.0)) / correction;
  result.p_value =
      boost::math::cdf(boost::math::complement(boost::math::chi_squared(kd - 1.0), std::max(0.0, result.statistic)));
  result.kendall_w = result.statistic / (n * (kd - 1.0));
  return result;
}

}  // namespace bosim
