#include "gp/cholesky_inverse.hpp"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <cmath>
#include <limits>

#include "common/random.hpp"

namespace bosim {
namespace {

/// A = B Bᵀ + n I with B uniform in [−1, 1]: symmetric positive definite, condition number O(n).
Eigen::MatrixXd random_spd(Eigen::Index n, std::uint64_t seed) {
  Rng rng(seed);
  Eigen::MatrixXd b(n, n);
  for (Eigen::Index i = 0; i < b.size(); ++i) b(i) = 2.0 * rng.uniform() - 1.0;
  return b * b.transpose() + static_cast<double>(n) * Eigen::MatrixXd::Identity(n, n);
}

/// A in the kernels' padded storage: the lower triangle and A's upper one (finite scratch), zero rows below.
Eigen::MatrixXd padded(const Eigen::MatrixXd& a) {
  Eigen::MatrixXd result = Eigen::MatrixXd::Zero(padded_rows(a.rows()), a.cols());
  result.topRows(a.rows()) = a;
  return result;
}

Eigen::MatrixXd lower_of(const Eigen::MatrixXd& padded_matrix, Eigen::Index n) {
  return padded_matrix.topRows(n).triangularView<Eigen::Lower>();
}

double relative_difference(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& expected) {
  return (actual - expected).norm() / expected.norm();
}

TEST(CholeskyInverse, PaddedRowsAreMultiplesOfFour) {
  EXPECT_EQ(padded_rows(0), 0);
  EXPECT_EQ(padded_rows(1), 4);
  EXPECT_EQ(padded_rows(4), 4);
  EXPECT_EQ(padded_rows(5), 8);
  EXPECT_EQ(padded_rows(64), 64);
}

TEST(CholeskyInverse, MatchesEigensFactorAndInverse) {
  // Orders around the blocks of 4 (1 … 9), the GP's usual sizes, and beyond 64.
  for (const Eigen::Index n : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 17, 33, 60, 64, 65, 100}) {
    SCOPED_TRACE(n);
    const Eigen::MatrixXd a = random_spd(n, 11 + static_cast<std::uint64_t>(n));
    const Eigen::LLT<Eigen::MatrixXd> llt(a);
    const Eigen::MatrixXd expected_factor = llt.matrixL();
    const Eigen::MatrixXd expected_inverse = llt.solve(Eigen::MatrixXd::Identity(n, n)).triangularView<Eigen::Lower>();

    Eigen::MatrixXd factor = padded(a), scratch, inverse;
    ASSERT_TRUE(cholesky_in_blocks(factor, n));
    EXPECT_LT(relative_difference(lower_of(factor, n), expected_factor), 1e-12);
    inverse_from_cholesky(factor, n, scratch, inverse);
    EXPECT_EQ(inverse.rows(), padded_rows(n));
    EXPECT_EQ(inverse.cols(), n);
    EXPECT_LT(relative_difference(lower_of(inverse, n), expected_inverse), 1e-12);
  }
}

TEST(CholeskyInverse, UpperFactorIsTheTransposedInverseOfL) {
  for (const Eigen::Index n : {1, 3, 4, 5, 10, 17, 64, 65}) {
    SCOPED_TRACE(n);
    const Eigen::MatrixXd a = random_spd(n, 31 + static_cast<std::uint64_t>(n));
    Eigen::MatrixXd factor = padded(a), upper, inverse;
    ASSERT_TRUE(cholesky_in_blocks(factor, n));
    upper_inverse_factor(factor, n, upper);
    ASSERT_EQ(upper.rows(), padded_rows(n));
    ASSERT_EQ(upper.cols(), n);
    // Exactly zero below the diagonal, padding rows included (inverse_from_upper_factor reads them).
    for (Eigen::Index j = 0; j < n; ++j)
      for (Eigen::Index r = j + 1; r < upper.rows(); ++r) ASSERT_EQ(upper(r, j), 0.0) << r << ", " << j;
    const Eigen::MatrixXd l = lower_of(factor, n);
    const Eigen::MatrixXd expected_upper = l.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(n, n));
    EXPECT_LT(relative_difference(upper.topRows(n), expected_upper.transpose()), 1e-12);
    inverse_from_upper_factor(upper, n, inverse);
    EXPECT_LT(relative_difference(lower_of(inverse, n), Eigen::MatrixXd(a.inverse().triangularView<Eigen::Lower>())),
              1e-12);
  }
}

