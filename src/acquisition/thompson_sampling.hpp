// Thompson sampling: one joint draw from the posterior over all candidates.
#pragma once

#include <Eigen/Core>

#include "common/random.hpp"
#include "gp/jittered_cholesky.hpp"

namespace bosim {

/// Relative jitters 10⁻¹², 10⁻¹⁰, …, 10⁻⁴ of the mean diagonal (after none): smaller than the
/// GP's, since a posterior covariance over many close candidates is nearly singular by nature
/// and a large jitter would add spurious independent noise to the draw.
inline constexpr JitterLadder thompson_jitter_ladder{-12, -4, 2};

/// Draws f ~ N(μ, Σ) jointly over the candidates (Thompson 1933; Russo et al.
/// 2018) as f = μ + L z, Σ + εI = L Lᵀ, z ~ N(0, I), with the smallest jitter ε
/// of thompson_jitter_ladder that makes Σ factorizable (JitteredCholesky). The
/// candidate with the largest draw is chosen. Cost O(m³): bosim limits m (study validation).
/// When the mean diagonal of Σ is ≤ 0 (no variance left) the draw is μ.
/// Returns false when Σ cannot be factorized even with the largest jitter or is not finite.
bool thompson_draw(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance, Rng& rng, Eigen::VectorXd& draw);

}  // namespace bosim
