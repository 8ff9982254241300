#include "distribution/task.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include "campaign/campaign.hpp"

namespace bosim {

namespace {

/// Fault-injection hook for tests: BOSIM_FAIL_TASK="config:repeat[,config:repeat…]" makes those
/// runs throw inside the campaign's try block, exactly like a numerical failure would. No study
/// setting reaches it; it exists so tests can check that one failed run never stops a study.
const std::set<std::pair<std::uint32_t, std::uint32_t>>& injected_failures() {
  static const auto failures = [] {
    std::set<std::pair<std::uint32_t, std::uint32_t>> parsed;
    const char* text = std::getenv("BOSIM_FAIL_TASK");
    unsigned config = 0, repeat = 0;
    int consumed = 0;
    while (text != nullptr && std::sscanf(text, "%u:%u%n", &config, &repeat, &consumed) == 2) {
      parsed.emplace(config, repeat);
      text += consumed;
      text = *text == ',' ? text + 1 : nullptr;
    }
    return parsed;
  }();
  return failures;
}

}  // namespace

RunRecord execute_task(const LoadedStudy& loaded, const Task& task) {
  const Study& study = loaded.study;
  const Configuration& configuration = study.configurations.at(task.config_id);
  std::vector<double> drawn_values;
  const CampaignSettings settings = settings_for_run(study, configuration, task.repeat, drawn_values);
  RunRecord record;
  try {
    if (injected_failures().count({task.config_id, task.repeat}) > 0)
      throw std::runtime_error("fault injected by BOSIM_FAIL_TASK");
    record = run_campaign(*loaded.truth, settings, {study.seed, task.config_id, task.repeat});
  } catch (const std::exception& error) {
    record = RunRecord{};
    record.config_id = task.config_id;
    record.repeat = task.repeat;
    record.status = RunStatus::failed;
    record.message = error.what();
  }
  record.drawn_values = std::move(drawn_values);
  if (!study.store_trajectories) {  // not stored: neither the messages nor the journal carry them
    record.best_so_far = {};
    record.chosen = {};
  }
  return record;
}

}  // namespace bosim
