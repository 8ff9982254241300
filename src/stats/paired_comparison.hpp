// Paired comparisons over repeats: Wilcoxon signed-rank, Hodges–Lehmann effect size, Friedman, Holm.
//
// Runs of one repeat share their initial designs across configurations, so configurations are compared
// per repeat. Every function takes per-repeat value vectors aligned by repeat: element r of each vector
// belongs to repeat r. NaN marks a missing value (a failed run) and drops that repeat from the test;
// +∞ marks a run that missed the optimum, so it ranks worse than any success and two misses tie.
#pragma once

#include <cstddef>
#include <vector>

#include "stats/bootstrap.hpp"

namespace bosim {

/// Which difference a test looks for: `greater` means the first sample (or the differences) tends to be larger.
enum class Alternative { two_sided, greater, less };

/// Largest number of non-zero differences for which the exact null distribution of W⁺ is used (as scipy).
inline constexpr std::size_t signed_rank_exact_limit = 50;

struct SignedRankTest {
  std::size_t pairs = 0;    ///< non-NaN differences
  std::size_t nonzero = 0;  ///< differences left after dropping zeros
  double statistic = 0.0;   ///< W⁺ = sum of the ranks of |d| over positive d (midranks for ties)
  double z = 0.0;           ///< standard score of the normal approximation (0 when exact)
  double p_value = 1.0;     ///< 1 when no difference is non-zero
  bool exact = false;
};

/// Wilcoxon signed-rank test (Wilcoxon 1945) of differences d. Conventions, those of
/// scipy.stats.wilcoxon(d, zero_method="wilcox", correction=True, method=exact or approx):
/// - zero differences are dropped (Wilcoxon's convention), ranks are midranks of |d| (±∞ rank last);
/// - exact null distribution of W⁺ (all 2ⁿ sign patterns equally likely) when n ≤ 50 non-zero
///   differences and no ties among |d|: greater p = P(W⁺ ≥ w), less p = P(W⁺ ≤ w), two-sided twice the
///   smaller, at most 1;
/// - otherwise the normal approximation μ = n(n+1)/4, σ² = n(n+1)(2n+1)/24 − Σ(t³ − t)/48 over tie groups
///   of size t (Lehmann 1975, Nonparametrics, §3.2), z = (W⁺ − μ ∓ ½)/σ with the continuity correction
///   toward μ. (In the two-sided case scipy reports min(W⁺, W⁻); the p-value is the same.)
SignedRankTest wilcoxon_signed_rank(const std::vector<double>& differences, Alternative alternative);

/// Hodges–Lehmann estimate of the median difference and its distribution-free CI (Hollander & Wolfe 1999,
/// Nonparametric Statistical Methods, §3.2–3.3): the Walsh averages (dᵢ + dⱼ)/2, i ≤ j, of all non-NaN
/// differences (zeros included; the average of +∞ and −∞ is taken as 0) sorted as W₍₁₎ … W₍M₎,
/// M = n(n+1)/2; estimate = their median; CI = [W₍C₎, W₍M+1−C₎] with C = M + 1 − t and t the smallest
/// value with P(W⁺ ≥ t) ≤ (1 − confidence)/2 under the exact null distribution (n ≤ 50), or
/// C = round(n(n+1)/4 − z·√(n(n+1)(2n+1)/24)) for larger n. A bound is ∓∞ when C < 1 (too few pairs).
struct MedianDifference {
  double estimate = 0.0;
  Interval interval;
};
MedianDifference hodges_lehmann(const std::vector<double>& differences, double confidence);

/// Per-repeat differences candidate[r] − reference[r]: NaN when either is NaN, 0 when both are +∞.
std::vector<double> paired_differences(const std::vector<double>& candidate, const std::vector<double>& reference);

/// One paired comparison of a candidate with a reference (difference = candidate − reference).
struct PairedComparison {
  SignedRankTest test;
  MedianDifference difference;    ///< Hodges–Lehmann estimate and 95 % CI of the difference
  double adjusted_p_value = 1.0;  ///< Holm-adjusted over the family the comparison belongs to
};
PairedComparison compare_paired(const std::vector<double>& candidate, const std::vector<double>& reference,
                                Alternative alternative);

/// Holm's step-down adjusted p-values (Holm 1979, Scand. J. Stat. 6:65), in the input order:
/// with p₍₁₎ ≤ … ≤ p₍ₘ₎, p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1) p₍ⱼ₎). Rejecting p̃ < α controls the
/// family-wise error rate at α.
std::vector<double> holm_adjusted(const std::vector<double>& p_values);

/// The samples not significantly worse (larger) than sample `best`: every other sample is compared with
/// it by a one-sided paired Wilcoxon test (H₁: candidate − best tends to be positive), the p-values are
/// Holm-adjusted over these m − 1 tests, and a sample is kept when its adjusted p ≥ alpha.
struct NotWorseThanBest {
  std::vector<PairedComparison> comparisons;  ///< one per sample; the best compared with itself (p = 1)
  std::vector<std::size_t> members;           ///< best first, then the kept samples in input order
};
NotWorseThanBest not_worse_than_best(const std::vector<std::vector<double>>& samples, std::size_t best, double alpha);

/// Friedman test (Friedman 1937) of k treatments over n blocks (repeats; a block with a NaN is dropped),
/// as scipy.stats.friedmanchisquare: ranks within each block (midranks), R_j the rank sum of treatment j,
///   χ² = [12/(n k (k+1)) Σ R_j² − 3n(k+1)] / [1 − Σ(t³ − t)/(n k (k² − 1))]
/// over tie groups of size t, p = P(χ²_{k−1} ≥ χ²); Kendall's W = χ²/(n(k − 1)) as the effect size
/// (0 = no agreement among repeats, 1 = the same order in every repeat). NaN statistic and p when k < 2,
/// n < 1 or every block is all ties.
struct FriedmanTest {
  std::size_t blocks = 0;
  std::size_t treatments = 0;
  double statistic = 0.0;
  double p_value = 0.0;
  double kendall_w = 0.0;
};
FriedmanTest friedman_test(const std::vector<std::vector<double>>& samples);

}  // namespace bosim
