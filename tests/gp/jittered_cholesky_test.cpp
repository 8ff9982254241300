#include "gp/jittered_cholesky.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

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

TEST(JitteredCholesky, NonFiniteFailsAndIsRestored) {
  // The NaN pivot passes Eigen's `pivot <= 0` test; the first column is factorized before it.
  Eigen::MatrixXd matrix(2, 2);
  matrix << 4.0, 2.0, 2.0, std::numeric_limits<double>::quiet_NaN();
  const Eigen::MatrixXd original = matrix;
  JitteredCholesky cholesky;
  EXPECT_FALSE(cholesky.factorize(matrix));
  EXPECT_EQ(cholesky.jitter(), 0.0);
  EXPECT_EQ(matrix(0, 0), 4.0);
  EXPECT_EQ(matrix(1, 0), 2.0);
  EXPECT_EQ(matrix(0, 1), 2.0);
  EXPECT_TRUE(std::isnan(matrix(1, 1)));
}

TEST(JitteredCholesky, NonPositiveMeanDiagonalFailsAndIsRestored) {
  // The first attempt writes L_00 = 2 and L_10 = 1 before the pivot −6 fails; the mean
  // diagonal −0.5 allows no jitter, and the matrix must still come back as A.
  Eigen::MatrixXd matrix(2, 2);
  matrix << 4.0, 2.0, 2.0, -5.0;
  const Eigen::MatrixXd original = matrix;
  JitteredCholesky cholesky;
  EXPECT_FALSE(cholesky.factorize(matrix));
  EXPECT_EQ(matrix, original);
}

TEST(JitteredCholesky, LadderStepsAreExactPowersOfTen) {
  // Eigenvalues 1 + 3e-6 and −3e-6, mean diagonal 0.5. Ladder 10⁻¹², 10⁻¹⁰, …: 10⁻⁶ · 0.5 is
  // too small, 10⁻⁴ · 0.5 the first that works, exactly (no 10⁻¹² · 100 · 100 · 100 · 100 drift).
  Eigen::MatrixXd matrix(2, 2);
  matrix << 1.0 + 3e-6, 0.0, 0.0, -3e-6;
  JitteredCholesky cholesky(JitterLadder{-12, -4, 2});
  ASSERT_TRUE(cholesky.factorize(matrix));
  EXPECT_EQ(cholesky.jitter(), 1e-4 * 0.5);
  // The ladder ends at 10⁻⁴: a pivot needing 10⁻³ of the mean diagonal fails, restored.
  matrix << 1.0 + 3e-4, 0.0, 0.0, -3e-4;
  const Eigen::MatrixXd original = matrix;
  EXPECT_FALSE(cholesky.factorize(matrix));
  EXPECT_EQ(matrix, original);
}

TEST(JitteredCholesky, RejectsLaddersOutsideTheTable) {
  EXPECT_THROW(JitteredCholesky(JitterLadder{-17, -2, 1}), std::invalid_argument);
  EXPECT_THROW(JitteredCholesky(JitterLadder{-10, 1, 1}), std::invalid_argument);
  EXPECT_THROW(JitteredCholesky(JitterLadder{-2, -10, 1}), std::invalid_argument);
  EXPECT_THROW(JitteredCholesky(JitterLadder{-10, -2, 0}), std::invalid_argument);
}

TEST(JitteredCholesky, EmptyMatrixSucceeds) {
  Eigen::MatrixXd matrix(0, 0);
  JitteredCholesky cholesky;
  EXPECT_TRUE(cholesky.factorize(matrix));
  EXPECT_EQ(cholesky.jitter(), 0.0);
}

/// The lower triangle of a symmetric matrix packed column by column (rows j … n−1 of column j).
Eigen::VectorXd packed_lower(const Eigen::MatrixXd& matrix) {
  const Eigen::Index n = matrix.rows();
  Eigen::VectorXd packed(n * (n + 1) / 2);
  for (Eigen::Index j = 0, offset = 0; j < n; offset += n - j, ++j)
    packed.segment(offset, n - j) = matrix.col(j).tail(n - j);
  return packed;
}

