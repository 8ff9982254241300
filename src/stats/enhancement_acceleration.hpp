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

/// Acceleration at one Top% level (Liang et al. 2021): AF = n_random / n_BO, the experiments each mean
/// Top% curve (share of the top designs found) needs to first reach `level`. n_random comes from the
/// study's random curve when it reaches the level within its budget, else from the exact expectation of
/// random sampling without replacement, whose Top% after n draws is n/N (hypergeometric mean), so
/// n_random = ⌈level · N⌉. AF is NaN when the Bayesian curve never reaches the level.
struct LevelAcceleration {
  double level = 0.0;
  std::int32_t experiments_bayesian = -1;  ///< −1 when never reached
  double experiments_random = 0.0;
  bool random_from_expectation = false;
  double factor = 0.0;
};
LevelAcceleration acceleration_at_level(const std::vector<double>& bayesian, const std::vector<double>& random,
                                        double level, std::int64_t pool_size);

/// EF_max (Liang et al. 2021): the largest enhancement factor over experiments and the experiment (1-based)
/// where it occurs; NaN and −1 when no EF(n) is defined.
struct EnhancementMaximum {
  double value = 0.0;
  std::int32_t experiment = -1;
};
EnhancementMaximum enhancement_maximum(const std::vector<double>& enhancement);

}  // namespace bosim
