#include "distribution/task.hpp"

#include <exception>

#include "campaign/campaign.hpp"

namespace bosim {

std::vector<Task> expand_tasks(const Study& study) {
  std::vector<Task> tasks;
  tasks.reserve(static_cast<size_t>(study.total_runs()));
  for (const Configuration& configuration : study.configurations)
    for (std::uint32_t repeat = 0; repeat < study.repeats; ++repeat) tasks.push_back({configuration.config_id, repeat});
  return tasks;
}

RunRecord execute_task(const LoadedStudy& loaded, const Task& task) {
  const Study& study = loaded.study;
  const Configuration& configuration = study.configurations.at(task.config_id);
  std::vector<double> drawn_values;
  const CampaignSettings settings = settings_for_run(study, configuration, task.repeat, drawn_values);
  RunRecord record;
  try {
    record = run_campaign(*loaded.truth, settings, {study.seed, task.config_id, task.repeat});
  } catch (const std::exception& error) {
    record = RunRecord{};
    record.config_id = task.config_id;
    record.repeat = task.repeat;
    record.status = RunStatus::failed;
    record.message = error.what();
  }
  record.drawn_values = std::move(drawn_values);
  return record;
}

}  // namespace bosim
