// Random search without replacement over a finite pool: exact expectations used when a study has no random baseline.
#pragma once

#include <cstdint>
#include <vector>

namespace bosim {

/// Probability that n designs drawn uniformly without replacement from a pool of
/// `pool_size` include at least one of `hits` marked designs:
/// P(T ≤ n) = 1 − C(N − m, n) / C(N, n) (hypergeometric, zero successes).
double random_search_hit_probability(std::int64_t pool_size, std::int64_t hits, std::int64_t draws);

/// Expected experiments until one of `hits` optimal designs is measured when a pool of N designs
/// is sampled at random without replacement and the first `initial_batch` designs form one batch
/// (an optimum among them counts initial_batch experiments, the campaign's counting rule):
///   E[max(T, k)] = k + Σ_{t=k}^{N−hits} P(T > t),  P(T > t) = C(N − hits, t) / C(N, t).
/// With k = 1 this is (N + 1)/(hits + 1), the mean position of the first of `hits` marked items
/// in a random permutation. NaN for invalid arguments.
double random_search_expected_experiments(std::int64_t pool_size, std::int64_t hits, std::int64_t initial_batch = 1);

/// Expected running time (COCO's ERT, stats/expected_running_time.hpp) of random search without
/// replacement under a budget of B experiments, with the same batch rule: a run stops at the optimum or
/// after B experiments, so ERT = E[min(max(T, k), B)] / P(T ≤ B) with
///   E[min(max(T, k), B)] = k + Σ_{t=k}^{B−1} P(T > t),  P(T ≤ B) = random_search_hit_probability(N, m, B).
/// B ≥ N − hits + 1 (or B = 0, no budget) gives random_search_expected_experiments; +∞ when P(T ≤ B) = 0.
double random_search_expected_running_time(std::int64_t pool_size, std::int64_t hits, std::int64_t initial_batch,
                                           std::int64_t budget);

/// Expected best value after n = 1 … max_draws draws without replacement from `values`:
/// with values sorted best first, v₍₁₎ … v₍N₎, the best of n draws is v₍ᵢ₎ or worse with
/// probability C(N − i + 1, n) / C(N, n), so P(best = v₍ᵢ₎) is the difference of consecutive terms.
std::vector<double> random_search_expected_best(const std::vector<double>& values, bool maximize,
                                                std::int64_t max_draws);

}  // namespace bosim
