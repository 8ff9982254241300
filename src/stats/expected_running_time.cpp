#include "stats/expected_running_time.hpp"

#include <cmath>
#include <limits>
#include <tuple>

namespace bosim {

namespace {

/// ERT from the summed experiments and the successes of a (re)sample.
double ert_of(double experiments, double successes) {
  if (successes > 0.0) return experiments / successes;
  return std::numeric_limits<double>::infinity();
}

}  // namespace

double expected_running_time(const std::vector<CensoredRuntime>& runs) {
  if (runs.empty()) return std::numeric_limits<double>::quiet_NaN();
  double experiments = 0.0, successes = 0.0;
  for (const CensoredRuntime& run : runs) {
    experiments += run.experiments;
    successes += run.reached ? 1.0 : 0.0;
  }
  return ert_of(experiments, successes);
}

double success_rate(const std::vector<CensoredRuntime>& runs) {
  if (runs.empty()) return std::numeric_limits<double>::quiet_NaN();
  double successes = 0.0;
  for (const CensoredRuntime& run : runs) successes += run.reached ? 1.0 : 0.0;
  return successes / static_cast<double>(runs.size());
}

Interval bootstrap_ert_interval(const std::vector<CensoredRuntime>& runs, std::uint64_t seed) {
  const auto ert = [&](std::span<const std::size_t> indices, std::span<double> out) {
    double experiments = 0.0, successes = 0.0;
    for (const std::size_t index : indices) {
      experiments += runs[index].experiments;
      successes += runs[index].reached ? 1.0 : 0.0;
    }
    out[0] = ert_of(experiments, successes);
  };
  return bootstrap_intervals(runs.size(), 1, ert, bootstrap_confidence, bootstrap_resamples, seed).front();
}

double rank_value(const CensoredRuntime& run) {
  return run.reached ? run.experiments : std::numeric_limits<double>::infinity();
}

bool ranks_before(const ErtRankKey& a, const ErtRankKey& b) {
  const auto key = [](const ErtRankKey& k) {
    return std::make_tuple(std::isnan(k.ert) ? std::numeric_limits<double>::infinity() : k.ert,
                           std::isnan(k.success_rate) ? 0.0 : -k.success_rate, k.config_id);
  };
  return key(a) < key(b);
}

}  // namespace bosim
