// Initial designs of a campaign: random, Latin hypercube snapped to the pool, listed by the user, drawn from a biased
// region (the worst designs, a box), or given as measured data.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "campaign/campaign_settings.hpp"
#include "common/random.hpp"
#include "truth/ground_truth.hpp"

namespace bosim {

/// Picks settings.n_init pool designs, distinct unless settings.replacement.
/// - random: the first n_init entries of a Fisher–Yates shuffle of 0..N−1 (Knuth, TAOCP vol. 2,
///   Algorithm 3.4.2P) drawn step by step, so a smaller n_init picks a prefix of a larger one
///   with the same seed; with replacement n_init independent uniform draws from 0..N−1;
/// - latin_hypercube: a Latin hypercube of n_init points in [0,1]^D (McKay, Beckman & Conover 1979),
///   u_id = (π_d(i) + U_id)/n_init, each point snapped in turn to the nearest unused pool design
///   (Euclidean distance in unit-scaled space, ties to the lowest index; any design with replacement);
///   a categorical feature's column instead takes levels drawn stratified (each of L levels ⌊n/L⌋
///   times, the remaining n mod L distinct levels at random, in random order), and the snap keeps
///   those levels when it can (nearest_available_design);
/// - listed: the pool designs equal to the user's rows (raw units);
/// - worst / box: as random, but from worst_designs() / designs_in_box() instead of the whole pool;
/// - data: settings.initial_data->pool_designs, in file order.
/// Throws std::invalid_argument when the choice is impossible (a listed design not in the pool, a
/// region smaller than n_init without replacement); study validation reports these earlier with
/// their position. unit_designs are truth.designs() mapped by the design space's to_unit().
std::vector<Eigen::Index> choose_initial_designs(const GroundTruth& truth, const Eigen::MatrixXd& unit_designs,
                                                 const CampaignSettings& settings, Rng& rng);

/// The worst ⌈fraction·N⌉ pool designs (at least one) by expected value — lowest for a maximize
/// goal, highest for minimize — in ascending pool index; ties at the cut go to the lower index.
std::vector<Eigen::Index> worst_designs(const GroundTruth& truth, double fraction);

/// Pool designs whose raw value of every named feature lies in [lower, upper] (bounds included), in
/// ascending pool index. Throws std::invalid_argument when a feature is not one of the truth's.
std::vector<Eigen::Index> designs_in_box(const GroundTruth& truth, const std::vector<FeatureInterval>& box);

/// Index of the pool design nearest to `point` (unit-scaled) among those with available[i] true;
/// ties to the lowest index; −1 when none is available. Without categorical features the distance is
/// Euclidean. With them (the listed columns), designs compare by (number of categorical columns that
/// differ from the point's, Euclidean distance over the other columns) lexicographically: the snap keeps
/// the point's categories whenever an available design has them, and only then measures distance.
Eigen::Index nearest_available_design(const Eigen::MatrixXd& unit_designs, const Eigen::RowVectorXd& point,
                                      const std::vector<bool>& available,
                                      const std::vector<Eigen::Index>& categorical_features = {});

/// Pool index whose raw coordinates equal `raw` exactly, or −1.
Eigen::Index find_pool_design(const Eigen::MatrixXd& raw_designs, const std::vector<double>& raw);

}  // namespace bosim
