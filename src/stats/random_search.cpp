#include "stats/random_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bosim {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

/// log C(n, k) through lgamma, exact enough for pools of millions of designs.
double log_binomial(std::int64_t n, std::int64_t k) {
  return std::lgamma(static_cast<double>(n) + 1.0) - std::lgamma(static_cast<double>(k) + 1.0) -
         std::lgamma(static_cast<double>(n - k) + 1.0);
}

/// C(a, n) / C(N, n): probability that all n draws fall in a given subset of a designs.
double all_draws_within(std::int64_t subset, std::int64_t pool_size, std::int64_t draws) {
  if (draws > subset) return 0.0;
  return std::exp(log_binomial(subset, draws) - log_binomial(pool_size, draws));
}

}  // namespace

double random_search_hit_probability(std::int64_t pool_size, std::int64_t hits, std::int64_t draws) {
  if (pool_size <= 0 || hits < 0 || hits > pool_size) return not_a_number;
  draws = std::clamp<std::int64_t>(draws, 0, pool_size);
  return 1.0 - all_draws_within(pool_size - hits, pool_size, draws);
}

double random_search_expected_experiments(std::int64_t pool_size, std::int64_t hits, std::int64_t initial_batch) {
  if (pool_size <= 0 || hits <= 0 || hits > pool_size || initial_batch < 1 || initial_batch > pool_size)
    return not_a_number;
  if (initial_batch == 1) return static_cast<double>(pool_size + 1) / static_cast<double>(hits + 1);
  double expected = static_cast<double>(initial_batch);
  for (std::int64_t t = initial_batch; t <= pool_size - hits; ++t)
    expected += all_draws_within(pool_size - hits, pool_size, t);
  return expected;
}

double random_search_expected_running_time(std::int64_t pool_size, std::int64_t hits, std::int64_t initial_batch,
                                           std::int64_t budget) {
  if (budget <= 0 || budget > pool_size - hits)
    return random_search_expected_experiments(pool_size, hits, initial_batch);
  if (pool_size <= 0 || hits <= 0 || hits > pool_size || initial_batch < 1 || initial_batch > budget)
    return not_a_number;
  double spent = static_cast<double>(initial_batch);
  for (std::int64_t t = initial_batch; t < budget; ++t) spent += all_draws_within(pool_size - hits, pool_size, t);
  const double success = random_search_hit_probability(pool_size, hits, budget);
  return success > 0.0 ? spent / success : std::numeric_limits<double>::infinity();
}

std::vector<double> random_search_expected_best(const std::vector<double>& values, bool maximize,
                                                std::int64_t max_draws) {
  std::vector<double> sorted = values;
  if (maximize)
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
  else
    std::sort(sorted.begin(), sorted.end());
  const auto pool_size = static_cast<std::int64_t>(sorted.size());
  std::vector<double> expected;
  for (std::int64_t draws = 1; draws <= std::min(max_draws, pool_size); ++draws) {
    double mean = 0.0;
    // P(best is the i-th best or worse) = C(N − i + 1, n)/C(N, n), i = 1 … N − n + 1.
    for (std::int64_t i = 1; i <= pool_size - draws + 1; ++i) {
      const double probability =
          all_draws_within(pool_size - i + 1, pool_size, draws) - all_draws_within(pool_size - i, pool_size, draws);
      mean += probability * sorted[static_cast<std::size_t>(i - 1)];
    }
    expected.push_back(mean);
  }
  return expected;
}

}  // namespace bosim
