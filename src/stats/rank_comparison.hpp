// Rank-based comparison of configurations: Mann–Whitney U test, Holm's correction, the set not worse than the best.
#pragma once

#include <cstddef>
#include <vector>

namespace bosim {

/// Which difference the test looks for: `greater` means the first sample tends to be larger.
enum class Alternative { two_sided, greater, less };

struct MannWhitneyResult {
  double u = 0.0;        ///< U of the first sample: R₁ − n₁(n₁ + 1)/2 (midranks for ties)
  double z = 0.0;        ///< continuity-corrected standard score
  double p_value = 1.0;  ///< 1 when either sample is empty or all values tie
};

/// Mann–Whitney U test (Mann & Whitney 1947) with the normal approximation:
/// μ_U = n₁n₂/2, σ²_U = n₁n₂/12 · [(n + 1) − Σ(t³ − t) / (n(n − 1))] with t the size of each tie
/// group (Lehmann 1975, Nonparametrics, Eq. 1.91), z = (U − μ_U ∓ ½)/σ_U with a continuity correction
/// toward zero. Infinite values are allowed (e.g. +∞ for a run that never found the optimum) and rank last.
MannWhitneyResult mann_whitney_u(const std::vector<double>& first, const std::vector<double>& second,
                                 Alternative alternative);

/// Holm's step-down adjusted p-values (Holm 1979, Scand. J. Stat. 6:65), in the input order:
/// with p₍₁₎ ≤ … ≤ p₍ₘ₎, p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1) p₍ⱼ₎). Rejecting p̃ < α controls the
/// family-wise error rate at α.
std::vector<double> holm_adjusted(const std::vector<double>& p_values);

/// A two-sided comparison of samples i and j, with its Holm-adjusted p-value over all pairs.
struct PairComparison {
  std::size_t first = 0;
  std::size_t second = 0;
  MannWhitneyResult test;
  double adjusted_p_value = 1.0;
};

/// Every pair i < j compared with a two-sided Mann–Whitney test, Holm-adjusted over the m(m − 1)/2 pairs.
std::vector<PairComparison> pairwise_comparisons(const std::vector<std::vector<double>>& samples);

/// The samples not significantly worse (larger) than `best`: each other sample s is tested one-sided
/// (H₁: s tends to be larger than best), the p-values are Holm-adjusted over the family of these
/// tests, and s is kept when its adjusted p-value ≥ alpha. `best` is always kept; adjusted p-values
/// are returned per sample (1 for best).
struct IndistinguishableSet {
  std::vector<std::size_t> members;       ///< indices into samples, best first then in input order
  std::vector<double> adjusted_p_values;  ///< one per sample
};
IndistinguishableSet not_worse_than_best(const std::vector<std::vector<double>>& samples, std::size_t best,
                                         double alpha);

}  // namespace bosim
