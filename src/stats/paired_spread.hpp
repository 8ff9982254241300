// Pitman–Morgan test: do two paired samples differ in spread (variance)?
#pragma once

#include <cstddef>
#include <vector>

namespace bosim {

/// Pitman–Morgan test of equal variances of paired samples (Pitman 1939, Biometrika 31:9; Morgan 1939,
/// Biometrika 31:13): for pairs (x, y), Var x − Var y = Cov(x + y, x − y), so the variances are equal exactly
/// when s = x + y and d = x − y are uncorrelated. With r = Pearson's correlation of s and d over the n
/// pairs, t = r √(n − 2) / √(1 − r²) has Student's t distribution with n − 2 degrees of freedom under
/// equal variances (bivariate normal pairs); two-sided p = 2 P(T ≥ |t|). This is the p-value of
/// `scipy.stats.pearsonr(x + y, x - y)`. A pair with a NaN (a failed run) is dropped; values must be
/// finite otherwise. The effect size is the ratio of sample standard deviations sd_x / sd_y (n − 1).
/// With fewer than 3 pairs, or a constant s or d, the test is undefined: p = 1, r = 0.
struct SpreadComparison {
  std::size_t pairs = 0;
  double sd_candidate = 0.0, sd_reference = 0.0;
  double sd_ratio = 0.0;          ///< sd_candidate / sd_reference
  double correlation = 0.0;       ///< r of (x + y, x − y)
  double statistic = 0.0;         ///< t
  double df = 0.0;                ///< n − 2
  double p_value = 1.0;           ///< two-sided
  double adjusted_p_value = 1.0;  ///< Holm-adjusted over the family (set by the caller)
};
SpreadComparison pitman_morgan(const std::vector<double>& candidate, const std::vector<double>& reference);

}  // namespace bosim
