// One-hot encoding of a categorical variable: level i ↦ the i-th unit vector of R^L.
#pragma once

#include <Eigen/Core>

namespace bosim {

/// The codes of L levels, one row per level: the L × L identity. Two designs differing in one
/// variable are at squared distance 2 in its columns, so with SE-ARD over the columns
///   k ∝ exp(−(1/ℓ_a² + 1/ℓ_b²)/2)  for levels a ≠ b,
/// and with the columns of a variable sharing one ℓ ("one-hot-shared") k ∝ exp(−1/ℓ²), which is the
/// overlap kernel's factor exp(−1/ℓ_c) with ℓ_c = ℓ² (Garrido-Merchán & Hernández-Lobato 2020,
/// "Dealing with categorical and integer-valued variables in Bayesian optimization with Gaussian
/// processes", Neurocomputing 380, discuss one-hot inputs to standard kernels).
inline Eigen::MatrixXd one_hot_codes(Eigen::Index levels) { return Eigen::MatrixXd::Identity(levels, levels); }

}  // namespace bosim
