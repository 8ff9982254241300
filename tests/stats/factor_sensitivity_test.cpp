#include "stats/factor_sensitivity.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace bosim {
namespace {

TEST(MainEffectShare, IsOneForAFactorThatExplainsEverythingAndZeroForOneThatExplainsNothing) {
  // 2 × 2 grid, two runs per cell; Y depends on a only.
  const std::vector<double> outcomes{10, 10, 10, 10, 20, 20, 20, 20};
  const std::vector<std::string> a{"0", "0", "0", "0", "1", "1", "1", "1"};
  const std::vector<std::string> b{"x", "x", "y", "y", "x", "x", "y", "y"};
  EXPECT_DOUBLE_EQ(main_effect_share(outcomes, a), 1.0);
  EXPECT_DOUBLE_EQ(main_effect_share(outcomes, b), 0.0);
}

TEST(MainEffectShare, MatchesTheVarianceDecompositionWithNoise) {
  // Y = 5·a + e, e = ±1 balanced within each level: Var(E[Y|a]) = 6.25, Var(Y) = 6.25 + 1.
  const std::vector<double> outcomes{-1, 1, -1, 1, 4, 6, 4, 6};
  const std::vector<std::string> a{"0", "0", "0", "0", "1", "1", "1", "1"};
  EXPECT_NEAR(main_effect_share(outcomes, a), 6.25 / 7.25, 1e-12);
  // Constant outcome: nothing to explain.
  EXPECT_DOUBLE_EQ(main_effect_share({3, 3}, {"p", "q"}), 0.0);
  EXPECT_TRUE(std::isnan(main_effect_share({}, {})));
  EXPECT_THROW(main_effect_share({1.0}, {}), std::invalid_argument);
}

TEST(MainEffectShare, WeighsLevelsByTheirRuns) {
  // Unbalanced: level p has 3 runs (mean 0), q has 1 run (value 4). Mean 1;
  // between = 3/4·1 + 1/4·9 = 3; total = (3·1 + 9)/4 = 3 → share 1.
  EXPECT_DOUBLE_EQ(main_effect_share({0, 0, 0, 4}, {"p", "p", "p", "q"}), 1.0);
}

TEST(InteractionShare, IsolatesThePartNoMainEffectExplains) {
  // 2 × 2 grid, one run per cell: Y = a·b with a, b ∈ {−1, 1} has no main effects, all interaction;
  // Y = a + b has no interaction.
  const std::vector<std::string> a{"-1", "-1", "1", "1"}, b{"-1", "1", "-1", "1"};
  EXPECT_NEAR(interaction_share({1, -1, -1, 1}, a, b), 1.0, 1e-15);
  EXPECT_NEAR(main_effect_share({1, -1, -1, 1}, a), 0.0, 1e-15);
  EXPECT_NEAR(interaction_share({-2, 0, 0, 2}, a, b), 0.0, 1e-15);
  // Y = a + b + a·b: variance 1 + 1 + 1 split equally.
  EXPECT_NEAR(interaction_share({-1, -1, -1, 3}, a, b), 1.0 / 3.0, 1e-15);
  EXPECT_EQ(interaction_share({2, 2, 2, 2}, a, b), 0.0);
}

TEST(QuantileBins, SplitsRunsIntoEqualCountBinsByValue) {
  const std::vector<std::string> bins = quantile_bins({0.9, 0.1, 0.5, 0.3, 0.7, 0.2}, 3);
  EXPECT_EQ(bins, (std::vector<std::string>{"q3", "q1", "q2", "q2", "q3", "q1"}));
  // A drawn value that drives the outcome gets a large share, as a grid level would.
  std::vector<double> drawn, outcome;
  for (int r = 0; r < 100; ++r) {
    drawn.push_back((r * 37 % 100) / 100.0);
    outcome.push_back(10.0 * drawn.back());
  }
  EXPECT_GT(main_effect_share(outcome, quantile_bins(drawn, 5)), 0.9);
}

}  // namespace
}  // namespace bosim
