// Log marginal likelihood of GP hyperparameters and its analytic gradient.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "gp/jittered_cholesky.hpp"
#include "gp/kernel.hpp"

namespace bosim {

/// Buffers reused across evaluations (no allocation per evaluation once sized).
/// Symmetric n × n quantities are kept as packed lower triangles (column j holds
/// rows j … n−1), which halves the element-wise work, the exponentials included.
/// The squared differences depend only on X and are recomputed when X changes
/// (compared by value, so a caller may grow or overwrite one matrix in place).
struct LmlWorkspace {
  Eigen::MatrixXd k;           ///< K_y, then its Cholesky factor L, then L⁻¹, then K_y⁻¹ (lower triangles)
  Eigen::VectorXd covariance;  ///< packed r², then K_f
  Eigen::VectorXd lengthscale_factor;  ///< packed g(r) (see Kernel::covariance_from_squared_distance), then W ∘ g
  Eigen::VectorXd weights;             ///< packed W = ααᵀ − K_y⁻¹, off-diagonal entries doubled
  Eigen::VectorXd alpha;
  Eigen::VectorXd column;  ///< one column of a triangular product
  JitteredCholesky cholesky;
  /// Packed S_l, one per length-scale: (x_d − x'_d)² per dimension (ARD) or Σ_d (x_d − x'_d)² (isotropic).
  std::vector<Eigen::VectorXd> squared_differences;
  Eigen::MatrixXd cached_inputs;  ///< X for which squared_differences hold
};

/// log p(y | X, θ) = −½ yᵀα − Σ_i log L_ii − (n/2) log 2π
/// (Rasmussen & Williams 2006, Eq. 2.30 / Algorithm 2.1), and when gradient is
/// not null its derivative with respect to θ (Eq. 5.9):
///   ∂/∂θ_j = ½ tr((ααᵀ − K_y⁻¹) ∂K_y/∂θ_j), with
///   ∂K_y/∂log ℓ_l = g ∘ S_l / ℓ_l²,  ∂K_y/∂log σ_f² = K_f,  ∂K_y/∂log σ_n² = σ_n² I.
/// Any jitter the factorization needed is treated as a constant.
/// Returns −∞ (gradient zero) when K_y cannot be factorized even with jitter.
/// Computes with subnormal numbers flushed to zero (FlushSubnormals).
double log_marginal_likelihood(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                               const Eigen::VectorXd& theta, Eigen::VectorXd* gradient, LmlWorkspace& workspace);

}  // namespace bosim
