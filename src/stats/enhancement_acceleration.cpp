#include "stats/enhancement_acceleration.hpp"

#include <algorithm>
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

double acceleration_factor(const std::vector<double>& bayesian, const std::vector<double>& random, double target) {
  const std::int32_t bayesian_experiments = experiments_to_reach(bayesian, target);
  const std::int32_t random_experiments = experiments_to_reach(random, target);
  if (bayesian_experiments < 0 || random_experiments < 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(random_experiments) / static_cast<double>(bayesian_experiments);
}

}  // namespace bosim
