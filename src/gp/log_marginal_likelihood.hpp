// Log marginal likelihood of GP hyperparameters and its analytic gradient.
#pragma once

#include <Eigen/Core>

#include "gp/kernel.hpp"

namespace bosim {

/// Buffers reused across evaluations for one training set (no allocation per evaluation).
struct LmlWorkspace {
  Eigen::MatrixXd k;            ///< K_y, then overwritten by its Cholesky factor
  Eigen::MatrixXd k_noise_free; ///< K_f
  Eigen::MatrixXd inverse;      ///< K_y⁻¹, then W = ααᵀ − K_y⁻¹
  Eigen::VectorXd alpha;
  std::vector<Eigen::MatrixXd> squared_differences;  ///< (x_d − x'_d)² per dimension, cached per training set
  const Eigen::MatrixXd* cached_for = nullptr;
  Eigen::Index cached_rows = -1;
};

/// log p(y | X, θ) = −½ yᵀα − Σ_i log L_ii − (n/2) log 2π
/// (Rasmussen & Williams 2006, Eq. 2.30 / Algorithm 2.1), and when gradient is
/// not null its derivative with respect to θ (Eq. 5.9):
///   ∂/∂θ_j = ½ tr((ααᵀ − K_y⁻¹) ∂K_y/∂θ_j).
/// Returns −∞ (gradient zero) when K_y cannot be factorized even with jitter.
double log_marginal_likelihood(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                               const Eigen::VectorXd& theta, Eigen::VectorXd* gradient, LmlWorkspace& workspace);

}  // namespace bosim
