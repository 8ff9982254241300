// Summary statistics of experiments-to-optimum per configuration: moments, quartiles, bootstrap CI.
#pragma once

#include <cstdint>
#include <vector>

#include "stats/bootstrap.hpp"

namespace bosim {

/// Linear-interpolation quantile of sorted values (Hyndman & Fan 1996, type 7,
/// numpy's default): h = (n − 1)p, q = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋). Equal neighbours (also ±∞)
/// return their value.
double quantile_sorted(const std::vector<double>& sorted, double p);

/// Summary of one configuration, as stored in /summary. Statistics describe
/// experiments_to_optimum over the runs that found the optimum; success_rate
/// is found / runs. With no successful run the statistics are NaN.
struct ConfigSummary {
  std::uint32_t config_id = 0;
  std::uint32_t runs = 0;
  std::uint32_t found = 0;
  std::uint32_t failed = 0;
  double mean = 0.0, std = 0.0, median = 0.0, q25 = 0.0, q75 = 0.0, min = 0.0, max = 0.0;
  double success_rate = 0.0;
  double ci_low = 0.0, ci_high = 0.0;  ///< 95 % bootstrap CI of the mean
};

/// Summarizes one configuration. `experiments_of_found_runs` holds
/// experiments_to_optimum of the runs that found the optimum. std is the
/// sample standard deviation (n − 1). Bootstrap: 2,000 resamples, seed
/// mix_seed(0x5EED, config_id).
ConfigSummary summarize(std::uint32_t config_id, const std::vector<double>& experiments_of_found_runs,
                        std::uint32_t runs, std::uint32_t failed_runs);

}  // namespace bosim
