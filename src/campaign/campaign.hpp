// run_campaign: one virtual Bayesian-optimization campaign against a ground truth.
#pragma once

#include <cstdint>

#include "campaign/campaign_settings.hpp"
#include "campaign/run_record.hpp"
#include "truth/ground_truth.hpp"

namespace bosim {

/// Identity of a run; its result is a pure function of (truth, settings, identity).
struct RunIdentity {
  std::uint64_t study_seed = 0;
  std::uint32_t config_id = 0;
  std::uint32_t repeat = 0;
};

/// Replays one campaign (reference study Sec. 4.2.1): choose n_init initial
/// designs (or take the initial data as measured), then repeatedly standardize
/// the observations (prior data included), fit the GP, score the candidates
/// with the acquisition and measure the best batch_size of them, chosen one by
/// one by the Kriging believer; stop when an optimal design has been measured
/// (unless continue_after_optimum), when the budget is spent, or when the pool
/// is empty. Candidates are the unobserved pool designs, or the whole pool with
/// replacement. Maximizes internally: a minimize goal negates every measurement.
/// Throws std::exception on failures that make the run meaningless (the caller
/// records the run as failed); numerical trouble in a GP fit is counted in
/// fit_failures and the run goes on.
RunRecord run_campaign(const GroundTruth& truth, const CampaignSettings& settings, const RunIdentity& identity);

/// Experiments a campaign performs when it does not stop at the optimum: the budget; without replacement at
/// most the pool, which also ends a campaign without a budget (budget ≤ 0). With replacement a budget ≤ 0
/// gives 0 (such a campaign cannot run).
std::int64_t experiment_limit(std::int64_t budget, bool replacement, std::int64_t pool_size);

}  // namespace bosim
