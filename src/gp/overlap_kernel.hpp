// Overlap kernel: the factor exp(−Σ_j [c_j ≠ c'_j] / ℓ_j) over categorical columns, multiplied with a distance kernel.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "gp/kernel.hpp"

namespace bosim {

/// Mixed categorical/continuous covariance (encoding "overlap", gp/categorical_encoding.hpp):
///   k(x, x') = k_d(r) · exp(−Σ_j [c_j ≠ c'_j] / ℓ^c_j),
/// k_d the squared-exponential or Matérn 5/2 kernel over the continuous columns (σ_f² included),
/// c_j the level index of categorical variable j, one ℓ^c per variable. The categorical factor is an
/// exponentiated weighted Hamming (overlap) similarity, positive definite as a product of the
/// per-variable kernels exp(−[c ≠ c']/ℓ) = 1 on the diagonal and e^{−1/ℓ} < 1 off it (a compound-
/// symmetric matrix). Overlap kernels for categorical BO: Ru et al. 2020 (CoCaBO, ICML), product
/// with a continuous kernel as there; the exponentiated, per-variable-ℓ form as in Wan et al. 2021
/// (CASMOPOLITAN, ICML). Derivatives: ∂k/∂log ℓ^c_j = k · [c_j ≠ c'_j] / ℓ^c_j; the distance
/// length scales keep their derivative g(r) Δ²/ℓ² times the factor.
///
/// Multiplies out (n_a × n_b, holding k_d) by the factor between the rows of a and b; the overlap
/// columns are the kernel's last overlap_columns() columns.
void multiply_overlap_factor(const Kernel& kernel, const Eigen::Ref<const Eigen::MatrixXd>& a,
                             const Eigen::Ref<const Eigen::MatrixXd>& b, const Eigen::VectorXd& theta,
                             Eigen::Ref<Eigen::MatrixXd> out);

/// Packed lower-triangle mismatch indicators M_j (1 where c_j ≠ c'_j), one per overlap column,
/// appended to `packed` (the layout of log_marginal_likelihood's workspace).
void append_packed_mismatches(const Kernel& kernel, const Eigen::MatrixXd& x, std::vector<Eigen::VectorXd>& packed);

/// In place on packed vectors: K_f ← K_f ∘ F and, when given, g ← g ∘ F, with
/// F = exp(−Σ_j M_j / ℓ^c_j); mismatches[j] is M_j.
void multiply_packed_overlap_factor(const Kernel& kernel, const Eigen::VectorXd& theta,
                                    const Eigen::VectorXd* mismatches, Eigen::VectorXd& covariance,
                                    Eigen::VectorXd* lengthscale_factor);

/// ∂ log p / ∂ log ℓ^c_j = ½ tr(W ∂K/∂log ℓ^c_j) = ½ (W ∘ K_f) · M_j / ℓ^c_j with packed W (off-diagonal
/// doubled) and K_f including the factor, written into gradient at the overlap length scales' indices.
void overlap_gradient(const Kernel& kernel, const Eigen::VectorXd& theta, const Eigen::VectorXd* mismatches,
                      const Eigen::VectorXd& weights, const Eigen::VectorXd& covariance, Eigen::VectorXd& gradient);

}  // namespace bosim
