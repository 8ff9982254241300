// check_run_data: rejects a results file whose /runs, /trajectories or /truth hold values no bosim run writes
// (a hand-edited or damaged file), so the summary never ranks impossible numbers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "results/read_run_data.hpp"
#include "results/results_schema.hpp"

namespace bosim {

/// The /runs status texts a results file may hold (results_file.hpp: "ok" or "failed").
inline const std::vector<std::string>& known_run_statuses() {
  static const std::vector<std::string> statuses{schema::status_ok, schema::status_failed};
  return statuses;
}

/// What the checks compare the runs with, read from the same file.
struct RunDataLimits {
  std::vector<std::string> statuses;      ///< /runs status, one per run
  std::vector<std::uint32_t> config_ids;  ///< /configs config_id
  std::int64_t repeats = -1;              ///< root attribute `repeats` (−1 when absent)
};

/// Throws InputError naming `path` and the dataset when a value is impossible: an unknown status; a
/// config_id not in /configs; a repeat ≥ `repeats` or a (config_id, repeat) pair twice; experiments to
/// optimum other than −1 or 1 … trajectory width, or disagreeing with `found`; iterations to optimum
/// other than −1 or 0 … experiments − 1; a chosen design outside −1 (padding) … pool size − 1; an
/// optimal design outside the pool.
void check_run_data(const RunDataView& view, const RunDataLimits& limits, const std::string& path);

}  // namespace bosim
