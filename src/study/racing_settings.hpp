// Racing settings: the [racing] table of a study — repeats in rounds, settings dropped once a paired test shows
// them worse than the best (issue 12; docs/study-format.md "Racing").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bosim {

/// Which settings a race compares: those of one acquisition with each other, or all of them together.
enum class RaceScope { acquisition, all };

/// The scope names in RaceScope order (the parser and the results map a name to its enumerator by position).
inline const std::vector<std::string>& race_scope_names() {
  static const std::vector<std::string> names = {"acquisition", "all"};
  return names;
}
inline const std::string& to_string(RaceScope scope) { return race_scope_names()[static_cast<std::size_t>(scope)]; }

/// The keys of [racing], in documentation order.
inline const std::vector<std::string>& racing_keys() {
  static const std::vector<std::string> keys = {"first_round", "round", "max_repeats", "alpha", "scope", "equivalence"};
  return keys;
}

inline constexpr std::uint32_t default_first_round = 10;
inline constexpr std::uint32_t default_round = 10;
inline constexpr std::uint32_t default_max_repeats = 100;
inline constexpr double default_race_alpha = 0.05;
/// Largest alpha a race accepts: above it a "significantly worse" verdict would be a coin flip.
inline constexpr double max_race_alpha = 0.5;

/// A validated [racing] table. Repeats run in rounds: repeats [0, first_round), then `round` more at a time up
/// to max_repeats; after each round the race eliminates settings (racing/elimination.hpp).
struct RacingSettings {
  std::uint32_t first_round = default_first_round;  ///< repeats every setting gets before any elimination
  std::uint32_t round = default_round;              ///< repeats per later round
  std::uint32_t max_repeats = default_max_repeats;  ///< the cap; the study's `repeats` (worst case) is set to it
  double alpha = default_race_alpha;                ///< family-wise level of the Holm-corrected paired tests
  RaceScope scope = RaceScope::acquisition;
  /// Margin in experiments below which a setting counts as equivalent to the best; 0 = not used.
  double equivalence = 0.0;

  /// The number of repeats every setting still racing has after round `index` (0 = the first round).
  std::uint32_t repeats_after_round(std::uint32_t index) const {
    const std::uint64_t repeats = static_cast<std::uint64_t>(first_round) + static_cast<std::uint64_t>(index) * round;
    return static_cast<std::uint32_t>(repeats < max_repeats ? repeats : max_repeats);
  }
  /// Rounds of a race that eliminates nothing: 1 + ceil((max_repeats − first_round) / round).
  std::uint32_t max_rounds() const { return 1 + (max_repeats - first_round + round - 1) / round; }
};

}  // namespace bosim
