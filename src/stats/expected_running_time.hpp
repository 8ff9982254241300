// Expected running time (COCO): a failure-aware average of experiments to the optimum.
#pragma once

#include <cstdint>
#include <vector>

#include "stats/bootstrap.hpp"

namespace bosim {

/// One run's runtime to the optimum, possibly censored: `experiments` is its experiments to the
/// optimum when `reached`, else the experiments it spent before it stopped (budget or pool exhausted).
struct CensoredRuntime {
  double experiments = 0.0;
  bool reached = false;
};

/// Expected running time (Hansen et al. 2021, "COCO: a platform for comparing continuous optimizers in a
/// black-box setting", Optim. Methods Softw. 36:114; Auger & Hansen 2005):
///   ERT = Σ_runs experiments spent / #successful runs,
/// unsuccessful runs counted at what they spent. It is the expected experiments of restarting
/// independent runs until one succeeds; +∞ with no success, NaN with no runs. Without unsuccessful
/// runs ERT is the mean experiments to optimum.
double expected_running_time(const std::vector<CensoredRuntime>& runs);

/// Success rate: #reached / #runs (NaN with no runs).
double success_rate(const std::vector<CensoredRuntime>& runs);

/// 95 % percentile bootstrap CI of the ERT (runs resampled; stats/bootstrap.hpp). A bound is +∞ when
/// that share of resamples had no success.
Interval bootstrap_ert_interval(const std::vector<CensoredRuntime>& runs, std::uint64_t seed);

/// The value a paired rank test compares: experiments to optimum, +∞ for a run that missed it, so
/// a miss ranks worse than any success and two misses tie.
double rank_value(const CensoredRuntime& run);

/// A setting's place in the failure-aware ranking of the pretune decisions (`bosim summary --recommend`, racing).
struct ErtRankKey {
  double ert = 0.0;           ///< NaN (no runs) ranks as +∞
  double success_rate = 0.0;  ///< NaN ranks as 0
  std::uint32_t config_id = 0;
};
/// Lower ERT first, then the higher success rate, then the lower config_id (a total order).
bool ranks_before(const ErtRankKey& a, const ErtRankKey& b);

}  // namespace bosim
