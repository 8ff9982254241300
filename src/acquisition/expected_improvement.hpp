// Expected improvement (EI) over the threshold τ = μ⁺ + δ.
#pragma once

#include "acquisition/acquisition.hpp"
#include "acquisition/normal_distribution.hpp"

namespace bosim {

/// EI(x) = σ(x) φ(z) + (μ(x) − τ) Φ(z),  z = (μ(x) − τ) / σ(x),  τ = μ⁺ + δ;
/// EI = 0 where σ = 0 (reference study Eq. 10; Jones, Schonlau & Welch 1998).
/// Evaluated as σ·h(z) with h(z) = φ(z) + zΦ(z) computed stably in the lower
/// tail, so distant candidates keep distinct, positive scores.
inline void expected_improvement(const AcquisitionInput& input, double delta, Eigen::VectorXd& scores) {
  const double threshold = input.best_observed_mean + delta;
  scores.resize(input.mean.size());
  for (Eigen::Index i = 0; i < scores.size(); ++i) {
    const double sigma = input.stddev[i];
    scores[i] = sigma > 0.0 ? sigma * expected_improvement_unit((input.mean[i] - threshold) / sigma) : 0.0;
  }
}

}  // namespace bosim
