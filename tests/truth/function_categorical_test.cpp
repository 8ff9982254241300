// Tests of categorical features added to a function truth: the pool crosses levels with x, and a design's value
// is f(x) plus its levels' offsets, so the category decides where the optimum lies.
#include <gtest/gtest.h>

#include <map>

#include "truth/function_truth.hpp"

namespace bosim {
namespace {

FeatureOverride catalyst() {
  FeatureOverride feature;
  feature.name = "catalyst";
  feature.categorical = true;
  feature.levels = {"Pd", "Ni", "Cu"};
  return feature;
}

FunctionSpec branin_with_catalyst(std::vector<double> offsets) {
  FunctionSpec spec;
  spec.function = TestFunctionKind::branin;
  spec.pool = PoolKind::latin_hypercube;  // stratified: exactly pool_size / L designs per level
  spec.pool_size = 90;
  spec.feature_overrides = {catalyst()};
  if (!offsets.empty()) spec.level_offsets = {{"catalyst", std::move(offsets), {}}};
  return spec;
}

TEST(FunctionCategorical, ValueIsFPlusTheLevelOffsetAndEveryLevelGetsAnEqualShare) {
  const FunctionTruth truth(branin_with_catalyst({0.0, 5.0, 20.0}), 11);
  const TestFunction branin = TestFunction::make(TestFunctionKind::branin);
  ASSERT_EQ(truth.space().dimension(), 3);
  EXPECT_EQ(truth.space().features()[2].levels, (std::vector<std::string>{"Pd", "Ni", "Cu"}));
  const double offsets[] = {0.0, 5.0, 20.0};
  std::map<int, int> designs_per_level;
  for (Eigen::Index i = 0; i < truth.size(); ++i) {
    const Eigen::RowVectorXd design = truth.designs().row(i);
    const int level = static_cast<int>(design[2]);
    ++designs_per_level[level];
    EXPECT_EQ(truth.expected_value(i), branin(design.head(2)) + offsets[level]) << "design " << i;
  }
  EXPECT_EQ(designs_per_level, (std::map<int, int>{{0, 30}, {1, 30}, {2, 30}}));
  for (const Eigen::Index best : truth.optimal_designs()) EXPECT_EQ(truth.designs()(best, 2), 0.0);
}

TEST(FunctionCategorical, ASobolPoolGivesEveryLevelNearlyAnEqualShare) {
  FunctionSpec spec = branin_with_catalyst({});
  spec.pool = PoolKind::sobol;
  const FunctionTruth truth(spec, 11);
  std::map<int, int> designs_per_level;
  for (Eigen::Index i = 0; i < truth.size(); ++i) ++designs_per_level[static_cast<int>(truth.designs()(i, 2))];
  ASSERT_EQ(designs_per_level.size(), 3u);
  for (const auto& [level, count] : designs_per_level) EXPECT_NEAR(count, 30, 3) << "level " << level;
}

TEST(FunctionCategorical, AGridPoolTakesEveryCombinationOfLevelsAndSteps) {
  FunctionSpec spec = branin_with_catalyst({});
  spec.pool.reset();
  spec.feature_overrides.push_back(FeatureOverride{"x1", std::nullopt, std::nullopt, 5.0, false, {}});
  spec.feature_overrides.push_back(FeatureOverride{"x2", std::nullopt, std::nullopt, 5.0, false, {}});
  const FunctionTruth truth(spec, 1);
  EXPECT_EQ(truth.pool_kind(), PoolKind::grid);
  EXPECT_EQ(truth.size(), 4 * 4 * 3);  // x1 ∈ {−5, 0, 5, 10}, x2 ∈ {0, 5, 10, 15}, three levels
  // Without offsets every level holds a copy of the same values, so the optimum is tied across levels.
  EXPECT_EQ(truth.optimal_designs().size(), 3u);
}

TEST(FunctionCategorical, MistakesAreInputErrorsAtTheirKey) {
  FunctionSpec spec = branin_with_catalyst({0.0, 1.0});
  EXPECT_THROW(FunctionTruth(spec, 1), InputError);  // two offsets for three levels
  spec = branin_with_catalyst({});
  spec.level_offsets = {{"x1", {0.0}, {}}};
  EXPECT_THROW(FunctionTruth(spec, 1), InputError);  // x1 is not categorical
  spec = branin_with_catalyst({});
  spec.feature_overrides[0].name = "x2";
  EXPECT_THROW(FunctionTruth(spec, 1), InputError);  // a numeric feature's name
  spec = branin_with_catalyst({});
  spec.feature_overrides[0].levels.clear();
  EXPECT_THROW(FunctionTruth(spec, 1), InputError);  // no levels
}

}  // namespace
}  // namespace bosim
