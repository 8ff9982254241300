// read_run_data: the per-run outcomes, trajectories and pool values of a results file, for metrics and comparisons.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace bosim {

/// Optimal designs described by name in summaries (a study may have many ties).
inline constexpr std::size_t max_described_optima = 5;

/// Per-run data of a results file, rows in /runs order (config_id, repeat).
struct RunDataView {
  std::vector<std::uint32_t> config_ids;
  std::vector<std::uint32_t> repeats;
  std::vector<bool> failed;
  std::vector<bool> found;
  std::vector<std::int32_t> experiments_to_optimum;  ///< −1 when not found
  std::vector<std::int32_t> iterations_to_optimum;   ///< −1 when not found

  /// /runs drawn_<factor> columns: the value drawn per run for each randomized factor (NaN where the run's
  /// configuration does not randomize it), factor names without the prefix.
  std::vector<std::string> drawn_factors;
  std::vector<std::vector<double>> drawn_values;  ///< per factor, per run

  /// /trajectories as runs × trajectory_width row-major matrices (NaN / −1 padded). A file of a study with
  /// store_trajectories = false has none (has_trajectories false, best_so_far and chosen empty); then
  /// experiments_spent says what each run performed and trajectory_width is the largest of them
  /// (analysis/spent_without_trajectories.hpp fills both).
  bool has_trajectories = true;
  std::size_t trajectory_width = 0;
  std::vector<double> best_so_far;
  std::vector<std::int32_t> chosen;
  std::vector<std::int32_t> experiments_spent;  ///< per run, only without trajectories

  /// /truth and the optimum_value attribute; absent (has_truth false) in files written before them.
  bool has_truth = false;
  std::vector<double> truth_values;
  std::vector<std::int32_t> optimal_designs;
  double optimum_value = std::numeric_limits<double>::quiet_NaN();
  /// From /truth/designs (files of bosim ≥ 0.9 with features): the feature names, and the first
  /// max_described_optima optimal designs as text per feature (a categorical feature's level name).
  std::vector<std::string> design_features;
  std::vector<std::vector<std::string>> optimal_design_texts;

  std::size_t runs() const { return config_ids.size(); }
  std::span<const double> best_so_far_of(std::size_t run) const {
    return std::span<const double>(best_so_far).subspan(run * trajectory_width, trajectory_width);
  }
  std::span<const std::int32_t> chosen_of(std::size_t run) const {
    return std::span<const std::int32_t>(chosen).subspan(run * trajectory_width, trajectory_width);
  }
  /// Experiments the run performed: the measured length of its trajectory, or experiments_spent[run].
  std::size_t experiments_performed(std::size_t run) const;
};

/// Reads /runs, /trajectories (when present) and /truth (when present); throws InputError naming the file and the
/// dataset when it is not a bosim results file, the datasets disagree in length, or a value is impossible
/// (results/run_data_checks.hpp).
RunDataView read_run_data(const std::string& path);

}  // namespace bosim
