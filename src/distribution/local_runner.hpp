// Local runner: executes a study's tasks in this process, in task order.
#pragma once

#include <vector>

#include "campaign/run_record.hpp"
#include "distribution/progress_reporter.hpp"
#include "distribution/task.hpp"

namespace bosim {

/// Runs every task of the study in one process and returns the records in task order.
std::vector<RunRecord> run_locally(const LoadedStudy& loaded, const std::vector<Task>& tasks,
                                   ProgressReporter& progress);

}  // namespace bosim
