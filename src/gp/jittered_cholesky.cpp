#include "gp/jittered_cholesky.hpp"

#include <Eigen/Cholesky>
#include <cmath>
#include <stdexcept>

#include "gp/cholesky_inverse.hpp"

namespace bosim {

namespace {

/// 10^k for k = −16 … 0 as literals: repeated multiplication by 10 would drift from 10^k.
constexpr double powers_of_ten[] = {1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8,
                                    1e-7,  1e-6,  1e-5,  1e-4,  1e-3,  1e-2,  1e-1,  1e0};
constexpr int smallest_exponent = -16;

/// Eigen's in-place LLT reads and writes only the lower triangle; a NaN pivot
/// slips through its `pivot <= 0` test, so the diagonal is checked as well.
bool factorize_lower_in_place(Eigen::MatrixXd& matrix) {
  Eigen::LLT<Eigen::Ref<Eigen::MatrixXd>> llt(matrix);
  return llt.info() == Eigen::Success && matrix.diagonal().allFinite();
}

/// Restores the lower triangle from the untouched strict upper one and the saved diagonal.
void restore_lower_triangle(Eigen::MatrixXd& matrix, const Eigen::VectorXd& diagonal) {
  const Eigen::Index n = matrix.rows();
  for (Eigen::Index j = 0; j + 1 < n; ++j) matrix.col(j).tail(n - j - 1) = matrix.row(j).tail(n - j - 1).transpose();
  matrix.diagonal() = diagonal;
}

}  // namespace

JitteredCholesky::JitteredCholesky(JitterLadder ladder) : ladder_(ladder) {
  if (ladder.first_exponent < smallest_exponent || ladder.last_exponent > 0 ||
      ladder.first_exponent > ladder.last_exponent || ladder.exponent_step < 1) {
    throw std::invalid_argument("JitteredCholesky: the ladder needs −16 ≤ first ≤ last ≤ 0 and a step ≥ 1");
  }
}

template <class Attempt>
bool JitteredCholesky::climb_ladder(double mean_diagonal, Attempt attempt) {
  jitter_ = 0.0;
  if (attempt(0.0)) return true;
  if (std::isfinite(mean_diagonal) && mean_diagonal > 0.0) {
    for (int exponent = ladder_.first_exponent; exponent <= ladder_.last_exponent; exponent += ladder_.exponent_step) {
      jitter_ = powers_of_ten[exponent - smallest_exponent] * mean_diagonal;
      if (attempt(jitter_)) return true;
    }
  }
  jitter_ = 0.0;
  return false;
}

bool JitteredCholesky::factorize(Eigen::MatrixXd& matrix) {
  jitter_ = 0.0;
  if (matrix.rows() == 0) return true;
  diagonal_ = matrix.diagonal();
  bool first_attempt = true;
  const bool factorized = climb_ladder(diagonal_.mean(), [&](double jitter) {
    if (!first_attempt) {
      restore_lower_triangle(matrix, diagonal_);
      matrix.diagonal().array() += jitter;
    }
    first_attempt = false;
    return factorize_lower_in_place(matrix);
  });
  if (!factorized) restore_lower_triangle(matrix, diagonal_);
  return factorized;
}

bool JitteredCholesky::factorize_in_blocks(const Eigen::VectorXd& packed_lower, double shift, Eigen::Index n,
                                           Eigen::MatrixXd& factor) {
  factor.resize(padded_rows(n), n);
  double diagonal_sum = 0.0;
  for (Eigen::Index j = 0, offset = 0; j < n; offset += n - j, ++j) diagonal_sum += packed_lower(offset);
  const double mean_diagonal = n > 0 ? diagonal_sum / static_cast<double>(n) + shift : 0.0;
  return climb_ladder(mean_diagonal, [&](double jitter) {
    factor.setZero();
    for (Eigen::Index j = 0, offset = 0; j < n; offset += n - j, ++j) {
      factor.col(j).segment(j, n - j) = packed_lower.segment(offset, n - j);
      factor(j, j) += shift + jitter;
    }
    return cholesky_in_blocks(factor, n);
  });
}

}  // namespace bosim
