// Tests of TabulatedTruth, the shared base of the tabulated truths: optimal ties, the pool tables and measure()'s
// design check.
#include "truth/tabulated_truth.hpp"

#include <stdexcept>

#include "test_support.hpp"
#include "truth/function_truth.hpp"

namespace bosim {
namespace {

TEST(OptimalIndices, KeepsEveryTieWithTheBestForEitherGoal) {
  const Eigen::VectorXd values = (Eigen::VectorXd(6) << 3.0, 9.0, -1.0, 9.0, -1.0, 2.0).finished();
  EXPECT_EQ(optimal_indices(values, Goal::maximize), (std::vector<Eigen::Index>{1, 3}));
  EXPECT_EQ(optimal_indices(values, Goal::minimize), (std::vector<Eigen::Index>{2, 4}));
}

TEST(TabulatedTruth, AnswersFromThePoolItWasGiven) {
  FunctionSpec spec;
  spec.function = TestFunctionKind::branin;
  spec.pool = PoolKind::sobol;
  spec.pool_size = 64;
  const FunctionTruth truth(spec, 3);
  const TestFunction branin = TestFunction::make(TestFunctionKind::branin);
  ASSERT_EQ(truth.size(), 64);
  EXPECT_EQ(truth.goal(), Goal::minimize);
  EXPECT_EQ(truth.objective_name(), "branin(x)");
  EXPECT_EQ(truth.space().dimension(), 2);
  Eigen::VectorXd values(truth.size());
  for (Eigen::Index i = 0; i < truth.size(); ++i) {
    values[i] = branin(truth.designs().row(i));
    EXPECT_EQ(truth.expected_value(i), values[i]);
  }
  EXPECT_EQ(truth.optimal_designs(), optimal_indices(values, Goal::minimize));
}

TEST(TabulatedTruth, MeasureRejectsADesignOutsideThePool) {
  FunctionSpec spec;
  spec.pool = PoolKind::sobol;
  spec.pool_size = 16;
  const FunctionTruth truth(spec, 1);
  Rng rng(1);
  EXPECT_THROW(truth.measure(-1, rng), std::out_of_range);
  EXPECT_THROW(truth.measure(truth.size(), rng), std::out_of_range);
  EXPECT_EQ(truth.measure(truth.size() - 1, rng), truth.expected_value(truth.size() - 1));
}

}  // namespace
}  // namespace bosim
