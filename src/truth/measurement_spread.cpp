// Objective range and measurement spread: exact for datasets and Gaussian noise, sampled for other truths.
#include "truth/measurement_spread.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "truth/dataset_truth.hpp"
#include "truth/observation_noise.hpp"

namespace bosim {
namespace {

/// Sampling plan of the estimate for truths without a closed form.
constexpr Eigen::Index sampled_designs = 50;
constexpr int measurements_per_design = 8;
constexpr std::uint64_t sampling_seed = 0x5eed5eedULL;

/// Sample standard deviation (n − 1 in the denominator); 0 for fewer than 2 values.
double sample_sd(const std::vector<double>& values) {
  // Equal values have no spread; the formula would leave rounding residue (the mean of equal doubles can differ
  // from them in the last bit).
  if (values.size() < 2 || std::all_of(values.begin(), values.end(), [&](double v) { return v == values[0]; }))
    return 0.0;
  double mean = 0.0;
  for (const double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  double squares = 0.0;
  for (const double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

MeasurementSpread dataset_spread(const DatasetTruth& truth) {
  MeasurementSpread spread;
  double sum = 0.0;
  int designs = 0;
  for (Eigen::Index i = 0; i < truth.size(); ++i) {
    if (truth.replicates(i).size() < 2) continue;
    sum += sample_sd(truth.replicates(i));
    ++designs;
  }
  spread.has_replicates = designs > 0;
  spread.data = designs > 0 ? sum / designs : 0.0;
  const std::string over = std::to_string(designs) + " of " + std::to_string(truth.size()) + " designs";
  if (!spread.has_replicates) {
    spread.how = "no design has 2 or more rows: no replicate spread to measure";
  } else if (truth.replicate_policy() == ReplicatePolicy::sample) {
    spread.seen = spread.data;
    spread.how = "mean within-design SD of the replicates (" + over + " with >= 2 rows); each measurement draws one";
  } else {
    spread.how = "none: replicates = \"mean\" measures every design's mean; the replicates' own spread is " +
                 number(spread.data) + " (" + over + ")";
  }
  return spread;
}

/// Estimate from repeated measurements of designs spread evenly over the pool.
MeasurementSpread sampled_spread(const GroundTruth& truth) {
  MeasurementSpread spread;
  Rng rng(sampling_seed);
  const Eigen::Index designs = std::min(sampled_designs, truth.size());
  std::vector<double> values(measurements_per_design);
  double sum = 0.0;
  for (Eigen::Index k = 0; k < designs; ++k) {
    const Eigen::Index design = k * truth.size() / designs;
    for (double& value : values) value = truth.measure(design, rng);
    sum += sample_sd(values);
  }
  spread.seen = sum / static_cast<double>(designs);
  spread.how = spread.seen == 0.0 ? "none: measurements are exact"
                                  : "mean SD of " + std::to_string(measurements_per_design) +
                                        " measurements of each of " + std::to_string(designs) + " designs (estimate)";
  return spread;
}

MeasurementSpread noisy_spread(const NoisyTruth& truth) {
  MeasurementSpread spread = measurement_spread(truth.inner());
  const ObservationNoise& noise = truth.noise();
  double noise_sd = noise.sd;
  std::string noise_text = "absolute noise sd " + number(noise.sd);
  if (noise.kind == ObservationNoise::Kind::relative) {
    double magnitude = 0.0;
    for (Eigen::Index i = 0; i < truth.size(); ++i) magnitude += std::abs(truth.expected_value(i));
    noise_sd = noise.sd * magnitude / static_cast<double>(truth.size());
    noise_text = "relative noise sd " + number(noise.sd) + " x mean |value| = " + number(noise_sd);
  }
  const double inner = spread.seen;
  spread.seen = std::sqrt(inner * inner + noise_sd * noise_sd);
  spread.how = inner == 0.0 ? noise_text : noise_text + ", combined with " + number(inner) + " (" + spread.how + ")";
  return spread;
}

}  // namespace

ObjectiveRange objective_range(const GroundTruth& truth) {
  ObjectiveRange range{truth.expected_value(0), truth.expected_value(0)};
  for (Eigen::Index i = 1; i < truth.size(); ++i) {
    range.lowest = std::min(range.lowest, truth.expected_value(i));
    range.highest = std::max(range.highest, truth.expected_value(i));
  }
  return range;
}

MeasurementSpread measurement_spread(const GroundTruth& truth) {
  if (const auto* noisy = dynamic_cast<const NoisyTruth*>(&truth)) return noisy_spread(*noisy);
  if (const auto* dataset = dynamic_cast<const DatasetTruth*>(&truth)) return dataset_spread(*dataset);
  return sampled_spread(truth);
}

}  // namespace bosim
