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
  Eigen::MatrixXd factor;   ///< the Cholesky factor L of K_y (lower triangle, padded rows: gp/cholesky_inverse.hpp)
  Eigen::MatrixXd inverse;  ///< K_y⁻¹ (lower triangle, padded rows)
  Eigen::MatrixXd inverse_factor;      ///< U = L⁻ᵀ (upper triangle, padded rows), from which α and K_y⁻¹ follow
  Eigen::VectorXd covariance;          ///< packed r², then K_f
  Eigen::VectorXd lengthscale_factor;  ///< packed g(r) (see Kernel::covariance_from_squared_distance), then W ∘ g
  Eigen::VectorXd weights;             ///< packed W = ααᵀ − K_y⁻¹, off-diagonal entries doubled
  Eigen::VectorXd alpha;
  Eigen::VectorXd projected_targets;             ///< Uᵀ y on the way to α
  Eigen::VectorXd full_gradient;                 ///< the profiled likelihood's gradient over all of θ
  Eigen::VectorXd inverse_squared_lengthscales;  ///< 1/ℓ_l² = exp(−2 log ℓ_l), for K_f and the gradient
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

/// The log-space box of σ_f² and σ_n² (from Kernel::log_bounds) that the profiled likelihood keeps them in.
struct VarianceBox {
  double log_signal_min, log_signal_max, log_noise_min, log_noise_max;
};

/// The log marginal likelihood with the signal variance profiled out (maximized in closed form), a
/// function of η = [log ℓ_1, …, log ℓ_L, log ℓ^c_1, …, log λ] (θ without log σ_f², and λ = σ_n²/σ_f²):
///   K_y = σ_f² (R + λI),  σ̂_f² = yᵀ(R + λI)⁻¹y / n,
///   log p = −n/2 − (n/2) log σ̂_f² − ½ log|R + λI| − (n/2) log 2π
/// (the concentrated likelihood of kriging: Jones, Schonlau & Welch 1998, J. Global Optim. 13, Section 2, with μ = 0).
/// log p is concave in log σ_f² for fixed η, so within the box the best σ_f² is σ̂_f² clamped into [σ_f,min², σ_f,max²]
/// ∩ [σ_n,min²/λ, σ_n,max²/λ]: the maximum over η in profiled_bounds equals the maximum of log_marginal_likelihood over
/// Kernel::log_bounds, with one dimension fewer. The gradient follows from the full one at θ (Eq. 5.9) and the chain
/// rule; log p is continuously differentiable. `theta` receives the full θ (σ_f² and σ_n² = λσ_f² included). Returns −∞
/// (gradient zero) when R + λI cannot be factorized even with jitter. Computes with subnormals flushed to zero.
double profiled_log_marginal_likelihood(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                        const Eigen::VectorXd& reduced, const VarianceBox& box,
                                        Eigen::VectorXd* gradient, Eigen::VectorXd& theta, LmlWorkspace& workspace);

/// η of a full θ: θ without log σ_f², its last entry log λ = log σ_n² − log σ_f².
Eigen::VectorXd profiled_parameters(const Kernel& kernel, const Eigen::VectorXd& theta);

/// The box of η from that of θ (lower, upper from Kernel::log_bounds): the length scales' bounds and
/// log λ ∈ [log σ_n,min² − log σ_f,max², log σ_n,max² − log σ_f,min²], the ratios the θ box allows.
void profiled_bounds(const Kernel& kernel, const VarianceBox& box, const Eigen::VectorXd& lower,
                     const Eigen::VectorXd& upper, Eigen::VectorXd& reduced_lower, Eigen::VectorXd& reduced_upper);

}  // namespace bosim
