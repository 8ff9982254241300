// /racing of a raced study's results file: the race's settings, each configuration's outcome, each round.
#pragma once

#include <hdf5.h>

#include <optional>
#include <string>

#include "racing/race_report.hpp"

namespace bosim {

/// Name of the group a raced study's results file has (and a study without racing has not).
inline constexpr const char* racing_group_name = "racing";

/// Writes /racing (layout in docs/study-format.md "Racing" and results_file.hpp):
///   /racing/settings  compound, one row: first_round, round, max_repeats (uint32), alpha (float64),
///                     scope (text), equivalence (float64; 0 = none), full_runs (uint64, configurations ×
///                     max_repeats)
///   /racing/configs   compound, one row per configuration by config_id: config_id, repeats (uint32), outcome
///                     (text: best, survived, equivalent, eliminated), round (uint32, 1-based), p_value,
///                     difference_low, difference_high (float64; NaN for the best)
///   /racing/rounds    compound, one row per round run: round, repeats, racing, left (uint32), runs (uint64)
void write_racing_group(hid_t file, const RaceReport& report);

/// The race of a results file, or nothing for a study without racing. Throws InputError naming the file and
/// the dataset when /racing exists but cannot be read.
std::optional<RaceReport> read_racing_group(const std::string& path);

}  // namespace bosim
