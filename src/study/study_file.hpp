// Study file parsing: the TOML text of a study → a Study with its configurations expanded, before any data is loaded.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "study/study.hpp"

namespace bosim {

/// Where the settings of one configuration were written, so that checks made
/// after expansion (here and against the ground truth) point at the right key.
struct ConfigurationOrigin {
  SourcePosition table;  ///< its [[sweep]] table, or [campaign] when there is no sweep
  /// parameter → its sweep factor or [campaign]/[model] key; for a file (initial_data, prior_data) the value
  /// that named it, e.g. the element of a [[sweep]] list.
  std::map<std::string, SourcePosition> keys;

  /// The key that set parameter, or the table when it kept its built-in default.
  const SourcePosition& of(const std::string& parameter) const;
};

/// A parsed study with the source positions later checks need.
struct ParsedStudy {
  Study study;
  std::vector<ConfigurationOrigin> origins;          ///< one per configuration
  SourcePosition truth_where;                        ///< the [truth] table
  SourcePosition truth_path_where;                   ///< the [truth] path value
  std::vector<SourcePosition> initial_design_where;  ///< one per row of [campaign] initial_designs
  /// Per row of initial_designs: the text of each value given as a string (a categorical feature's level,
  /// its number left NaN until study/listed_design_levels.hpp resolves it), "" for numbers.
  std::vector<std::vector<std::string>> initial_design_texts;
  SourcePosition init_box_where;                          ///< the [campaign.init_box] table
  std::map<std::string, SourcePosition> init_box_bounds;  ///< feature → its [lower, upper] value
};

/// Most configurations one study may expand to (a guard against a runaway Cartesian product).
inline constexpr std::size_t max_configurations = 1000000;

/// Most runs (configurations × repeats) one study may have. Rank 0 holds a task list and every
/// record in memory (about 4 KB per run), so more would exhaust any node's memory long before the
/// study ended; split such a study into several (e.g. by sweep) instead.
inline constexpr std::uint64_t max_total_runs = 100'000'000;

/// Parses and expands a study file's text without touching the disk: checks
/// every key, type, choice and range, and the cross-field rules that need no
/// data (bound pairs ordered, listed initial designs present and of n_init rows,
/// budget ≥ n_init, a budget with replacement, init_box and initial_data present
/// when an init needs them, initial_data only with init = "data"). Configurations
/// carry their data files' names only (CampaignSettings::initial_data_file,
/// prior_data_file); attach_measured_data reads them. path is used for messages, the default name (its stem) and
/// to resolve the dataset path (relative to its folder). Study::inputs holds the
/// study file only.
ParsedStudy parse_study_text(const std::string& text, const std::string& path);

}  // namespace bosim
