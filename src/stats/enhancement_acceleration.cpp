#include "stats/enhancement_acceleration.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bosim {

std::vector<double> enhancement_factor(const std::vector<double>& bayesian, const std::vector<double>& random) {
  std::vector<double> factor(std::min(bayesian.size(), random.size()));
  for (std::size_t n = 0; n < factor.size(); ++n)
    factor[n] = random[n] != 0.0 ? bayesian[n] / random[n] : std::numeric_limits<double>::quiet_NaN();
  return factor;
}

std::int32_t experiments_to_reach(const std::vector<double>& curve, double target) {
  const auto reached = std::find_if(curve.begin(), curve.end(), [&](double value) { return value >= target; });
  return reached == curve.end() ? -1 : static_cast<std::int32_t>(reached - curve.begin() + 1);
}

LevelAcceleration acceleration_at_level(const std::vector<double>& bayesian, const std::vector<double>& random,
                                        double level, std::int64_t pool_size) {
  LevelAcceleration result;
  result.level = level;
  result.experiments_bayesian = experiments_to_reach(bayesian, level);
  const std::int32_t random_experiments = experiments_to_reach(random, level);
  result.random_from_expectation = random_experiments < 0;
  result.experiments_random = random_experiments >= 0 ? static_cast<double>(random_experiments)
                                                      : std::ceil(level * static_cast<double>(pool_size));
  result.factor = result.experiments_bayesian > 0 && pool_size > 0
                      ? result.experiments_random / static_cast<double>(result.experiments_bayesian)
                      : std::numeric_limits<double>::quiet_NaN();
  return result;
}

EnhancementMaximum enhancement_maximum(const std::vector<double>& enhancement) {
  EnhancementMaximum maximum{std::numeric_limits<double>::quiet_NaN(), -1};
  for (std::size_t n = 0; n < enhancement.size(); ++n)
    if (!std::isnan(enhancement[n]) && (maximum.experiment < 0 || enhancement[n] > maximum.value))
      maximum = {enhancement[n], static_cast<std::int32_t>(n + 1)};
  return maximum;
}

}  // namespace bosim
