// Pure exploration: choose the candidate the model is least certain about.
#pragma once

#include "acquisition/acquisition.hpp"

namespace bosim {

/// a(x) = σ(x): uncertainty sampling, the active-learning rule of
/// Jo et al. (Na-ion solid electrolytes; ../shared/papers/002) applied to one GP.
inline void pure_exploration(const AcquisitionInput& input, Eigen::VectorXd& scores) { scores = input.stddev; }

}  // namespace bosim
