// Thompson sampling: one joint draw from the posterior over all candidates.
#pragma once

#include <Eigen/Core>

#include "common/random.hpp"

namespace bosim {

/// Draws f ~ N(μ, Σ) jointly over the candidates (Thompson 1933; Russo et al.
/// 2018) as f = μ + L z, Σ + jI = L Lᵀ, z ~ N(0, I), with the smallest jitter j
/// (10⁻¹² … 10⁻⁴ of the mean diagonal) that makes Σ factorizable. The candidate
/// with the largest draw is chosen. Cost O(m³): bosim limits m (study validation).
/// Returns false when Σ cannot be factorized even with the largest jitter.
bool thompson_draw(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance, Rng& rng, Eigen::VectorXd& draw);

}  // namespace bosim
