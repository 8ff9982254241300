// /truth/designs: the pool's designs in raw units, with category labels as text, so /trajectories/chosen maps back.
#pragma once

#include <hdf5.h>

#include "truth/ground_truth.hpp"

namespace bosim {

/// Name of the dataset under /truth.
inline constexpr const char* truth_designs_dataset = "designs";

/// Writes /truth/designs: one compound row per pool design (row i = design index i, the numbers in
/// /trajectories/chosen), one column per feature named as the feature: float64 raw values, or for a
/// categorical feature its level name as fixed-length text (as long as the longest level). Not written for
/// a truth whose space has no features.
void write_truth_designs(hid_t truth_group, const GroundTruth& truth);

}  // namespace bosim
