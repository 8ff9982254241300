// Study: a validated study file — ground truth, configurations (the expanded sweeps), repeats and seed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "campaign/campaign_settings.hpp"
#include "common/input_error.hpp"
#include "common/random.hpp"
#include "study/racing_settings.hpp"
#include "truth/command_truth.hpp"
#include "truth/dataset_truth.hpp"
#include "truth/emulator_truth.hpp"
#include "truth/expression_truth.hpp"
#include "truth/function_truth.hpp"
#include "truth/ground_truth.hpp"
#include "truth/nucleation_layer_truth.hpp"
#include "truth/observation_noise.hpp"

namespace bosim {

/// The kinds of ground truth a study can name in [truth] kind.
enum class TruthKind {
  dataset,           ///< "dataset": replay a measured CSV table
  nucleation_layer,  ///< "nucleation-layer": the synthetic sodium half-cell model
  function,          ///< "function": an analytic test function
  emulator,          ///< "emulator": a GP fitted to a CSV table, queried anywhere
  expression,        ///< "expression": a closed-form model written in the study file
  command,           ///< "command": the user's own model, an external program
};
std::string to_string(TruthKind kind);

/// A factor whose value is drawn afresh for every repeat (reference study Fig. 6c:
/// randomized hyperparameters). Given as {uniform=[a,b]} or {loguniform=[a,b]}.
struct RandomizedFactor {
  enum class Distribution { uniform, loguniform };
  std::string name;  ///< a randomizable campaign parameter
  Distribution distribution = Distribution::uniform;
  double lower = 0.0;
  double upper = 1.0;

  /// Draws a value: a + (b − a)u, or exp(log a + (log b − log a)u) for loguniform.
  double draw(Rng& rng) const;
  /// e.g. "uniform(0, 60)".
  std::string describe() const;
};

/// One point of the sweep: full settings plus the factors left random.
struct Configuration {
  std::uint32_t config_id = 0;
  CampaignSettings settings;
  std::vector<RandomizedFactor> randomized;
  /// Index of the [[sweep]] table that produced it (0-based; 0 when there is none).
  int sweep_index = 0;
};

/// An input file and the hash of its content when the study was loaded.
struct InputFile {
  std::string path;
  std::string hash;
};

/// The study as validated. Loading it also loads its ground truth.
struct Study {
  std::string name;
  std::string path;       ///< the study file
  std::string toml_text;  ///< its full text, stored in results
  std::uint64_t seed = 0;
  /// Repeats per configuration; with racing, the cap [racing] max_repeats (the worst case: no elimination).
  std::uint32_t repeats = 1;
  /// [racing]: repeats in rounds, settings eliminated between them (racing/race_scheduler.hpp); none without.
  std::optional<RacingSettings> racing;
  /// Whether the results file holds /trajectories (best value so far and design chosen at every experiment of
  /// every run). Off for huge studies: the per-run outcomes in /runs and the /summary remain.
  bool store_trajectories = true;

  TruthKind truth_kind = TruthKind::dataset;
  DatasetSpec dataset;                   ///< kind "dataset"
  NucleationLayerSpec nucleation_layer;  ///< kind "nucleation-layer"
  FunctionSpec function;                 ///< kind "function"
  EmulatorSpec emulator;                 ///< kind "emulator" (its data spec holds path, columns and goal)
  ExpressionSpec expression;             ///< kind "expression"
  CommandSpec command;                   ///< kind "command"
  ObservationNoise noise;                ///< [truth] noise, added to every measurement of any kind
  std::vector<Configuration> configurations;
  /// Union of randomized factor names over all configurations (the drawn_* columns of /runs).
  std::vector<std::string> randomized_factor_names;
  /// Names of the factors swept by some [[sweep]] table, in first-seen order.
  std::vector<std::string> swept_factor_names;
  std::vector<InputFile> inputs;  ///< the study file first, then data files

  std::uint64_t total_runs() const { return static_cast<std::uint64_t>(configurations.size()) * repeats; }
  /// The paths of `inputs`: files an output must never replace (check_output_path in common/output_path.hpp).
  std::vector<std::string> input_paths() const {
    std::vector<std::string> paths;
    for (const InputFile& input : inputs) paths.push_back(input.path);
    return paths;
  }
};

/// Seed of everything a synthetic truth draws once per study (its candidate pool, the emulator's fit and
/// search): mix(study seed, 7), a stream no run uses.
inline std::uint64_t truth_seed(const Study& study) { return mix_seed(study.seed, 7); }

/// A loaded study with its ground truth.
struct LoadedStudy {
  Study study;
  std::shared_ptr<const GroundTruth> truth;
};

/// Parses, expands and validates a study file (parse_study_text in
/// study/study_file.hpp), then loads its ground truth and checks every
/// configuration against it (check_against_truth in study/truth_checks.hpp:
/// n_init < pool size, listed designs exist, grid-snap needs a finite grid, …).
/// Throws InputError with file:line:column from TOML++ source regions; unknown
/// keys suggest the closest valid one. The format is described in docs/study-format.md.
LoadedStudy load_study(const std::string& path);

/// The settings of one run: the configuration with its randomized factors
/// drawn from the run's draws seed. drawn_values follows Study::randomized_factor_names (NaN where not drawn).
CampaignSettings settings_for_run(const Study& study, const Configuration& configuration, std::uint32_t repeat,
                                  std::vector<double>& drawn_values);

}  // namespace bosim
