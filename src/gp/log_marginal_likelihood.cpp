#include "gp/log_marginal_likelihood.hpp"

#include <cmath>
#include <limits>
#include <numbers>

#include "gp/flush_subnormals.hpp"
#include "gp/overlap_kernel.hpp"

namespace bosim {

namespace {

/// Offset of column j in a packed lower triangle of order n.
Eigen::Index packed_offset(Eigen::Index n, Eigen::Index j) { return j * n - j * (j - 1) / 2; }

/// Recomputes the packed squared differences S_l when X (or the kernel's layout) changed.
void cache_squared_differences(const Kernel& kernel, const Eigen::MatrixXd& x, LmlWorkspace& workspace) {
  const auto lengthscales = static_cast<std::size_t>(kernel.lengthscale_count());
  const bool same_inputs = workspace.cached_inputs.rows() == x.rows() && workspace.cached_inputs.cols() == x.cols() &&
                           workspace.cached_inputs == x;
  if (same_inputs && workspace.squared_differences.size() == lengthscales) return;

  const Eigen::Index n = x.rows();
  const auto distance_lengthscales = static_cast<std::size_t>(kernel.distance_lengthscale_count());
  workspace.squared_differences.resize(distance_lengthscales);
  for (Eigen::VectorXd& differences : workspace.squared_differences) differences.setZero(n * (n + 1) / 2);
  for (Eigen::Index d = 0; d < kernel.distance_dimension(); ++d) {
    Eigen::VectorXd& target = workspace.squared_differences[static_cast<std::size_t>(kernel.lengthscale_of_column(d))];
    for (Eigen::Index j = 0; j < n; ++j) {
      target.segment(packed_offset(n, j), n - j).array() += (x.col(d).tail(n - j).array() - x(j, d)).square();
    }
  }
  append_packed_mismatches(kernel, x, workspace.squared_differences);
  workspace.cached_inputs = x;
}

/// Overwrites the lower triangle of `matrix` (holding L) with L⁻¹, column by
/// column from the last: X_jj = 1/L_jj, X[j+1:, j] = −X_jj X[j+1:, j+1:] L[j+1:, j].
void invert_lower_triangle(Eigen::MatrixXd& matrix, Eigen::VectorXd& column) {
  const Eigen::Index n = matrix.rows();
  for (Eigen::Index j = n - 1; j >= 0; --j) {
    const Eigen::Index below = n - j - 1;
    matrix(j, j) = 1.0 / matrix(j, j);
    if (below == 0) continue;
    column.head(below).noalias() =
        matrix.bottomRightCorner(below, below).triangularView<Eigen::Lower>() * matrix.col(j).tail(below);
    matrix.col(j).tail(below) = -matrix(j, j) * column.head(below);
  }
}

/// Overwrites the lower triangle of `matrix` (holding X = L⁻¹) with that of XᵀX = K_y⁻¹;
/// column j only needs columns ≥ j of X, so a forward sweep may work in place.
void lower_gram_of_lower_triangle(Eigen::MatrixXd& matrix, Eigen::VectorXd& column) {
  const Eigen::Index n = matrix.rows();
  for (Eigen::Index j = 0; j < n; ++j) {
    const Eigen::Index rows = n - j;
    column.head(rows).noalias() =
        matrix.bottomRightCorner(rows, rows).triangularView<Eigen::Lower>().transpose() * matrix.col(j).tail(rows);
    matrix.col(j).tail(rows) = column.head(rows);
  }
}

}  // namespace

double log_marginal_likelihood(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                               const Eigen::VectorXd& theta, Eigen::VectorXd* gradient, LmlWorkspace& workspace) {
  const FlushSubnormals flush_subnormals;
  const Eigen::Index n = x.rows();
  const Eigen::Index lengthscales = kernel.distance_lengthscale_count();
  const double signal_variance = std::exp(theta(kernel.signal_index()));
  const double noise_variance = std::exp(theta(kernel.noise_index()));
  cache_squared_differences(kernel, x, workspace);

  // Packed r² = Σ_l S_l / ℓ_l², then K_f (and g when the gradient is wanted).
  Eigen::VectorXd& covariance = workspace.covariance;
  if (lengthscales == 0)
    covariance.setZero(n * (n + 1) / 2);  // only overlap columns
  else
    covariance = std::exp(-2.0 * theta(0)) * workspace.squared_differences[0];
  for (Eigen::Index l = 1; l < lengthscales; ++l) {
    covariance += std::exp(-2.0 * theta(l)) * workspace.squared_differences[static_cast<std::size_t>(l)];
  }
  kernel.covariance_from_squared_distance(covariance, signal_variance,
                                          gradient ? &workspace.lengthscale_factor : nullptr);
  const Eigen::VectorXd* mismatches = workspace.squared_differences.data() + lengthscales;
  if (kernel.overlap_columns() > 0)
    multiply_packed_overlap_factor(kernel, theta, mismatches, covariance,
                                   gradient ? &workspace.lengthscale_factor : nullptr);

  // K_y in full: JitteredCholesky restores the lower triangle from the upper one between attempts.
  Eigen::MatrixXd& k = workspace.k;
  k.resize(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    k.col(j).tail(n - j) = covariance.segment(packed_offset(n, j), n - j);
    k.row(j).tail(n - j) = covariance.segment(packed_offset(n, j), n - j).transpose();
  }
  k.diagonal().array() += noise_variance;
  if (!workspace.cholesky.factorize(k)) {
    if (gradient) gradient->setZero(theta.size());
    return -std::numeric_limits<double>::infinity();
  }

  Eigen::VectorXd& alpha = workspace.alpha;
  alpha = y;
  {
    const Eigen::TriangularView<const Eigen::MatrixXd, Eigen::Lower> factor(k);
    factor.solveInPlace(alpha);
    factor.transpose().solveInPlace(alpha);
  }
  const double log_likelihood = -0.5 * y.dot(alpha) - k.diagonal().array().log().sum() -
                                0.5 * static_cast<double>(n) * std::log(2.0 * std::numbers::pi);
  if (!gradient) return log_likelihood;

  // K_y⁻¹ = L⁻ᵀ L⁻¹ in 2n³/3 flops (half of two triangular solves against I).
  workspace.column.resize(n);
  invert_lower_triangle(k, workspace.column);
  lower_gram_of_lower_triangle(k, workspace.column);

  // Packed W = ααᵀ − K_y⁻¹ with doubled off-diagonal entries, so that for any
  // symmetric M, tr(W M) = Σ_i W_ii M_ii + 2 Σ_{i>j} W_ij M_ij = weights · packed(M).
  Eigen::VectorXd& weights = workspace.weights;
  weights.resize(covariance.size());
  double weights_trace = 0.0;
  for (Eigen::Index j = 0; j < n; ++j) {
    const Eigen::Index offset = packed_offset(n, j);
    weights.segment(offset, n - j) = 2.0 * (alpha(j) * alpha.tail(n - j) - k.col(j).tail(n - j));
    weights(offset) *= 0.5;
    weights_trace += weights(offset);
  }

  gradient->resize(theta.size());
  (*gradient)(kernel.signal_index()) = 0.5 * weights.dot(covariance);
  (*gradient)(kernel.noise_index()) = 0.5 * noise_variance * weights_trace;
  if (kernel.overlap_columns() > 0) overlap_gradient(kernel, theta, mismatches, weights, covariance, *gradient);
  workspace.lengthscale_factor.array() *= weights.array();
  for (Eigen::Index l = 0; l < lengthscales; ++l) {
    (*gradient)(l) = 0.5 * std::exp(-2.0 * theta(l)) *
                     workspace.lengthscale_factor.dot(workspace.squared_differences[static_cast<std::size_t>(l)]);
  }
  return log_likelihood;
}

}  // namespace bosim