TEST(JitteredCholeskyInBlocks, AgreesWithTheInPlaceFactorization) {
  Eigen::MatrixXd matrix(3, 3);
  matrix << 4, 2, 0.4, 2, 3, 0.5, 0.4, 0.5, 2;
  Eigen::MatrixXd factor;
  JitteredCholesky cholesky;
  // The shift is added to the diagonal: P = A − 0.25 I, shift 0.25.
  ASSERT_TRUE(
      cholesky.factorize_in_blocks(packed_lower(matrix - 0.25 * Eigen::MatrixXd::Identity(3, 3)), 0.25, 3, factor));
  EXPECT_EQ(cholesky.jitter(), 0.0);
  EXPECT_EQ(factor.rows(), 4);
  EXPECT_EQ(factor.cols(), 3);
  Eigen::MatrixXd in_place = matrix;
  ASSERT_TRUE(cholesky.factorize(in_place));
  const Eigen::MatrixXd expected = in_place.triangularView<Eigen::Lower>();
  const Eigen::MatrixXd actual = factor.topRows(3).triangularView<Eigen::Lower>();
  EXPECT_TRUE(actual.isApprox(expected, 1e-14));
}

TEST(JitteredCholeskyInBlocks, SingularMatrixGetsSmallestJitter) {
  Eigen::MatrixXd factor;
  JitteredCholesky cholesky;
  ASSERT_TRUE(cholesky.factorize_in_blocks(packed_lower(Eigen::MatrixXd::Ones(3, 3)), 0.0, 3, factor));
  EXPECT_DOUBLE_EQ(cholesky.jitter(), 1e-10);
  const Eigen::MatrixXd lower = factor.topRows(3).triangularView<Eigen::Lower>();
  EXPECT_TRUE((lower * lower.transpose())
                  .isApprox(Eigen::MatrixXd::Ones(3, 3) + 1e-10 * Eigen::MatrixXd::Identity(3, 3), 1e-12));
}

TEST(JitteredCholeskyInBlocks, EscalatesByPowersOfTenOfTheMeanDiagonal) {
  // As for factorize: mean diagonal 0.5 (0.25 packed + 0.25 shift), 0.5·10⁻⁵ is the first jitter that works.
  Eigen::MatrixXd matrix(2, 2);
  matrix << 1.0 + 3e-6 - 0.25, 0.0, 0.0, -3e-6 - 0.25;
  Eigen::MatrixXd factor;
  JitteredCholesky cholesky;
  ASSERT_TRUE(cholesky.factorize_in_blocks(packed_lower(matrix), 0.25, 2, factor));
  EXPECT_DOUBLE_EQ(cholesky.jitter(), 1e-5 * 0.5);
  EXPECT_NEAR(factor(1, 1), std::sqrt(-3e-6 + 5e-6), 1e-12);
}

TEST(JitteredCholeskyInBlocks, FailsWhereTheInPlaceFactorizationFails) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Eigen::MatrixXd indefinite(2, 2), non_finite(2, 2), negative_mean(2, 2);
  indefinite << 1.0, 2.0, 2.0, 1.0;
  non_finite << 4.0, 2.0, 2.0, nan;
  negative_mean << 4.0, 2.0, 2.0, -5.0;
  for (const Eigen::MatrixXd& matrix : {indefinite, non_finite, negative_mean}) {
    Eigen::MatrixXd factor;
    JitteredCholesky cholesky;
    EXPECT_FALSE(cholesky.factorize_in_blocks(packed_lower(matrix), 0.0, 2, factor));
    EXPECT_EQ(cholesky.jitter(), 0.0);
  }
}

TEST(JitteredCholeskyInBlocks, EmptyMatrixSucceeds) {
  Eigen::MatrixXd factor;
  JitteredCholesky cholesky;
  EXPECT_TRUE(cholesky.factorize_in_blocks(Eigen::VectorXd(0), 1.0, 0, factor));
  EXPECT_EQ(factor.size(), 0);
}

}  // namespace
}  // namespace bosim
