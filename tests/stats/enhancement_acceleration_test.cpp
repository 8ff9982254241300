#include "stats/enhancement_acceleration.hpp"

#include <cmath>
#include <vector>

#include "test_support.hpp"

namespace bosim {
namespace {

// Synthetic case: BO finds top designs twice as fast as random search, whose
// expected share after n of N = 20 draws is n / N.
TEST(EnhancementFactor, IsTheRatioOfTheCurves) {
  std::vector<double> random, bayesian;
  for (int n = 1; n <= 10; ++n) {
    random.push_back(n / 20.0);
    bayesian.push_back(std::min(1.0, 2.0 * n / 20.0));
  }
  const std::vector<double> factor = enhancement_factor(bayesian, random);
  ASSERT_EQ(factor.size(), 10u);
  for (double value : factor) EXPECT_DOUBLE_EQ(value, 2.0);
  EXPECT_TRUE(std::isnan(enhancement_factor({1.0}, {0.0})[0]));
  EXPECT_EQ(enhancement_factor({1.0, 2.0, 3.0}, {1.0}).size(), 1u);
}

TEST(AccelerationFactor, IsTheRatioOfExperimentsToTheTarget) {
  std::vector<double> random, bayesian;
  for (int n = 1; n <= 20; ++n) {
    random.push_back(n / 20.0);
    bayesian.push_back(std::min(1.0, 2.0 * n / 20.0));
  }
  // Share 0.5: random needs 10 experiments, BO 5 → AF = 2.
  EXPECT_EQ(experiments_to_reach(random, 0.5), 10);
  EXPECT_EQ(experiments_to_reach(bayesian, 0.5), 5);
  EXPECT_DOUBLE_EQ(acceleration_factor(bayesian, random, 0.5), 2.0);
  EXPECT_DOUBLE_EQ(acceleration_factor(bayesian, random, 1.0), 2.0);  // 20 vs 10
  EXPECT_TRUE(std::isnan(acceleration_factor(bayesian, {0.1, 0.2}, 0.5)));
  EXPECT_EQ(experiments_to_reach({0.1, 0.2}, 0.5), -1);
}

}  // namespace
}  // namespace bosim
