#include "gp/jittered_cholesky.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace bosim {
namespace {

Eigen::MatrixXd lower_product(const Eigen::MatrixXd& factored) {
  const Eigen::MatrixXd lower = factored.triangularView<Eigen::Lower>();
  return lower * lower.transpose();
}

TEST(JitteredCholesky, PositiveDefiniteNeedsNoJitter) {
  Eigen::MatrixXd matrix(3, 3);
  matrix << 4, 2, 0.4, 2, 3, 0.5, 0.4, 0.5, 2;
  const Eigen::MatrixXd original = matrix;
  JitteredCholesky cholesky;
  ASSERT_TRUE(cholesky.factorize(matrix));
  EXPECT_EQ(cholesky.jitter(), 0.0);
  EXPECT_TRUE(lower_product(matrix).isApprox(original, 1e-14));
  // The strict upper triangle still holds A.
  EXPECT_TRUE(matrix.triangularView<Eigen::StrictlyUpper>().toDenseMatrix().isApprox(
      original.triangularView<Eigen::StrictlyUpper>().toDenseMatrix()));
}

TEST(JitteredCholesky, SingularMatrixGetsSmallestJitter) {
  // All-ones: rank one, the second pivot is exactly 0.
  Eigen::MatrixXd matrix = Eigen::MatrixXd::Ones(3, 3);
  JitteredCholesky cholesky;
  ASSERT_TRUE(cholesky.factorize(matrix));
  EXPECT_DOUBLE_EQ(cholesky.jitter(), 1e-10);
  const Eigen::MatrixXd expected = Eigen::MatrixXd::Ones(3, 3) + 1e-10 * Eigen::MatrixXd::Identity(3, 3);
  EXPECT_TRUE(lower_product(matrix).isApprox(expected, 1e-12));
}

TEST(JitteredCholesky, EscalatesByPowersOfTenOfTheMeanDiagonal) {
  // Eigenvalues 1 + 3e-6 and −3e-6, mean diagonal 0.5: the jitter 0.5·10⁻⁶ still
  // leaves a negative pivot, 0.5·10⁻⁵ = 5e-6 is the first that works.
  Eigen::MatrixXd matrix(2, 2);
  matrix << 1.0 + 3e-6, 0.0, 0.0, -3e-6;
  JitteredCholesky cholesky;
  ASSERT_TRUE(cholesky.factorize(matrix));
  EXPECT_DOUBLE_EQ(cholesky.jitter(), 1e-5 * 0.5);
  EXPECT_NEAR(matrix(1, 1), std::sqrt(-3e-6 + 5e-6), 1e-12);
}

TEST(JitteredCholesky, IndefiniteMatrixFailsAndIsRestored) {
  Eigen::MatrixXd matrix(2, 2);
  matrix << 1.0, 2.0, 2.0, 1.0;  // eigenvalue −1: far beyond 10⁻² of the mean diagonal
  const Eigen::MatrixXd original = matrix;
  JitteredCholesky cholesky;
  EXPECT_FALSE(cholesky.factorize(matrix));
  EXPECT_EQ(matrix, original);
}

TEST(JitteredCholesky, NonFiniteFails) {
  Eigen::MatrixXd matrix = Eigen::MatrixXd::Identity(2, 2);
  matrix(1, 1) = std::numeric_limits<double>::quiet_NaN();
  JitteredCholesky cholesky;
  EXPECT_FALSE(cholesky.factorize(matrix));
}

TEST(JitteredCholesky, EmptyMatrixSucceeds) {
  Eigen::MatrixXd matrix(0, 0);
  JitteredCholesky cholesky;
  EXPECT_TRUE(cholesky.factorize(matrix));
  EXPECT_EQ(cholesky.jitter(), 0.0);
}

}  // namespace
}  // namespace bosim
