// Enhancement and acceleration factors of Bayesian optimization over random search (Liang et al. 2021).
#pragma once

#include <cstdint>
#include <vector>

namespace bosim {

/// Enhancement factor after each experiment (Liang et al. 2021, npj Comput. Mater. 7:188):
/// EF(n) = metric_BO(n) / metric_random(n), with metric a higher-is-better learning curve
/// such as the mean fraction of top-5 % designs found. Length is the shorter curve's; NaN where
/// metric_random(n) = 0.
std::vector<double> enhancement_factor(const std::vector<double>& bayesian, const std::vector<double>& random);

/// First experiment n (1-based) at which a higher-is-better curve reaches `target`; −1 when never.
std::int32_t experiments_to_reach(const std::vector<double>& curve, double target);

/// Acceleration factor (Liang et al. 2021): AF = n_random / n_BO, the ratio of the experiments
/// each curve needs to first reach `target`. NaN when either never reaches it.
double acceleration_factor(const std::vector<double>& bayesian, const std::vector<double>& random, double target);

}  // namespace bosim
