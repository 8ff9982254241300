#include "distribution/local_runner.hpp"

namespace bosim {

std::vector<RunRecord> run_locally(const LoadedStudy& loaded, const std::vector<Task>& tasks,
                                   ProgressReporter& progress) {
  std::vector<RunRecord> records;
  records.reserve(tasks.size());
  for (const Task& task : tasks) {
    records.push_back(execute_task(loaded, task));
    progress.advance(1, records.back().status == RunStatus::failed ? 1 : 0);
  }
  return records;
}

}  // namespace bosim
