// Mean–variance acquisition: a fixed trade-off between predicted value and predicted variance.
#pragma once

#include "acquisition/acquisition.hpp"

namespace bosim {

/// a(x) = α μ(x) + (1 − α) σ²(x), 0 < α < 1 (BIG-MAP D1.10 workshop
/// proceedings, ../shared/papers/004). Note μ and σ² have different units:
/// α is meaningful only relative to the objective's scale.
inline void mean_variance(const AcquisitionInput& input, double alpha, Eigen::VectorXd& scores) {
  scores = alpha * input.mean + (1.0 - alpha) * input.stddev.array().square().matrix();
}

}  // namespace bosim
