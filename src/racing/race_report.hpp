// Race report: what a raced study did — per configuration the repeats it ran and how it left the race, per round
// the settings still racing and the runs spent (written to /racing of the results file).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "study/racing_settings.hpp"

namespace bosim {

/// How a configuration ended the race.
enum class RaceOutcome : std::uint8_t {
  best,        ///< the best of its scope after the last round it ran
  survived,    ///< still racing at max_repeats, not significantly worse than the best
  equivalent,  ///< declared equivalent to the best (paired difference CI inside ±equivalence); stopped
  eliminated,  ///< significantly worse than the best; stopped
};

/// The outcome names in RaceOutcome order (results and JSON map a name to its enumerator by position).
inline const std::vector<std::string>& race_outcome_names() {
  static const std::vector<std::string> names = {"best", "survived", "equivalent", "eliminated"};
  return names;
}
inline const std::string& to_string(RaceOutcome outcome) {
  return race_outcome_names()[static_cast<std::size_t>(outcome)];
}

struct RacedConfiguration {
  std::uint32_t config_id = 0;
  std::uint32_t repeats = 0;  ///< repeats run: those of every round it took part in
  RaceOutcome outcome = RaceOutcome::survived;
  /// 1-based round after which it left the race (eliminated, equivalent), or its last round (best, survived).
  std::uint32_t round = 0;
  /// Holm-adjusted p-value of its last paired comparison with the best (NaN for the best).
  double p_value = std::numeric_limits<double>::quiet_NaN();
  /// (1 − 2α) Hodges–Lehmann CI of its paired difference to the best, experiments (NaN for the best).
  double difference_low = std::numeric_limits<double>::quiet_NaN();
  double difference_high = std::numeric_limits<double>::quiet_NaN();
};

struct RaceRound {
  std::uint32_t round = 0;    ///< 1-based
  std::uint32_t repeats = 0;  ///< repeats of every setting racing in it, once it ended
  std::uint32_t racing = 0;   ///< settings that ran in it
  std::uint32_t left = 0;     ///< of these, settings still racing after its decision
  std::uint64_t runs = 0;     ///< runs spent through this round (cumulative)
};

struct RaceReport {
  RacingSettings settings;
  std::vector<RacedConfiguration> configurations;  ///< by config_id
  std::vector<RaceRound> rounds;                   ///< the rounds run, in order
  std::uint64_t full_runs = 0;                     ///< configurations × max_repeats: the study without racing
};

}  // namespace bosim
