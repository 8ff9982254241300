// fill_experiments_spent: what runs of a file without /trajectories spent, from their configurations' budgets.
#include "analysis/spent_without_trajectories.hpp"

#include <gtest/gtest.h>

#include "common/input_error.hpp"

namespace bosim {
namespace {

/// Three configurations over a pool of 50: budget 20; no budget (the pool); budget 80 with replacement and
/// continue_after_optimum.
ResultsSummaryView three_configs() {
  ResultsSummaryView summary;
  summary.config_ids = {0, 1, 2};
  summary.parameter_names = {"acquisition", "budget", "replacement", "continue_after_optimum"};
  summary.config_cells = {{"ei", "20", "false", "false"}, {"ei", "0", "false", "false"}, {"ucb", "80", "true", "true"}};
  return summary;
}

RunDataView runs_of(std::vector<std::uint32_t> configs, std::vector<std::int32_t> to_optimum) {
  RunDataView runs;
  runs.has_trajectories = false;
  runs.has_truth = true;
  runs.truth_values.assign(50, 0.0);
  runs.config_ids = std::move(configs);
  runs.experiments_to_optimum = std::move(to_optimum);
  for (const std::int32_t e : runs.experiments_to_optimum) {
    runs.found.push_back(e > 0);
    runs.failed.push_back(false);
  }
  return runs;
}

TEST(ExperimentsSpent, FoundRunsStopAtTheOptimumAndTheOthersSpendTheirLimit) {
  RunDataView runs = runs_of({0, 0, 1, 1, 2, 2}, {7, -1, 12, -1, 9, -1});
  fill_experiments_spent(three_configs(), runs, "r.h5");
  // Budget 20; the whole pool of 50; budget 80 with replacement, going on after the optimum.
  EXPECT_EQ(runs.experiments_spent, (std::vector<std::int32_t>{7, 20, 12, 50, 80, 80}));
  EXPECT_EQ(runs.trajectory_width, 80u);
  EXPECT_EQ(runs.experiments_performed(1), 20u);
}

TEST(ExperimentsSpent, AnOptimumBeyondTheLimitOrAMissingPoolIsAnInputError) {
  RunDataView runs = runs_of({0}, {21});
  try {
    fill_experiments_spent(three_configs(), runs, "r.h5");
    ADD_FAILURE() << "accepted 21 experiments under a budget of 20";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "r.h5: error: /runs: row 0 (config 0) found the optimum after 21 experiments, beyond its "
              "configuration's limit of 20 (not a value bosim writes; was the file edited?)");
  }
  runs = runs_of({0}, {3});
  runs.has_truth = false;
  EXPECT_THROW(fill_experiments_spent(three_configs(), runs, "r.h5"), InputError);
}

TEST(ExperimentsSpent, AFileWithTrajectoriesIsLeftAsItIs) {
  RunDataView runs = runs_of({0}, {-1});
  runs.has_trajectories = true;
  fill_experiments_spent(three_configs(), runs, "r.h5");
  EXPECT_TRUE(runs.experiments_spent.empty());
}

}  // namespace
}  // namespace bosim
