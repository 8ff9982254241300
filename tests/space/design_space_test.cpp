// Tests of DesignSpace: validation, the unit-cube map, grid enumeration and snapping.
#include "space/design_space.hpp"

#include <cmath>
#include <stdexcept>

#include "test_support.hpp"

namespace bosim {
namespace {

FeatureRange feature(std::string name, double lower, double upper, double step = 0.0, bool log_scale = false) {
  return FeatureRange{std::move(name), lower, upper, step, log_scale};
}

TEST(DesignSpace, ToUnitMapsBoundsToZeroAndOneLinearly) {
  const DesignSpace space({feature("a", 2.0, 6.0), feature("b", -1.0, 1.0)});
  Eigen::MatrixXd raw(3, 2);
  raw << 2.0, -1.0,  //
      6.0, 1.0,      //
      3.0, 0.5;
  Eigen::MatrixXd expected(3, 2);
  expected << 0.0, 0.0,  //
      1.0, 1.0,          //
      0.25, 0.75;
  EXPECT_EQ(space.to_unit(raw), expected);
}

TEST(DesignSpace, ToUnitOfLogScaleFeatureUsesLog10) {
  const DesignSpace space({feature("rate", 1e-3, 1e1, 0.0, true)});
  Eigen::MatrixXd raw(3, 1);
  raw << 1e-3, 1e-1, 1e1;
  const Eigen::MatrixXd unit = space.to_unit(raw);
  EXPECT_DOUBLE_EQ(unit(0, 0), 0.0);
  EXPECT_DOUBLE_EQ(unit(1, 0), 0.5);  // log10 0.1 = -1 is halfway between -3 and 1
  EXPECT_DOUBLE_EQ(unit(2, 0), 1.0);
}

TEST(DesignSpace, ToUnitOfFixedFeatureIsZero) {
  const DesignSpace space({feature("fixed", 4.0, 4.0), feature("x", 0.0, 2.0)});
  Eigen::MatrixXd raw(1, 2);
  raw << 4.0, 1.0;
  const Eigen::MatrixXd unit = space.to_unit(raw);
  EXPECT_EQ(unit(0, 0), 0.0);
  EXPECT_EQ(unit(0, 1), 0.5);
}

TEST(DesignSpace, ToUnitRejectsWrongColumnCount) {
  const DesignSpace space({feature("a", 0.0, 1.0)});
  EXPECT_THROW(space.to_unit(Eigen::MatrixXd::Zero(2, 3)), std::invalid_argument);
}

TEST(DesignSpace, ConstructorRejectsInvalidRanges) {
  EXPECT_THROW(DesignSpace({feature("a", 2.0, 1.0)}), std::invalid_argument);
  EXPECT_THROW(DesignSpace({feature("a", 0.0, INFINITY)}), std::invalid_argument);
  EXPECT_THROW(DesignSpace({feature("a", NAN, 1.0)}), std::invalid_argument);
  EXPECT_THROW(DesignSpace({feature("a", 0.0, 1.0, -0.1)}), std::invalid_argument);
  EXPECT_THROW(DesignSpace({feature("a", 0.0, 1.0, 0.0, true)}), std::invalid_argument);
  EXPECT_NO_THROW(DesignSpace({feature("a", 0.5, 0.5, 0.0, true)}));
}

TEST(DesignSpace, ConstructorErrorNamesTheFeature) {
  try {
    DesignSpace({feature("temperature", 3.0, 1.0)});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("temperature"), std::string::npos) << error.what();
  }
}

TEST(DesignSpace, IsGridNeedsEveryFeatureStepped) {
  EXPECT_TRUE(DesignSpace({feature("a", 0.0, 1.0, 0.5), feature("b", 0.0, 3.0, 1.0)}).is_grid());
  EXPECT_FALSE(DesignSpace({feature("a", 0.0, 1.0, 0.5), feature("b", 0.0, 3.0)}).is_grid());
  // A fixed feature has exactly one value, with or without a step.
  EXPECT_TRUE(DesignSpace({feature("a", 0.0, 1.0, 0.5), feature("fixed", 2.0, 2.0)}).is_grid());
  EXPECT_FALSE(DesignSpace().is_grid());
  EXPECT_THROW(DesignSpace({feature("a", 0.0, 1.0)}).grid_size(), std::logic_error);
}

TEST(DesignSpace, GridEnumeratesLastFeatureFastest) {
  const DesignSpace space({feature("a", 0.0, 1.0, 0.5), feature("b", 10.0, 30.0, 10.0)});
  EXPECT_EQ(space.grid_size(), 9.0);
  Eigen::MatrixXd expected(9, 2);
  expected << 0.0, 10.0,  //
      0.0, 20.0,          //
      0.0, 30.0,          //
      0.5, 10.0,          //
      0.5, 20.0,          //
      0.5, 30.0,          //
      1.0, 10.0,          //
      1.0, 20.0,          //
      1.0, 30.0;
  EXPECT_EQ(space.grid(), expected);
}

TEST(DesignSpace, GridKeepsUpperBoundDespiteDecimalRounding) {
  // 0.3 / 0.1 = 2.9999999999999996 in binary; the last value must still be 0.3.
  const DesignSpace space({feature("a", 0.0, 0.3, 0.1)});
  EXPECT_EQ(space.grid_size(), 4.0);
  const Eigen::MatrixXd grid = space.grid();
  ASSERT_EQ(grid.rows(), 4);
  EXPECT_EQ(grid(3, 0), 0.3);
}

TEST(DesignSpace, GridStopsBelowUpperWhenSpanIsNotWholeSteps) {
  const DesignSpace space({feature("a", 0.0, 1.0, 0.4), feature("fixed", 7.0, 7.0)});
  EXPECT_EQ(space.grid_size(), 3.0);  // 0, 0.4, 0.8
  const Eigen::MatrixXd grid = space.grid();
  EXPECT_DOUBLE_EQ(grid(2, 0), 0.8);
  EXPECT_EQ(grid(2, 1), 7.0);
}

TEST(DesignSpace, GridSizeCanExceedWhatGridEnumerates) {
  std::vector<FeatureRange> features;
  for (const char* name : {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"})
    features.push_back(feature(name, 0.0, 99.0, 1.0));
  const DesignSpace space(features);
  EXPECT_EQ(space.grid_size(), 1e20);
  EXPECT_THROW(space.grid(), std::length_error);
}

TEST(DesignSpace, SnapRoundsToNearestGridValueAndClamps) {
  const DesignSpace space({feature("a", 0.0, 1.0, 0.25), feature("b", -2.0, 2.0), feature("c", 1.0, 2.0, 0.4)});
  Eigen::RowVectorXd raw(3);
  raw << 0.3, 5.0, 2.0;
  const Eigen::RowVectorXd snapped = space.snap(raw);
  EXPECT_EQ(snapped[0], 0.25);
  EXPECT_EQ(snapped[1], 2.0);  // continuous: only clamped
  // Grid values of c are 1.0, 1.4, 1.8: 2.0 is 2.5 steps up, which rounds to a 4th value past upper, so 1.8.
  EXPECT_DOUBLE_EQ(snapped[2], 1.8);

  raw << -7.0, -0.3, 1.5;
  const Eigen::RowVectorXd low = space.snap(raw);
  EXPECT_EQ(low[0], 0.0);
  EXPECT_EQ(low[1], -0.3);
  EXPECT_DOUBLE_EQ(low[2], 1.4);
}

TEST(DesignSpace, SnapRejectsWrongDimension) {
  const DesignSpace space({feature("a", 0.0, 1.0, 0.25)});
  EXPECT_THROW(space.snap(Eigen::RowVectorXd::Zero(2)), std::invalid_argument);
}

}  // namespace
}  // namespace bosim

namespace bosim {
namespace {

TEST(DesignSpaceConstraints, GridKeepsOnlyFeasiblePoints) {
  // CB + CNT in [0.6, 0.9] on a 0.1 grid: PVdF = 1 − CB − CNT in [0.1, 0.4].
  const DesignSpace space({FeatureRange{"cb", 0.2, 0.9, 0.1, false}, FeatureRange{"cnt", 0.0, 0.5, 0.1, false}},
                          {LinearConstraint{"pvdf", {1.0, 1.0}, 0.6, 0.9}});
  EXPECT_EQ(space.grid_size(), 8 * 6);  // the box grid, before the constraint
  const Eigen::MatrixXd grid = space.grid();
  // Pairs (i, j) of tenths with 6 ≤ 2 + i + j ≤ 9, 0 ≤ i ≤ 7, 0 ≤ j ≤ 5: counted by hand, 23.
  EXPECT_EQ(grid.rows(), 23);
  for (Eigen::Index r = 0; r < grid.rows(); ++r) {
    EXPECT_TRUE(space.is_feasible(grid.row(r)));
    EXPECT_GE(grid(r, 0) + grid(r, 1), 0.6 - 1e-9);
    EXPECT_LE(grid(r, 0) + grid(r, 1), 0.9 + 1e-9);
  }
  Eigen::RowVectorXd point(2);
  point << 0.3, 0.3;  // sum 0.6 in decimal, 0.6 − 1e-16 in binary: on the boundary, feasible
  EXPECT_TRUE(space.is_feasible(point));
  point << 0.3, 0.2;
  EXPECT_FALSE(space.is_feasible(point));
  EXPECT_THROW(DesignSpace({FeatureRange{"a", 0.0, 1.0, 0.0, false}}, {LinearConstraint{"bad", {1.0, 1.0}, 0.0, 1.0}}),
               std::invalid_argument);
  EXPECT_THROW(DesignSpace({FeatureRange{"a", 0.0, 1.0, 0.0, false}}, {LinearConstraint{"bad", {1.0}, 1.0, 0.0}}),
               std::invalid_argument);
}

TEST(DesignSpaceConstraints, FromUnitInvertsToUnit) {
  const DesignSpace space({FeatureRange{"a", 2.0, 6.0, 0.0, false}, FeatureRange{"rate", 1e-3, 1e1, 0.0, true}});
  Eigen::MatrixXd unit(3, 2);
  unit << 0.0, 0.0,  //
      1.0, 1.0,      //
      0.25, 0.5;
  const Eigen::MatrixXd raw = space.from_unit(unit);
  EXPECT_DOUBLE_EQ(raw(2, 0), 3.0);
  EXPECT_DOUBLE_EQ(raw(2, 1), 0.1);
  EXPECT_DOUBLE_EQ(raw(1, 1), 10.0);
  EXPECT_LT((space.to_unit(raw) - unit).cwiseAbs().maxCoeff(), 1e-12);
}

}  // namespace
}  // namespace bosim