TEST(CholeskyInverse, BothSolvesMatchEigensLlt) {
  for (const Eigen::Index n : {1, 2, 5, 8, 10, 33, 60}) {
    SCOPED_TRACE(n);
    const Eigen::MatrixXd a = random_spd(n, 47 + static_cast<std::uint64_t>(n));
    Rng rng(5 + static_cast<std::uint64_t>(n));
    Eigen::VectorXd b(n);
    for (Eigen::Index i = 0; i < n; ++i) b(i) = 2.0 * rng.uniform() - 1.0;
    const Eigen::VectorXd expected = a.llt().solve(b);

    Eigen::MatrixXd factor = padded(a), upper;
    ASSERT_TRUE(cholesky_in_blocks(factor, n));
    Eigen::VectorXd substituted = b;
    solve_with_cholesky(factor, n, substituted.data());
    EXPECT_LT((substituted - expected).norm() / expected.norm(), 1e-13);

    upper_inverse_factor(factor, n, upper);
    Eigen::VectorXd scratch, solution;
    solve_with_upper_factor(upper, n, b, scratch, solution);
    ASSERT_EQ(solution.size(), n);
    EXPECT_LT((solution - expected).norm() / expected.norm(), 1e-13);
  }
}

TEST(CholeskyInverse, OneByOne) {
  Eigen::MatrixXd factor = padded(Eigen::MatrixXd::Constant(1, 1, 4.0)), scratch, inverse;
  ASSERT_TRUE(cholesky_in_blocks(factor, 1));
  EXPECT_EQ(factor(0, 0), 2.0);
  inverse_from_cholesky(factor, 1, scratch, inverse);
  EXPECT_EQ(inverse(0, 0), 0.25);
}

TEST(CholeskyInverse, EmptyMatrixSucceeds) {
  Eigen::MatrixXd factor(0, 0), scratch, inverse;
  EXPECT_TRUE(cholesky_in_blocks(factor, 0));
  inverse_from_cholesky(factor, 0, scratch, inverse);
  EXPECT_EQ(inverse.size(), 0);
}

TEST(CholeskyInverse, RejectsMatricesThatAreNotPositiveDefinite) {
  Eigen::MatrixXd indefinite(2, 2);
  indefinite << 1.0, 2.0, 2.0, 1.0;  // eigenvalue −1: second pivot 1 − 4 = −3
  Eigen::MatrixXd factor = padded(indefinite);
  EXPECT_FALSE(cholesky_in_blocks(factor, 2));

  Eigen::MatrixXd singular = Eigen::MatrixXd::Ones(3, 3);  // second pivot exactly 0
  factor = padded(singular);
  EXPECT_FALSE(cholesky_in_blocks(factor, 3));

  // A negative pivot late in a larger matrix (row 6 of 7 made indefinite).
  Eigen::MatrixXd late = random_spd(7, 3);
  late(6, 6) = -1.0;
  factor = padded(late);
  EXPECT_FALSE(cholesky_in_blocks(factor, 7));
}

TEST(CholeskyInverse, RejectsNonFiniteEntries) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  for (const auto& [row, column, value] : {std::tuple{1, 1, nan}, std::tuple{4, 2, nan}, std::tuple{4, 2, inf},
                                           std::tuple{0, 0, inf}, std::tuple{5, 5, inf}}) {
    SCOPED_TRACE(testing::Message() << row << ", " << column << ": " << value);
    Eigen::MatrixXd a = random_spd(6, 5);
    a(row, column) = a(column, row) = value;
    Eigen::MatrixXd factor = padded(a);
    EXPECT_FALSE(cholesky_in_blocks(factor, 6));
  }
}

}  // namespace
}  // namespace bosim
