// Tests of the analytic test functions, the Sobol sequence, candidate pools and FunctionTruth.
#include "truth/test_functions.hpp"

#include <cmath>
#include <set>

#include "test_support.hpp"
#include "truth/function_truth.hpp"
#include "truth/sobol_sequence.hpp"

namespace bosim {
namespace {

Eigen::RowVectorXd point(std::initializer_list<double> values) {
  Eigen::RowVectorXd x(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (double value : values) x[i++] = value;
  return x;
}

TEST(TestFunctions, KnownMinimaAtKnownMinimizers) {
  const TestFunction branin = TestFunction::make(TestFunctionKind::branin);
  for (const auto& x : branin.minimizers()) EXPECT_NEAR(branin(x), 0.397887, 1e-6);
  EXPECT_NEAR(branin(point({-M_PI, 12.275})), 5.0 / (4.0 * M_PI), 1e-12);
  EXPECT_EQ(branin.minimizers().size(), 3U);
  const TestFunction hartmann3 = TestFunction::make(TestFunctionKind::hartmann3);
  EXPECT_NEAR(hartmann3(hartmann3.minimizers().front()), -3.86278, 1e-5);
  const TestFunction hartmann6 = TestFunction::make(TestFunctionKind::hartmann6);
  EXPECT_NEAR(hartmann6(hartmann6.minimizers().front()), -3.32237, 1e-5);
  for (int dimension : {1, 2, 5, 30}) {
    const TestFunction ackley = TestFunction::make(TestFunctionKind::ackley, dimension);
    EXPECT_NEAR(ackley(Eigen::RowVectorXd::Zero(dimension)), 0.0, 1e-12);
    EXPECT_GT(ackley(Eigen::RowVectorXd::Constant(dimension, 0.5)), 1.0);
  }
  for (int dimension : {2, 3, 10}) {
    const TestFunction rosenbrock = TestFunction::make(TestFunctionKind::rosenbrock, dimension);
    EXPECT_EQ(rosenbrock(Eigen::RowVectorXd::Ones(dimension)), 0.0);
    EXPECT_EQ(rosenbrock(Eigen::RowVectorXd::Zero(dimension)), static_cast<double>(dimension - 1));
  }
  // Values away from the minimum, by hand: Branin at (0, 0) = (−6)² + 10(1 − 1/(8π)) + 10.
  EXPECT_NEAR(branin(point({0.0, 0.0})), 36.0 + 10.0 * (1.0 - 1.0 / (8.0 * M_PI)) + 10.0, 1e-12);
}

TEST(TestFunctions, DimensionRules) {
  EXPECT_THROW(TestFunction::make(TestFunctionKind::branin, 3), std::invalid_argument);
  EXPECT_THROW(TestFunction::make(TestFunctionKind::rosenbrock, 1), std::invalid_argument);
  EXPECT_EQ(TestFunction::make(TestFunctionKind::hartmann6).dimension, 6);
  EXPECT_EQ(TestFunction::make(TestFunctionKind::ackley, 7).domain().size(), 7U);
  TestFunctionKind kind = TestFunctionKind::branin;
  EXPECT_TRUE(parse_test_function_kind("hartmann3", kind));
  EXPECT_EQ(kind, TestFunctionKind::hartmann3);
  EXPECT_FALSE(parse_test_function_kind("hartman3", kind));
}

TEST(SobolSequence, FirstPointsMatchTheStandardSequence) {
  // scipy.stats.qmc.Sobol(d=21, scramble=False).random(8), columns 1–6 and 16–21.
  const double first[8][6] = {{0, 0, 0, 0, 0, 0},
                              {0.5, 0.5, 0.5, 0.5, 0.5, 0.5},
                              {0.75, 0.25, 0.25, 0.25, 0.75, 0.75},
                              {0.25, 0.75, 0.75, 0.75, 0.25, 0.25},
                              {0.375, 0.375, 0.625, 0.875, 0.375, 0.125},
                              {0.875, 0.875, 0.125, 0.375, 0.875, 0.625},
                              {0.625, 0.125, 0.875, 0.625, 0.625, 0.875},
                              {0.125, 0.625, 0.375, 0.125, 0.125, 0.375}};
  const double last[8][6] = {{0, 0, 0, 0, 0, 0},
                             {0.5, 0.5, 0.5, 0.5, 0.5, 0.5},
                             {0.25, 0.75, 0.25, 0.75, 0.25, 0.25},
                             {0.75, 0.25, 0.75, 0.25, 0.75, 0.75},
                             {0.875, 0.375, 0.875, 0.875, 0.125, 0.125},
                             {0.375, 0.875, 0.375, 0.375, 0.625, 0.625},
                             {0.625, 0.625, 0.625, 0.125, 0.375, 0.375},
                             {0.125, 0.125, 0.125, 0.625, 0.875, 0.875}};
  SobolSequence sequence(21);
  for (int i = 0; i < 8; ++i) {
    const Eigen::RowVectorXd x = sequence.next();
    for (int d = 0; d < 6; ++d) {
      EXPECT_EQ(x[d], first[i][d]) << "point " << i << " dimension " << d + 1;
      EXPECT_EQ(x[15 + d], last[i][d]) << "point " << i << " dimension " << d + 16;
    }
  }
  // Point 1023 as 32-bit integers (scipy's value × 2³²): exercises every direction-number recurrence.
  const std::vector<std::uint32_t> expected = {
      4194304U,    3233808384U, 2629828608U, 624951296U,  801112064U,  1883242496U, 599785472U,
      2654994432U, 1480589312U, 3653238784U, 2915041280U, 155189248U,  557842432U,  2856321024U,
      1556086784U, 1992294400U, 1346371584U, 3762290688U, 2512388096U, 1371537408U, 3720347648U};
  SobolSequence long_run(21);
  for (int i = 0; i < 1023; ++i) long_run.next_integers();
  EXPECT_EQ(long_run.next_integers(), expected);
  EXPECT_THROW(SobolSequence(22), std::invalid_argument);
}

TEST(SobolSequence, DigitalShiftKeepsOnePointPerDyadicBox) {
  // The first 2^k points of a (digitally shifted) Sobol sequence put one point in each of the 2^k intervals
  // of dimension 1, a (0, k, 1)-net property the shift preserves.
  const Eigen::MatrixXd points = shifted_sobol_points(64, 3, 12345);
  std::set<int> boxes;
  for (Eigen::Index i = 0; i < 64; ++i) boxes.insert(static_cast<int>(points(i, 0) * 64));
  EXPECT_EQ(boxes.size(), 64U);
  EXPECT_NE(points(0, 0), 0.0);  // shifted away from the origin
  EXPECT_EQ(points, shifted_sobol_points(64, 3, 12345));
}

FunctionSpec spec_of(TestFunctionKind kind, std::optional<PoolKind> pool, Eigen::Index size = 500) {
  FunctionSpec spec;
  spec.function = kind;
  spec.pool = pool;
  spec.pool_size = size;
  return spec;
}

TEST(FunctionTruth, SobolAndLatinHypercubePoolsAreFixedBySeed) {
  for (PoolKind kind : {PoolKind::sobol, PoolKind::latin_hypercube}) {
    const FunctionTruth a(spec_of(TestFunctionKind::hartmann3, kind), 10);
    const FunctionTruth b(spec_of(TestFunctionKind::hartmann3, kind), 10);
    const FunctionTruth c(spec_of(TestFunctionKind::hartmann3, kind), 11);
    EXPECT_EQ(a.size(), 500);
    EXPECT_EQ(a.designs(), b.designs());
    EXPECT_NE(a.designs(), c.designs());
    EXPECT_EQ(a.goal(), Goal::minimize);
    // The optimum is the best pool design, and the pool lies in the domain.
    const Eigen::Index best = a.optimal_designs().front();
    EXPECT_EQ(a.expected_value(best), a.function()(a.designs().row(best)));
    for (Eigen::Index i = 0; i < a.size(); ++i) EXPECT_GE(a.expected_value(i), a.expected_value(best));
    EXPECT_GE(a.designs().minCoeff(), 0.0);
    EXPECT_LT(a.designs().maxCoeff(), 1.0);
    EXPECT_GT(a.expected_value(best), -3.86278);
    EXPECT_LT(a.expected_value(best), -3.0);  // 500 points come close to the global minimum −3.86
  }
}

TEST(FunctionTruth, GridPoolFromSteps) {
  FunctionSpec spec = spec_of(TestFunctionKind::branin, std::nullopt);
  FeatureOverride x1, x2;
  x1.name = "x1";
  x1.step = 0.5;
  x2.name = "x2";
  x2.step = 0.5;
  spec.feature_overrides = {x1, x2};
  const FunctionTruth truth(spec, 1);
  EXPECT_EQ(truth.pool_kind(), PoolKind::grid);  // the default when every feature has a step
  EXPECT_EQ(truth.size(), 31 * 31);
  Rng rng(0);
  // (π, 2.275) is off the grid; the best grid point is near one of the three minimizers.
  const Eigen::Index best = truth.optimal_designs().front();
  EXPECT_LT(truth.measure(best, rng), 0.6);
  EXPECT_NE(truth.describe().find("known global minimum 0.397887"), std::string::npos);
  spec.pool = PoolKind::grid;
  spec.feature_overrides.pop_back();
  EXPECT_THROW(FunctionTruth(spec, 1), std::invalid_argument);
}

}  // namespace
}  // namespace bosim
