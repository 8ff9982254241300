// Results schema: every group, dataset, column and attribute name of a results file, and the storage of its
// per-run tables. The writers (results_file.cpp, run_tables.cpp, results_merge.cpp) and the readers
// (results_reader.cpp, read_run_data.cpp, read_results_summary.cpp) take the names from here; the /summary
// columns are listed in summary_layout.hpp, /truth/designs in truth_designs.hpp. Layout: results_file.hpp.
#pragma once

#include <hdf5.h>

namespace bosim::schema {

// ---- datasets and groups ------------------------------------------------------------------------
inline constexpr const char* configs = "configs";            ///< compound, one row per configuration
inline constexpr const char* runs = "runs";                  ///< compound, one row per run
inline constexpr const char* run_messages = "run_messages";  ///< variable-length text, one per run
inline constexpr const char* trajectories = "trajectories";  ///< group; absent with store_trajectories = false
inline constexpr const char* best_so_far = "best_so_far";    ///< in trajectories: float64 runs × width, NaN padded
inline constexpr const char* chosen = "chosen";              ///< in trajectories: int32 runs × width, −1 padded
inline constexpr const char* trajectories_best_so_far = "trajectories/best_so_far";
inline constexpr const char* trajectories_chosen = "trajectories/chosen";
inline constexpr const char* summary = "summary";  ///< compound, one row per configuration (summary_layout.hpp)
inline constexpr const char* truth = "truth";      ///< group
inline constexpr const char* truth_values = "values";
inline constexpr const char* truth_optimal_designs = "optimal_designs";
inline constexpr const char* truth_values_path = "truth/values";
inline constexpr const char* truth_optimal_designs_path = "truth/optimal_designs";
inline constexpr const char* truth_designs_path = "truth/designs";  ///< its columns: truth_designs.hpp

// ---- /configs columns (then one per campaign parameter, then randomized) --------------------------
inline constexpr const char* config_sweep = "sweep";
inline constexpr const char* config_randomized = "randomized";

// ---- /runs columns, in file order (then drawn_<factor> per randomized factor) ---------------------
inline constexpr const char* config_id = "config_id";
inline constexpr const char* repeat = "repeat";
inline constexpr const char* seed = "seed";
inline constexpr const char* status = "status";  ///< fixed-length text: status_ok or status_failed
inline constexpr const char* experiments_to_optimum = "experiments_to_optimum";
inline constexpr const char* iterations_to_optimum = "iterations_to_optimum";
inline constexpr const char* found = "found";
inline constexpr const char* best_value = "best_value";
inline constexpr const char* n_fits = "n_fits";
inline constexpr const char* fit_failures = "fit_failures";
inline constexpr const char* wall_seconds = "wall_seconds";
inline constexpr const char* drawn_prefix = "drawn_";
inline constexpr const char* status_ok = "ok";
inline constexpr const char* status_failed = "failed";
inline constexpr std::size_t status_width = 6;  ///< bytes of the status column: "failed"

// ---- attributes of / ------------------------------------------------------------------------------
inline constexpr const char* schema_version = "schema_version";
inline constexpr const char* bosim_version = "bosim_version";
inline constexpr const char* instruction_set = "instruction_set";
inline constexpr const char* source_revision = "source_revision";
inline constexpr const char* study_name = "study_name";
inline constexpr const char* study_seed = "seed";
inline constexpr const char* repeats = "repeats";
inline constexpr const char* study_toml = "study_toml";
inline constexpr const char* input_files = "input_files";
inline constexpr const char* created = "created";
inline constexpr const char* truth_description = "truth";
inline constexpr const char* objective = "objective";
inline constexpr const char* goal = "goal";
inline constexpr const char* optimum_value = "optimum_value";
inline constexpr const char* shard_index = "shard_index";  ///< shard files only (bosim run --shard k/K)
inline constexpr const char* shard_count = "shard_count";
inline constexpr const char* study_runs = "study_runs";

// ---- storage of the per-run tables ----------------------------------------------------------------
/// /runs, /run_messages and both /trajectories matrices are chunked along the runs with the same number
/// of rows per chunk (run_chunk_rows in hdf5_writing.hpp), shuffled and deflated, and written block by
/// block of that many rows, so that the writer holds one block, never the whole study.
inline constexpr hsize_t max_chunk_runs = 1024;
inline constexpr hsize_t chunk_byte_budget = hsize_t{1} << 20;  ///< per trajectory chunk
inline constexpr unsigned deflate_level = 4;

}  // namespace bosim::schema
