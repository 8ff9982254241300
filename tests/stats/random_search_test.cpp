#include "stats/random_search.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>
#include <vector>

#include "common/random.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

TEST(RandomSearch, HitProbabilityIsHypergeometric) {
  // 10 designs, 2 marked, 3 draws: 1 − C(8,3)/C(10,3) = 1 − 56/120.
  EXPECT_NEAR(random_search_hit_probability(10, 2, 3), 1.0 - 56.0 / 120.0, 1e-12);
  EXPECT_NEAR(random_search_hit_probability(10, 2, 9), 1.0, 1e-12);
  EXPECT_NEAR(random_search_hit_probability(10, 1, 4), 0.4, 1e-12);
}

TEST(RandomSearch, ExpectedExperimentsIsNPlusOneOverMPlusOne) {
  EXPECT_DOUBLE_EQ(random_search_expected_experiments(240, 1), 120.5);
  EXPECT_DOUBLE_EQ(random_search_expected_experiments(9, 4), 2.0);
  EXPECT_TRUE(std::isnan(random_search_expected_experiments(9, 0)));
  // Consistency with the hit probabilities: E[T] = Σ_{n≥0} P(T > n).
  double expected = 0.0;
  for (std::int64_t n = 0; n <= 30; ++n) expected += 1.0 - random_search_hit_probability(30, 3, n);
  EXPECT_NEAR(expected, random_search_expected_experiments(30, 3), 1e-9);
}

TEST(RandomSearch, ExpectedBestMatchesEnumerationAndSimulation) {
  // Pool {1, 2, 3, 4}, maximize: best of 2 draws over the 6 pairs = (2+3+4+3+4+4)/6 = 20/6.
  const std::vector<double> expected = random_search_expected_best({3.0, 1.0, 4.0, 2.0}, true, 4);
  ASSERT_EQ(expected.size(), 4u);
  EXPECT_NEAR(expected[0], 2.5, 1e-12);
  EXPECT_NEAR(expected[1], 20.0 / 6.0, 1e-12);
  EXPECT_NEAR(expected[2], 3.75, 1e-12);  // only the 1 of 4 triples without the 4 has best 3
  EXPECT_NEAR(expected[3], 4.0, 1e-12);
  // Minimize: best of 2 = (1+1+1+2+2+3)/6.
  EXPECT_NEAR(random_search_expected_best({3.0, 1.0, 4.0, 2.0}, false, 2)[1], 10.0 / 6.0, 1e-12);

  // Simulation over a larger pool with ties; 20,000 campaigns give a standard error below 0.02.
  std::vector<double> pool(50);
  for (std::size_t i = 0; i < pool.size(); ++i) pool[i] = static_cast<double>(i % 17);
  const std::vector<double> exact = random_search_expected_best(pool, true, 5);
  Rng rng(3);
  double sum = 0.0;
  constexpr int campaigns = 20000;
  for (int c = 0; c < campaigns; ++c) {
    std::vector<std::size_t> order(pool.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    double best = -1.0;
    for (std::size_t draw = 0; draw < 5; ++draw) {
      std::swap(order[draw], order[draw + rng.uniform_index(pool.size() - draw)]);
      best = std::max(best, pool[order[draw]]);
    }
    sum += best;
  }
  EXPECT_NEAR(sum / campaigns, exact[4], 0.08);  // 4 standard errors
}

TEST(RandomSearch, ExpectedRunningTimeUnderABudgetMatchesEnumeration) {
  // N = 5, one optimum, k = 1, budget 2: T is uniform on 1..5, so E[min(T, 2)] = (1 + 2·4)/5 = 9/5 and
  // P(T ≤ 2) = 2/5: ERT = 4.5 (= (1 + 2 + 2·(1/(2/5) − 1)·…) by the restart argument).
  EXPECT_NEAR(random_search_expected_running_time(5, 1, 1, 2), 4.5, 1e-12);
  // Without a binding budget it is the plain expectation (N + 1)/(m + 1).
  EXPECT_NEAR(random_search_expected_running_time(5, 1, 1, 0), 3.0, 1e-12);
  EXPECT_NEAR(random_search_expected_running_time(5, 1, 1, 5), 3.0, 1e-12);
  // P3HT-sized pool (N = 178 designs, one optimum, n_init 5, budget 40): restarts make ERT ≈ (N + 1)/2·…
  const double with_budget = random_search_expected_running_time(178, 1, 5, 40);
  EXPECT_GT(with_budget, random_search_expected_experiments(178, 1, 5));
}

}  // namespace
}  // namespace bosim
