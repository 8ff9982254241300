// Results file: the HDF5 layout of a study's results (attributes, /configs, /runs, /trajectories, /summary).
#pragma once

#include <hdf5.h>

#include <functional>
#include <string>
#include <vector>

#include "campaign/run_record.hpp"
#include "results/run_tables.hpp"
#include "stats/summary_statistics.hpp"
#include "study/study.hpp"

namespace bosim {

/// Writes the whole results file for a study from its runs in (config_id, repeat) order, a block at a
/// time (write_run_tables), so the file's per-run tables never sit in memory uncompressed. The file is
/// built in memory (HDF5's core driver; compressed tables) and written to a
/// temporary name beside `path` and renamed into place, so a crash never
/// leaves a half-written results file. Throws InputError when `path` exists
/// and `force` is false, or when the disk cannot take the file (write_hdf5_file).
/// `add`, when given, writes more into the file before it is renamed into place (the shard attributes).
///
/// Layout (schema version results_schema_version; names in results_schema.hpp):
///   attributes of /: schema_version, bosim_version, instruction_set and source_revision (of the build;
///     absent before bosim recorded them), study_name, seed, repeats,
///     study_toml, input_files (path=hash lines), created (UTC ISO 8601),
///     truth (description), objective, goal, optimum_value (expected value of the optimal designs;
///     absent in files of bosim before the /truth group, which readers treat as optional)
///   /configs       compound, one row per configuration: config_id, sweep, then one column per
///                  campaign parameter (campaign_parameters() order; text as fixed-length strings),
///                  randomized (text, e.g. "delta~uniform(0, 60)")
///   /runs          compound, one row per run: config_id, repeat, seed, status ("ok"/"failed"),
///                  experiments_to_optimum, iterations_to_optimum, found, best_value, n_fits,
///                  fit_failures, wall_seconds, drawn_<factor> per randomized factor
///   /run_messages  variable-length strings, one per run (empty unless failed)
///   /trajectories/best_so_far  float64 runs × max experiments, NaN padded
///   /trajectories/chosen       int32  runs × max experiments, −1 padded
///                  (the /trajectories group is absent when the study sets store_trajectories = false)
///   /runs, /run_messages and /trajectories are chunked along the runs alike (run_chunk_rows), shuffle + deflate
///   /summary       compound, one row per configuration (ConfigSummary fields)
///   /truth/values           float64, expected value of every pool design (objective units and sign)
///   /truth/optimal_designs  int32, pool indices of the designs that tie with the best value
///   /truth/designs          compound, one row per pool design: each feature's raw value (float64) or, for a
///                           categorical feature, its level name (fixed-length text); see truth_designs.hpp
void write_results_file(const std::string& path, const Study& study, const GroundTruth& truth, OrderedRuns& runs,
                        bool force, const std::function<void(hid_t file)>& add = {});
/// The same from records in memory, in any order (RecordsInMemory sorts them).
void write_results_file(const std::string& path, const Study& study, const GroundTruth& truth,
                        std::vector<RunRecord> records, bool force, const std::function<void(hid_t file)>& add = {});

/// The input_files attribute of a study's results: one "path=hash" line per input (Study::inputs).
std::string input_files_text(const Study& study);

/// True when `path` is a results file written by this build for this study: the same study_toml,
/// input_files and build (bosim_version, instruction_set, source_revision), and a shard file of shard
/// `shard_index` of `shard_count` exactly when shard_count > 0. False for anything else, including a
/// file that is not HDF5. `bosim run --resume` uses it to recognise results written just before a kill
/// struck while the journal was being deleted; since a run is a pure function of study, inputs and
/// build, such a file holds exactly the results the journal would give.
bool results_file_written_for(const std::string& path, const Study& study, std::uint32_t shard_index,
                              std::uint32_t shard_count);

/// What `bosim summary` needs from a results file.
struct ResultsSummaryView {
  std::string study_name;
  std::string objective;
  std::string goal;
  std::vector<std::string> parameter_names;  ///< /configs columns after config_id and sweep
  /// /configs cells as text, one vector per configuration (same order as parameter_names).
  std::vector<std::vector<std::string>> config_cells;
  std::vector<std::uint32_t> config_ids;
  std::vector<std::string> randomized;  ///< per configuration
  std::vector<ConfigSummary> summaries;
  std::uint64_t total_runs = 0;
  std::uint64_t failed_runs = 0;
  /// (config_id, repeat, message) of failed runs.
  struct Failure {
    std::uint32_t config_id;
    std::uint32_t repeat;
    std::string message;
  };
  std::vector<Failure> failures;
  /// Whether the file holds /trajectories (not with store_trajectories = false), which the metrics of
  /// `bosim summary` need; without them only the stored /summary can be shown.
  bool has_trajectories = true;
};

/// Reads a results file for summarizing; throws InputError naming the file and
/// the dataset or attribute when it is not a bosim results file.
ResultsSummaryView read_results_summary(const std::string& path);

}  // namespace bosim
