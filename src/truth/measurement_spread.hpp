// Objective range and measurement spread of a ground truth: the scales against which thresholds such as δ are chosen.
#pragma once

#include <string>

#include "truth/ground_truth.hpp"

namespace bosim {

/// Range of the expected values over the pool.
struct ObjectiveRange {
  double lowest = 0.0, highest = 0.0;
};
ObjectiveRange objective_range(const GroundTruth& truth);

/// How much repeated measurements of one design differ: the mean over designs of the sample standard
/// deviation s = √(Σ(yᵢ − ȳ)²/(n − 1)) of a design's measurements (the reference study tied its best
/// δ ≈ 30 cycles to the ≈ 25-cycle spread between two cells of one composition).
///   dataset truth: exact, from the replicate rows of every design with ≥ 2 of them; with
///                  replicates = "mean" a campaign sees none of it (every measurement is the mean);
///   observation noise: absolute sd, or relative sd × mean |expected value| over the pool, combined
///                  with the inner truth's spread as √(s_inner² + s_noise²) (independent sources);
///   other truths: estimated by measuring up to 50 designs, spread over the pool, 8 times each with a
///                  fixed seed (0 for deterministic truths).
struct MeasurementSpread {
  double seen = 0.0;            ///< the spread a campaign's measurements have
  double data = 0.0;            ///< dataset truths: the replicates' spread in the file (also under "mean")
  bool has_replicates = false;  ///< dataset truths: some design has ≥ 2 rows
  std::string how;              ///< one line: how `seen` was obtained
};
MeasurementSpread measurement_spread(const GroundTruth& truth);

}  // namespace bosim
