#include <cmath>
#include <limits>

#include "campaign/run_seeds.hpp"
#include "study/campaign_parameters.hpp"
#include "study/study.hpp"

namespace bosim {

double RandomizedFactor::draw(Rng& rng) const {
  if (distribution == Distribution::uniform) return rng.uniform(lower, upper);
  const double log_lower = std::log(lower);
  return std::exp(log_lower + (std::log(upper) - log_lower) * rng.uniform());
}

std::string RandomizedFactor::describe() const {
  return std::string(distribution == Distribution::uniform ? "uniform(" : "loguniform(") +
         to_string(ParameterValue(lower)) + ", " + to_string(ParameterValue(upper)) + ")";
}

CampaignSettings settings_for_run(const Study& study, const Configuration& configuration, std::uint32_t repeat,
                                  std::vector<double>& drawn_values) {
  CampaignSettings settings = configuration.settings;
  drawn_values.assign(study.randomized_factor_names.size(), std::numeric_limits<double>::quiet_NaN());
  Rng rng(RunSeeds::derive(study.seed, configuration.config_id, repeat).draws);
  // Draws follow the study-wide name order, so one run's values do not depend on
  // the order factors were written in its [[sweep]] table.
  for (std::size_t i = 0; i < study.randomized_factor_names.size(); ++i) {
    for (const auto& factor : configuration.randomized) {
      if (factor.name != study.randomized_factor_names[i]) continue;
      drawn_values[i] = factor.draw(rng);
      find_campaign_parameter(factor.name)->set(settings, drawn_values[i]);
    }
  }
  return settings;
}

}  // namespace bosim
