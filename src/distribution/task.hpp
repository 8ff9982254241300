// Task: one (configuration, repeat) of a study — the unit of work handed to a process — and its execution.
#pragma once

#include <cstdint>
#include <vector>

#include "campaign/run_record.hpp"
#include "study/study.hpp"

namespace bosim {

struct Task {
  std::uint32_t config_id = 0;
  std::uint32_t repeat = 0;

  template <class Archive>
  void serialize(Archive& archive, const unsigned int /*version*/) {
    archive& config_id& repeat;
  }
};

/// Runs one task: draws its randomized factors, runs the campaign, and turns any
/// exception into a record with status failed and the exception's message, so
/// one bad run never stops a study. Pure function of (study, task). With store_trajectories = false the
/// record's best_so_far and chosen are left empty. For tests, the environment
/// variable BOSIM_FAIL_TASK="config:repeat,…" makes the listed runs fail (fault injection).
RunRecord execute_task(const LoadedStudy& loaded, const Task& task);

}  // namespace bosim
