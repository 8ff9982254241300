// Probability of improvement (PI) over the threshold τ = μ⁺ + δ.
#pragma once

#include "acquisition/acquisition.hpp"
#include "acquisition/normal_distribution.hpp"

namespace bosim {

/// PI(x) = Φ((μ(x) − τ) / σ(x)),  τ = μ⁺ + δ
/// (reference study Eq. 9; Kushner 1964). Where σ = 0 the limit is used:
/// 1 when μ > τ, else 0.
inline void probability_of_improvement(const AcquisitionInput& input, double delta, Eigen::VectorXd& scores) {
  const double threshold = input.best_observed_mean + delta;
  scores.resize(input.mean.size());
  for (Eigen::Index i = 0; i < scores.size(); ++i) {
    const double sigma = input.stddev[i];
    const double gap = input.mean[i] - threshold;
    scores[i] = sigma > 0.0 ? normal_cdf(gap / sigma) : (gap > 0.0 ? 1.0 : 0.0);
  }
}

}  // namespace bosim
