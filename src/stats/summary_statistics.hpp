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

/// Description of a sample (e.g. experiments to optimum of the runs that found it): moments, type-7
/// quartiles, 95 % bootstrap CI of the mean (stats/bootstrap.hpp) and Tukey's box-plot whiskers (Tukey 1977,
/// Exploratory Data Analysis): the most extreme values within 1.5 IQR of the quartiles. std is the sample
/// standard deviation (n − 1; 0 for one value). Every field is NaN for an empty sample.
struct SampleSummary {
  double mean = 0.0, std = 0.0, median = 0.0, q25 = 0.0, q75 = 0.0, min = 0.0, max = 0.0;
  double ci_low = 0.0, ci_high = 0.0;
  double whisker_low = 0.0, whisker_high = 0.0;
};
SampleSummary describe_sample(const std::vector<double>& values, std::uint64_t bootstrap_seed);

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
/// experiments_to_optimum of the runs that found the optimum; statistics from
/// describe_sample with the bootstrap seed mix_seed(bootstrap_seed_root, config_id).
ConfigSummary summarize(std::uint32_t config_id, const std::vector<double>& experiments_of_found_runs,
                        std::uint32_t runs, std::uint32_t failed_runs);

}  // namespace bosim
