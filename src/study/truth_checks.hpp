// Truth checks: the rules a study's configurations must meet against the loaded ground truth (pool size, grid, listed
// designs).
#pragma once

#include "study/study_file.hpp"
#include "truth/ground_truth.hpp"

namespace bosim {

/// Largest grid that grid-snap mode may enumerate.
inline constexpr double max_grid_snap_points = 5e6;
/// Largest candidate set for Thompson sampling, which draws one joint posterior
/// sample over all candidates (a Cholesky factor of their n×n covariance).
inline constexpr double max_thompson_candidates = 5000;

/// Checks every configuration against the ground truth: n_init < pool size and
/// 0 < budget ≤ pool size (or budget 0), both unless replacement; init = "worst"
/// and "box" regions hold at least n_init designs (one with replacement) and the
/// box names only features of the truth; listed initial designs have D values
/// and each equals one pool design exactly, with no design listed twice;
/// grid-snap needs a step for every feature and at most max_grid_snap_points
/// grid points; Thompson sampling at most max_thompson_candidates candidates
/// (pool size, or grid size in grid-snap). Throws InputError at the key concerned.
void check_against_truth(const ParsedStudy& parsed, const GroundTruth& truth);

}  // namespace bosim
