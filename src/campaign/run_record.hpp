// RunRecord: everything one virtual campaign reports, as stored in /runs and /trajectories.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bosim {

enum class RunStatus : std::uint8_t { ok = 0, failed = 1 };

/// Result of one run = one (configuration, repeat). Experiments count
/// measurements (designs) including the n_init initial ones, never prior data;
/// iterations count the acquisition-driven batches after them (one design each
/// when batch_size = 1).
struct RunRecord {
  std::uint32_t config_id = 0;
  std::uint32_t repeat = 0;
  std::uint64_t seed = 0;  ///< the run's own seed (see campaign/run_seeds.hpp)
  RunStatus status = RunStatus::ok;
  std::string message;  ///< error text when status is failed

  /// Experiments until the end of the batch in which an optimal design was first
  /// measured (initial ones included; the initial designs are batch 0); −1 when
  /// not found within the budget.
  std::int32_t experiments_to_optimum = -1;
  /// Batches after the initial designs up to that batch (0 when an initial design was optimal); −1 when
  /// not found. With batch_size = 1 these are Zhao et al.'s "extra tries".
  std::int32_t iterations_to_optimum = -1;
  bool found = false;
  /// Best expected value among the designs measured, in the objective's units and sign.
  double best_value = 0.0;
  std::int32_t n_fits = 0;        ///< hyperparameter optimizations performed
  std::int32_t fit_failures = 0;  ///< optimizations where every start failed (previous θ kept)
  double wall_seconds = 0.0;

  /// Best expected value so far after each experiment (objective units and sign).
  std::vector<double> best_so_far;
  /// Pool index of the design measured at each experiment.
  std::vector<std::int32_t> chosen;
  /// Values drawn for the study's randomized factors, in Study::randomized_factor_names order (NaN when not
  /// randomized).
  std::vector<double> drawn_values;

  template <class Archive>
  void serialize(Archive& archive, const unsigned int /*version*/) {
    archive& config_id& repeat& seed& status& message& experiments_to_optimum& iterations_to_optimum& found& best_value&
        n_fits& fit_failures& wall_seconds& best_so_far& chosen& drawn_values;
  }
};

}  // namespace bosim
