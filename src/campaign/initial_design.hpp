// Initial designs of a campaign: random without replacement, Latin hypercube snapped to the pool, or listed by the
// user.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "campaign/campaign_settings.hpp"
#include "common/random.hpp"
#include "truth/ground_truth.hpp"

namespace bosim {

/// Picks settings.n_init distinct pool designs.
/// - random: the first n_init entries of a Fisher–Yates shuffle of 0..N−1 (Knuth, TAOCP vol. 2,
///   Algorithm 3.4.2P) drawn step by step, so a smaller n_init picks a prefix of a larger one
///   with the same seed;
/// - latin_hypercube: a Latin hypercube of n_init points in [0,1]^D (McKay, Beckman & Conover 1979),
///   u_id = (π_d(i) + U_id)/n_init, each point snapped in turn to the nearest unused pool design
///   (Euclidean distance in unit-scaled space, ties to the lowest index);
/// - listed: the pool designs equal to the user's rows (raw units); throws std::invalid_argument
///   when one is not in the pool (study validation reports it earlier with its position).
/// unit_designs are truth.designs() mapped by the design space's to_unit().
std::vector<Eigen::Index> choose_initial_designs(const GroundTruth& truth, const Eigen::MatrixXd& unit_designs,
                                                 const CampaignSettings& settings, Rng& rng);

/// Index of the pool design nearest to `point` (unit-scaled, Euclidean) among those with
/// available[i] true; ties to the lowest index; −1 when none is available.
Eigen::Index nearest_available_design(const Eigen::MatrixXd& unit_designs, const Eigen::RowVectorXd& point,
                                      const std::vector<bool>& available);

/// Pool index whose raw coordinates equal `raw` exactly, or −1.
Eigen::Index find_pool_design(const Eigen::MatrixXd& raw_designs, const std::vector<double>& raw);

}  // namespace bosim
