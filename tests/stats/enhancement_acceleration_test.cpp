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
  const LevelAcceleration half = acceleration_at_level(bayesian, random, 0.5, 20);
  EXPECT_DOUBLE_EQ(half.factor, 2.0);
  EXPECT_FALSE(half.random_from_expectation);
  EXPECT_DOUBLE_EQ(acceleration_at_level(bayesian, random, 1.0, 20).factor, 2.0);  // 20 vs 10
  EXPECT_EQ(experiments_to_reach({0.1, 0.2}, 0.5), -1);
  EXPECT_TRUE(std::isnan(acceleration_at_level({0.1, 0.2}, random, 0.5, 20).factor));
}

TEST(AccelerationFactor, UsesTheExactRandomExpectationBeyondTheRandomCurvesBudget) {
  // The study's random curve stops at 0.3 (budget 6 of a pool of 20); level 0.8 needs ⌈0.8 · 20⌉ = 16
  // random draws in expectation, and BO reaches it at experiment 8.
  const std::vector<double> random{0.05, 0.1, 0.15, 0.2, 0.25, 0.3};
  const std::vector<double> bayesian{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
  const LevelAcceleration high = acceleration_at_level(bayesian, random, 0.8, 20);
  EXPECT_TRUE(high.random_from_expectation);
  EXPECT_EQ(high.experiments_bayesian, 8);
  EXPECT_DOUBLE_EQ(high.experiments_random, 16.0);
  EXPECT_DOUBLE_EQ(high.factor, 2.0);
}

TEST(EnhancementMaximum, IsTheLargestDefinedFactor) {
  const EnhancementMaximum maximum = enhancement_maximum({std::nan(""), 1.5, 3.0, 2.0});
  EXPECT_DOUBLE_EQ(maximum.value, 3.0);
  EXPECT_EQ(maximum.experiment, 3);
  EXPECT_EQ(enhancement_maximum({std::nan("")}).experiment, -1);
}

}  // namespace
}  // namespace bosim
