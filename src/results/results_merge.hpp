// Results merge: shard files of an array job — written with shard attributes — combined into one results file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "campaign/run_record.hpp"
#include "results/run_tables.hpp"
#include "study/study.hpp"

namespace bosim {

/// Which slice of a study a shard file holds: shard `index` of `count` (1-based), out of
/// `study_runs` runs in the whole study. Stored as the attributes shard_index, shard_count and
/// study_runs of / (besides those of write_results_file).
struct ShardAttributes {
  std::uint32_t index = 1;
  std::uint32_t count = 1;
  std::uint64_t study_runs = 0;
};

/// Writes a shard's results: write_results_file's layout (its /summary covers this shard's runs
/// only) plus the shard attributes, added before the file is renamed into place so a shard file
/// always carries them. Throws InputError when `path` exists and `force` is false.
void write_shard_results_file(const std::string& path, const Study& study, const GroundTruth& truth, OrderedRuns& runs,
                              bool force, const ShardAttributes& shard);

/// Reads the shard attributes of a results file; throws InputError when it is not a shard file.
ShardAttributes read_shard_attributes(const std::string& path);

/// Combines shard files into the results file a single job would have written: /configs and /truth
/// copied from the first shard, /runs, /run_messages and /trajectories concatenated and ordered by
/// (config_id, repeat) (trajectories re-padded to the widest), /summary recomputed over all runs — all
/// four by write_run_tables, from the shards' rows read back a block at a time and merged in order,
/// the attributes of / copied without the shard attributes (`created` set to now).
///
/// Refuses (InputError, nothing written) files that are not shard files, that come from different
/// studies (study_toml or input_files differ) or different splits (shard_count, study_runs), that
/// repeat a shard or a run, and a set with shards missing (the message lists them). The output is
/// written to OUTPUT.partial-XXXXXX and renamed; an existing output needs `force`.
void merge_shard_files(const std::vector<std::string>& shard_paths, const std::string& output_path, bool force);

}  // namespace bosim
