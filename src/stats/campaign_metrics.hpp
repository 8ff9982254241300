// Campaign metrics of one run's trajectory: optimality gap, simple regret, experiments to a target, top-k % found,
// ECDF.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace bosim {

/// Distance of `value` from the optimum f* in the goal's direction:
/// f* − value when maximizing, value − f* when minimizing. Never negative for
/// values of the pool, whose best value is f*.
double optimality_gap(double value, double optimum, bool maximize);

/// Simple regret after each experiment, r(n) = |f* − best_so_far(n)|
/// (Bubeck, Munos & Stoltz 2009, "simple regret"). The trajectory ends at its
/// first NaN (the padding of /trajectories/best_so_far).
std::vector<double> simple_regret(std::span<const double> best_so_far, double optimum);

/// The scale that "within x % of the optimum's value" refers to: |f*|, or the
/// range max − min of the pool's values when |f*| ≤ 1e-12 · range, because an
/// optimum at (or numerically at) zero has no relative scale.
double target_scale(double optimum, double pool_range);

/// Gap allowed by a target "within `percent` % of the optimum": percent/100 · scale.
/// A best-so-far value b meets the target when optimality_gap(b) ≤ that tolerance,
/// i.e. b ≥ f* − tolerance (maximize) or b ≤ f* + tolerance (minimize). Percent 0 is the optimum itself.
double target_tolerance(double percent, double optimum, double pool_range);

/// Experiments until the trajectory first met the target: the smallest n (1-based, initial
/// designs included) with optimality_gap(best_so_far(n)) ≤ tolerance; −1 when never
/// (this is COCO's runtime of one run to one target, Hansen et al. 2021, Optim. Methods Softw. 36:114).
std::int32_t experiments_to_target(std::span<const double> best_so_far, double optimum, bool maximize,
                                   double tolerance);

/// Marks the top-`fraction` designs of a pool (Liang et al. 2021, npj Comput. Mater. 7:188, "top 5 %"):
/// the designs at least as good as the k-th best value, k = ⌈fraction · N⌉ (at least 1), so ties at
/// the boundary all count.
std::vector<bool> top_fraction_designs(const std::vector<double>& values, bool maximize, double fraction);

/// Number of distinct top designs measured after each experiment (chosen ends at its first −1).
std::vector<std::int32_t> top_designs_found(std::span<const std::int32_t> chosen, const std::vector<bool>& is_top);

/// Empirical CDF of experiments-to-optimum over all runs: F(n) = #{runs with 1 ≤ e ≤ n} / runs for
/// n = 1 … max_experiments, where e = −1 marks a run that never found the optimum. Such runs never
/// count, so F plateaus at the success rate, as in COCO's runtime distributions.
std::vector<double> experiments_ecdf(const std::vector<std::int32_t>& experiments, std::int32_t max_experiments);

/// Mean over runs of per-run curves of unequal length, each extended by its last value
/// (a stopped campaign keeps what it found). Empty curves are skipped; `length` values are returned.
std::vector<double> mean_carried_forward(const std::vector<std::vector<double>>& curves, std::size_t length);

}  // namespace bosim
