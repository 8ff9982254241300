#include "gp/log_marginal_likelihood.hpp"

#include <cmath>
#include <limits>
#include <numbers>

namespace bosim {

namespace {

/// Recomputes the per-length-scale squared differences S_l when X (or the kernel's layout) changed.
void cache_squared_differences(const Kernel& kernel, const Eigen::MatrixXd& x, LmlWorkspace& workspace) {
  const auto lengthscales = static_cast<std::size_t>(kernel.lengthscale_count());
  const bool same_inputs = workspace.cached_inputs.rows() == x.rows() && workspace.cached_inputs.cols() == x.cols() &&
                           workspace.cached_inputs == x;
  if (same_inputs && workspace.squared_differences.size() == lengthscales) return;

  const Eigen::Index n = x.rows();
  workspace.squared_differences.resize(lengthscales);
  for (Eigen::MatrixXd& differences : workspace.squared_differences) differences.setZero(n, n);
  for (Eigen::Index d = 0; d < x.cols(); ++d) {
    Eigen::MatrixXd& target = workspace.squared_differences[kernel.is_ard() ? static_cast<std::size_t>(d) : 0];
    for (Eigen::Index j = 0; j < n; ++j) target.col(j).array() += (x.col(d).array() - x(j, d)).square();
  }
  workspace.cached_inputs = x;
}

}  // namespace

double log_marginal_likelihood(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                               const Eigen::VectorXd& theta, Eigen::VectorXd* gradient, LmlWorkspace& workspace) {
  const Eigen::Index n = x.rows();
  const Eigen::Index lengthscales = kernel.lengthscale_count();
  const double signal_variance = std::exp(theta(kernel.signal_index()));
  const double noise_variance = std::exp(theta(kernel.noise_index()));
  cache_squared_differences(kernel, x, workspace);

  // r² = Σ_l S_l / ℓ_l², then K_f (and g when the gradient is wanted).
  Eigen::MatrixXd& covariance = workspace.k_noise_free;
  covariance.resize(n, n);
  covariance.setZero();
  for (Eigen::Index l = 0; l < lengthscales; ++l) {
    covariance += std::exp(-2.0 * theta(l)) * workspace.squared_differences[static_cast<std::size_t>(l)];
  }
  kernel.covariance_from_squared_distance(covariance, signal_variance,
                                          gradient ? &workspace.lengthscale_factor : nullptr);

  workspace.k = covariance;
  workspace.k.diagonal().array() += noise_variance;
  if (!workspace.cholesky.factorize(workspace.k)) {
    if (gradient) gradient->setZero(theta.size());
    return -std::numeric_limits<double>::infinity();
  }
  const Eigen::TriangularView<const Eigen::MatrixXd, Eigen::Lower> factor(workspace.k);

  Eigen::VectorXd& alpha = workspace.alpha;
  alpha = y;
  factor.solveInPlace(alpha);
  factor.transpose().solveInPlace(alpha);
  const double log_likelihood = -0.5 * y.dot(alpha) - workspace.k.diagonal().array().log().sum() -
                                0.5 * static_cast<double>(n) * std::log(2.0 * std::numbers::pi);
  if (!gradient) return log_likelihood;

  // W = ααᵀ − K_y⁻¹, with K_y⁻¹ from the factor by two triangular solves.
  Eigen::MatrixXd& weights = workspace.inverse;
  weights.setIdentity(n, n);
  factor.solveInPlace(weights);
  factor.transpose().solveInPlace(weights);
  weights = -weights;
  weights.noalias() += alpha * alpha.transpose();

  gradient->resize(theta.size());
  (*gradient)(kernel.signal_index()) = 0.5 * (weights.array() * covariance.array()).sum();
  (*gradient)(kernel.noise_index()) = 0.5 * noise_variance * weights.trace();
  workspace.lengthscale_factor.array() *= weights.array();
  for (Eigen::Index l = 0; l < lengthscales; ++l) {
    (*gradient)(l) = 0.5 * std::exp(-2.0 * theta(l)) *
                     (workspace.lengthscale_factor.array() *
                      workspace.squared_differences[static_cast<std::size_t>(l)].array())
                         .sum();
  }
  return log_likelihood;
}

}  // namespace bosim
