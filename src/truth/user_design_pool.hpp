// UserDesignPool: the design space and candidate pool of a truth whose features the study defines itself (kinds
// "expression" and "command"): [[truth.feature]] bounds and steps, [[truth.constraint]]s, and a grid, Sobol or LHS
// pool, or a CSV of designs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "truth/candidate_pool.hpp"
#include "truth/constraint_spec.hpp"
#include "truth/dataset_truth.hpp"

namespace bosim {

/// What the study gives for the designs of a user-defined truth.
struct UserPoolSpec {
  /// Every feature, in order; lower and upper are required unless designs_path is given (then they default to
  /// the CSV's smallest and largest value).
  std::vector<FeatureOverride> features;
  std::vector<ConstraintSpec> constraints;
  /// Empty: "grid" when every feature has a step, else "sobol" (ignored with designs_path).
  std::optional<PoolKind> pool;
  Eigen::Index pool_size = 1000;
  std::string designs_path;  ///< a CSV of designs (a column per feature), resolved; empty: generate the pool
  SourcePosition where;      ///< the [truth] table, for errors without a better position
  SourcePosition designs_where;
};

/// The space and the pool.
struct UserDesignPool {
  DesignSpace space;
  Eigen::MatrixXd designs;  ///< raw units, one design per row, feasible
  PoolKind kind = PoolKind::grid;
  bool from_file = false;
};

/// Builds the space and draws the pool from seed (make_candidate_pool), or reads the designs CSV (every row kept
/// in file order; a row outside the bounds or violating a constraint is an InputError at its line). A categorical
/// feature takes its listed levels (value = level index; in a designs file, level names, by default the distinct
/// cells sorted bytewise). Throws InputError for a feature without bounds or levels, a missing column, a level not
/// listed, or an empty pool.
UserDesignPool make_user_design_pool(const UserPoolSpec& spec, std::uint64_t seed);

/// The designs as CSV text: header = feature names, one row per design, numbers printed with the fewest digits (15 to
/// 17) that read back exactly, a categorical feature's value as its level name.
std::string designs_csv(const DesignSpace& space, const Eigen::MatrixXd& designs, Eigen::Index first,
                        Eigen::Index count);

}  // namespace bosim
