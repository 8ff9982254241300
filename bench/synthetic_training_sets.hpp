// The synthetic training sets of the GP-fit benchmarks (bench/fit_vs_nlopt.cpp, bench/fit_evaluations.cpp), so
// that both fit the same sets from the same starts.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstdint>

#include "common/random.hpp"

namespace bosim::bench {

constexpr Eigen::Index synthetic_dimension = 4;
constexpr int synthetic_sets_per_size = 8;

/// Set `set` (0 … synthetic_sets_per_size − 1) of size n: points uniform in the unit 4-cube and the response
/// sin(3 x₁) cos(2 x₂) + x₃ x₄ + 0.05 ε, ε ~ N(0, 1), standardized to mean 0 and variance 1; all drawn from
/// Rng(100 + set).
inline void synthetic_training_set(Eigen::Index n, int set, Eigen::MatrixXd& x, Eigen::VectorXd& y) {
  Rng rng(100 + static_cast<std::uint64_t>(set));
  x.resize(n, synthetic_dimension);
  for (Eigen::Index i = 0; i < x.size(); ++i) x(i) = rng.uniform();
  y.resize(n);
  for (Eigen::Index i = 0; i < n; ++i)
    y(i) = std::sin(3.0 * x(i, 0)) * std::cos(2.0 * x(i, 1)) + x(i, 2) * x(i, 3) + 0.05 * rng.normal();
  y = ((y.array() - y.mean()) / std::sqrt((y.array() - y.mean()).square().mean())).matrix();
}

/// The Rng seed of set `set`'s fits, hence of its random starts.
inline std::uint64_t synthetic_fit_seed(int set) { return 7 + static_cast<std::uint64_t>(set); }

}  // namespace bosim::bench
