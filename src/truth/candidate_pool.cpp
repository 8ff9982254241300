// Candidate pools: grid enumeration, Sobol and Latin-hypercube samples snapped to the grid and filtered for
// feasibility.
#include "truth/candidate_pool.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <set>
#include <stdexcept>
#include <vector>

#include "common/random.hpp"
#include "truth/sobol_sequence.hpp"

namespace bosim {
namespace {

/// A Latin hypercube of count points in [0, 1)^D: each column is a random
/// permutation of the strata 0..count−1, each point uniform within its stratum
/// (McKay, Beckman & Conover, Technometrics 21, 1979).
Eigen::MatrixXd latin_hypercube(Eigen::Index count, Eigen::Index dimension, Rng& rng) {
  Eigen::MatrixXd points(count, dimension);
  std::vector<Eigen::Index> strata(static_cast<size_t>(count));
  for (Eigen::Index d = 0; d < dimension; ++d) {
    std::iota(strata.begin(), strata.end(), Eigen::Index{0});
    for (Eigen::Index i = count - 1; i > 0; --i)  // Fisher–Yates
      std::swap(strata[static_cast<size_t>(i)],
                strata[static_cast<size_t>(rng.uniform_index(static_cast<std::uint64_t>(i + 1)))]);
    for (Eigen::Index i = 0; i < count; ++i)
      points(i, d) = (static_cast<double>(strata[static_cast<size_t>(i)]) + rng.uniform()) / static_cast<double>(count);
  }
  return points;
}

/// Sobol/LHS unit coordinates of categorical features remapped so that every level gets an equal share: u in
/// [k/L, (k+1)/L) becomes level k, at unit position k/(L − 1). (Snapping u·(L − 1) to the nearest level would
/// give the first and last levels half the share of the others.)
Eigen::MatrixXd equal_level_shares(const DesignSpace& space, Eigen::MatrixXd unit) {
  for (const Eigen::Index j : space.categorical_features()) {
    const auto levels = static_cast<double>(space.features()[static_cast<size_t>(j)].levels.size());
    for (Eigen::Index i = 0; i < unit.rows(); ++i) {
      const double level = std::min(std::floor(unit(i, j) * levels), levels - 1.0);
      unit(i, j) = levels > 1.0 ? level / (levels - 1.0) : 0.0;
    }
  }
  return unit;
}

/// Snaps, canonicalizes and filters sampled raw points, dropping duplicates (first occurrence kept).
Eigen::MatrixXd snapped_feasible(const DesignSpace& space, const Eigen::MatrixXd& raw) {
  Eigen::MatrixXd kept(raw.rows(), raw.cols());
  std::set<std::vector<double>> seen;
  Eigen::Index count = 0;
  for (Eigen::Index i = 0; i < raw.rows(); ++i) {
    Eigen::RowVectorXd point = space.snap(raw.row(i));
    for (Eigen::Index j = 0; j < point.size(); ++j) point[j] = shortest_decimal(point[j]);
    if (!space.is_feasible(point)) continue;
    if (!seen.insert(std::vector<double>(point.data(), point.data() + point.size())).second) continue;
    kept.row(count++) = point;
  }
  kept.conservativeResize(count, Eigen::NoChange);
  return kept;
}

}  // namespace

std::string to_string(PoolKind kind) {
  switch (kind) {
    case PoolKind::grid:
      return "grid";
    case PoolKind::sobol:
      return "sobol";
    case PoolKind::latin_hypercube:
      return "lhs";
  }
  return "?";
}

bool parse_pool_kind(const std::string& name, PoolKind& kind) {
  for (PoolKind candidate : {PoolKind::grid, PoolKind::sobol, PoolKind::latin_hypercube})
    if (to_string(candidate) == name) {
      kind = candidate;
      return true;
    }
  return false;
}

double shortest_decimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.12g", value);
  return std::strtod(text, nullptr) + 0.0;  // + 0.0: -0 becomes +0
}

Eigen::MatrixXd make_candidate_pool(const DesignSpace& space, const PoolSpec& spec, std::uint64_t seed) {
  Eigen::MatrixXd pool;
  if (spec.kind == PoolKind::grid) {
    if (!space.is_grid()) throw std::invalid_argument("pool = \"grid\" needs a step for every feature");
    if (space.grid_size() > max_pool_size)
      throw std::invalid_argument("the grid has " + std::to_string(space.grid_size()) + " points, more than " +
                                  std::to_string(static_cast<long>(max_pool_size)) + "; use pool = \"sobol\"");
    pool = space.grid();
    for (Eigen::Index i = 0; i < pool.rows(); ++i)
      for (Eigen::Index j = 0; j < pool.cols(); ++j) pool(i, j) = shortest_decimal(pool(i, j));
  } else {
    if (spec.size < 1 || static_cast<double>(spec.size) > max_pool_size)
      throw std::invalid_argument("pool_size must be between 1 and " +
                                  std::to_string(static_cast<long>(max_pool_size)));
    const auto dimension = space.dimension();
    Eigen::MatrixXd unit;
    if (spec.kind == PoolKind::sobol) {
      unit = shifted_sobol_points(spec.size, static_cast<int>(dimension), seed);
    } else {
      Rng rng(seed);
      unit = latin_hypercube(spec.size, dimension, rng);
    }
    pool = snapped_feasible(space, space.from_unit(equal_level_shares(space, unit)));
  }
  if (pool.rows() == 0) throw std::invalid_argument("the candidate pool is empty (no feasible design)");
  return pool;
}

}  // namespace bosim
