// FunctionTruth: an analytic test function (Branin, Hartmann, Ackley, Rosenbrock) as a ground truth over a grid,
// Sobol or Latin-hypercube pool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "truth/candidate_pool.hpp"
#include "truth/dataset_truth.hpp"
#include "truth/tabulated_truth.hpp"
#include "truth/test_functions.hpp"

namespace bosim {

/// What a study gives for kind "function".
struct FunctionSpec {
  TestFunctionKind function = TestFunctionKind::branin;
  int dimension = 0;  ///< 0: the function's default (Ackley and Rosenbrock take any)
  Goal goal = Goal::minimize;
  /// Empty: "grid" when every feature has a step (from [[truth.feature]]), else "sobol".
  std::optional<PoolKind> pool;
  Eigen::Index pool_size = 1000;
  std::vector<FeatureOverride> feature_overrides;  ///< features are named x1, x2, …
  std::vector<ConstraintSpec> constraints;         ///< the pool holds only designs that meet them
};

/// The function on its standard domain (features x1..xD, continuous unless a
/// step is given). The pool is drawn once from pool_seed (derived from the study
/// seed, so every run sees the same pool); measuring returns f exactly (noise is
/// added by NoisyTruth when the study asks for it). The optimum for
/// experiments-to-optimum is the best pool design — not the known global
/// minimum, which the pool rarely contains; describe() reports both.
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
  TestFunction function_;
  PoolKind pool_kind_;
};

}  // namespace bosim
