// FunctionTruth: an analytic test function (Branin, Hartmann, Ackley, Rosenbrock) as a ground truth over a grid,
// Sobol or Latin-hypercube pool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "truth/candidate_pool.hpp"
#include "truth/dataset_truth.hpp"
#include "truth/tabulated_truth.hpp"
#include "truth/test_functions.hpp"

namespace bosim {

/// level_offsets = {feature = [o_0, …, o_{L−1}]}: what a categorical feature adds to f at each of its levels.
struct LevelOffsets {
  std::string feature;
  std::vector<double> offsets;  ///< one per level, in the feature's level order
  SourcePosition where;         ///< the feature's key in level_offsets
};

/// What a study gives for kind "function".
struct FunctionSpec {
  TestFunctionKind function = TestFunctionKind::branin;
  int dimension = 0;  ///< 0: the function's default (Ackley and Rosenbrock take any)
  Goal goal = Goal::minimize;
  /// Empty: "grid" when every feature has a step (from [[truth.feature]]), else "sobol".
  std::optional<PoolKind> pool;
  Eigen::Index pool_size = 1000;
  /// Features are named x1, x2, …; a categorical override with levels adds a categorical feature after them.
  std::vector<FeatureOverride> feature_overrides;
  std::vector<LevelOffsets> level_offsets;  ///< per categorical feature; a feature without offsets adds 0
  std::vector<ConstraintSpec> constraints;  ///< the pool holds only designs that meet them
};

/// The function on its standard domain (features x1..xD, continuous unless a
/// step is given). The pool is drawn once from pool_seed (derived from the study
/// seed, so every run sees the same pool); measuring returns f exactly (noise is
/// added by NoisyTruth when the study asks for it). The optimum for
/// experiments-to-optimum is the best pool design — not the known global
/// minimum, which the pool rarely contains; describe() reports both.
///
/// Mixed spaces: categorical features declared in [[truth.feature]] (kind = "categorical", levels = […])
/// follow x1..xD, and a design's value is f(x) + Σ_j o_j[c_j], the offsets o_j of level_offsets (0 when a
/// feature has none). The pool crosses the levels with the continuous pool (make_candidate_pool: a grid
/// takes every combination, Sobol/LHS give every level an equal share), so the category decides which
/// copy of f holds the optimum — a known answer for mixed-variable optimizers.
class FunctionTruth final : public TabulatedTruth {
 public:
  /// Throws InputError for bad overrides and std::invalid_argument for a bad
  /// dimension or pool.
  FunctionTruth(const FunctionSpec& spec, std::uint64_t pool_seed);

  std::string describe() const override;
  /// f at the design, exactly (its expected value).
  double measure(Eigen::Index design, Rng& rng) const override;

  const TestFunction& function() const { return function_; }
  PoolKind pool_kind() const { return pool_kind_; }

 private:
  /// f(x) + the level offsets of the design's categories, for a pool row (continuous features first).
  double value(const Eigen::RowVectorXd& design) const;

  TestFunction function_;
  PoolKind pool_kind_;
  /// Per categorical feature: its column and the offset of each level (zeros when not given).
  std::vector<std::pair<Eigen::Index, std::vector<double>>> level_offsets_;
};

}  // namespace bosim
