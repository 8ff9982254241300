// Experiments spent by the runs of a file without /trajectories (store_trajectories = false), from each
// configuration's budget rule, so that ERT and everything ranked by it need only /runs.
#pragma once

#include "results/read_run_data.hpp"
#include "results/results_file.hpp"

namespace bosim {

/// For a file without trajectories (runs.has_trajectories false): sets runs.experiments_spent and
/// runs.trajectory_width (the largest). A run stops at the optimum unless its configuration continues after
/// it, else at experiment_limit(budget, replacement, pool size) (campaign.hpp), so a run that missed the
/// optimum, or went on past it, spent exactly that limit. Does nothing for a file with trajectories.
/// Throws InputError naming the file when the pool size is unknown (no /truth) or a run's
/// experiments_to_optimum exceeds its limit.
void fill_experiments_spent(const ResultsSummaryView& summary, RunDataView& runs, const std::string& path);

}  // namespace bosim
