// Upper confidence bound (UCB) with an exploration weight that decays geometrically per iteration.
#pragma once

#include <cmath>

#include "acquisition/acquisition.hpp"

namespace bosim {

/// β_k = β₀ εᵏ, k = 0 at the first choice after the initial samples (reference study Sec. 3.2.3).
inline double ucb_beta(double beta0, double epsilon, int iteration) { return beta0 * std::pow(epsilon, iteration); }

/// UCB(x) = μ(x) + β_k σ(x)  (reference study Eq. 11; Srinivas et al. 2010).
inline void upper_confidence_bound(const AcquisitionInput& input, double beta0, double epsilon,
                                   Eigen::VectorXd& scores) {
  const double beta = ucb_beta(beta0, epsilon, input.iteration);
  scores = input.mean + beta * input.stddev;
}

}  // namespace bosim
