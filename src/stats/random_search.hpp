// Random search without replacement over a finite pool: exact expectations used when a study has no random baseline.
#pragma once

#include <cstdint>
#include <vector>

namespace bosim {

/// Probability that n designs drawn uniformly without replacement from a pool of
/// `pool_size` include at least one of `hits` marked designs:
/// P(T ≤ n) = 1 − C(N − m, n) / C(N, n) (hypergeometric, zero successes).
double random_search_hit_probability(std::int64_t pool_size, std::int64_t hits, std::int64_t draws);

/// Expected number of draws until the first of `hits` marked designs is drawn:
/// E[T] = (N + 1) / (m + 1) (expected minimum of m positions in a uniform random
/// permutation of N; e.g. Feller 1968, vol. 1, ch. II). NaN when m = 0.
double random_search_expected_experiments(std::int64_t pool_size, std::int64_t hits);

/// Expected best value after n = 1 … max_draws draws without replacement from `values`:
/// with values sorted best first, v₍₁₎ … v₍N₎, the best of n draws is v₍ᵢ₎ or worse with
/// probability C(N − i + 1, n) / C(N, n), so P(best = v₍ᵢ₎) is the difference of consecutive terms.
std::vector<double> random_search_expected_best(const std::vector<double>& values, bool maximize,
                                                std::int64_t max_draws);

}  // namespace bosim
