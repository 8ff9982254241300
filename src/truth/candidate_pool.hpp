// Candidate pools: the finite set of designs a synthetic truth offers — the step grid, or a Sobol or Latin-hypercube
// sample of the design space.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>

#include "space/design_space.hpp"

namespace bosim {

enum class PoolKind {
  grid,             ///< "grid": every feasible point of the step grid (every feature needs a step)
  sobol,            ///< "sobol": digitally shifted Sobol points
  latin_hypercube,  ///< "lhs": a Latin hypercube sample
};

std::string to_string(PoolKind kind);
/// Study-file names "grid", "sobol", "lhs"; false when unknown.
bool parse_pool_kind(const std::string& name, PoolKind& kind);

struct PoolSpec {
  PoolKind kind = PoolKind::sobol;
  Eigen::Index size = 1000;  ///< points drawn for sobol and lhs (ignored for grid)
};

/// Largest pool a synthetic truth may build (the grid or the requested sample).
inline constexpr double max_pool_size = 1e6;

/// The pool in raw units, one design per row. Sobol and LHS points are drawn in
/// the unit cube from `seed` (the same seed gives the same pool), mapped to raw
/// units with DesignSpace::from_unit, snapped to the step of every feature that
/// has one, written as the shortest decimal (see shortest_decimal), and kept when
/// feasible and not a duplicate of an earlier point — so a snapped pool can be
/// smaller than size. Throws std::invalid_argument for a grid pool of a space
/// that is not a grid, an empty result, or more than max_pool_size points.
Eigen::MatrixXd make_candidate_pool(const DesignSpace& space, const PoolSpec& spec, std::uint64_t seed);

/// The double nearest to value printed with 12 significant digits: grid values
/// computed as lower + k·step (0.2 + 33·0.01 = 0.5300000000000001) become the
/// number a user types (0.53), so that listed designs and CSV round trips match exactly.
double shortest_decimal(double value);

}  // namespace bosim
