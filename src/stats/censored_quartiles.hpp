// Quartiles of running times over all runs, runs that missed the optimum included (censored).
#pragma once

#include <vector>

#include "stats/expected_running_time.hpp"

namespace bosim {

/// One quantile of censored running times: `value` is exact when `censored` is false; when true the
/// quantile falls among runs that missed the optimum and is only known to exceed `value`.
struct CensoredQuantile {
  double value = 0.0;
  bool censored = false;
};

/// Box-plot statistics over every run, runs that missed the optimum ranked worst (as in the paired
/// tests: stats/expected_running_time.hpp rank_value), so a setting that rarely succeeds never shows a
/// short box over its few successes.
///
/// Order: successes ascending, then misses ascending by what they spent. Each statistic is the type-7
/// quantile (stats/summary_statistics.hpp quantile_sorted) of that ordered sample with each miss at the
/// experiments it spent. A miss's running time exceeds what it spent and type 7 is increasing in every
/// order statistic, so where the quantile uses a miss with positive weight the true value exceeds the
/// one computed: it is reported as censored ("> value"). Without misses these are the ordinary type-7
/// quartiles. Whiskers (Tukey 1977): the most extreme values within 1.5 IQR of the quartiles, taken over
/// the same ordered sample; the high whisker is censored when it is a miss. NaN values with no runs.
struct CensoredBox {
  CensoredQuantile q25, median, q75, whisker_low, whisker_high;
};
CensoredBox censored_box(const std::vector<CensoredRuntime>& runs);

}  // namespace bosim
