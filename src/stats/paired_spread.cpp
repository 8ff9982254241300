#include "stats/paired_spread.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace bosim {

namespace {

double mean_of(const std::vector<double>& values) {
  double sum = 0.0;
  for (const double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

/// Sum of squared deviations from the mean.
double squared_deviations(const std::vector<double>& values, double mean) {
  double sum = 0.0;
  for (const double v : values) sum += (v - mean) * (v - mean);
  return sum;
}

}  // namespace

SpreadComparison pitman_morgan(const std::vector<double>& candidate, const std::vector<double>& reference) {
  std::vector<double> x, y, sums, differences;
  for (std::size_t k = 0; k < std::min(candidate.size(), reference.size()); ++k) {
    if (std::isnan(candidate[k]) || std::isnan(reference[k])) continue;
    x.push_back(candidate[k]);
    y.push_back(reference[k]);
    sums.push_back(candidate[k] + reference[k]);
    differences.push_back(candidate[k] - reference[k]);
  }
  SpreadComparison result;
  result.pairs = x.size();
  if (result.pairs < 2) return result;
  const double n = static_cast<double>(result.pairs);
  result.sd_candidate = std::sqrt(squared_deviations(x, mean_of(x)) / (n - 1.0));
  result.sd_reference = std::sqrt(squared_deviations(y, mean_of(y)) / (n - 1.0));
  result.sd_ratio = result.sd_candidate / result.sd_reference;
  const double sum_mean = mean_of(sums), difference_mean = mean_of(differences);
  const double ss_sum = squared_deviations(sums, sum_mean),
               ss_difference = squared_deviations(differences, difference_mean);
  if (result.pairs < 3 || ss_sum == 0.0 || ss_difference == 0.0) return result;
  double cross = 0.0;
  for (std::size_t k = 0; k < result.pairs; ++k) cross += (sums[k] - sum_mean) * (differences[k] - difference_mean);
  result.correlation = std::clamp(cross / std::sqrt(ss_sum * ss_difference), -1.0, 1.0);
  result.df = n - 2.0;
  const double r = result.correlation;
  if (std::abs(r) == 1.0) {
    result.statistic = r * INFINITY;
    result.p_value = 0.0;
  } else {
    result.statistic = r * std::sqrt(result.df) / std::sqrt(1.0 - r * r);
    const boost::math::students_t distribution(result.df);
    result.p_value =
        std::min(1.0, 2.0 * boost::math::cdf(boost::math::complement(distribution, std::abs(result.statistic))));
  }
  result.adjusted_p_value = result.p_value;
  return result;
}

}  // namespace bosim
