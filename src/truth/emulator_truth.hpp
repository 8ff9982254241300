// EmulatorTruth: a Gaussian process fitted once to a dataset, answering anywhere in the continuous design space with
// its posterior mean (plus optional replicate-spread noise).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gp/gaussian_process.hpp"
#include "truth/candidate_pool.hpp"
#include "truth/dataset_truth.hpp"
#include "truth/tabulated_truth.hpp"

namespace bosim {

/// What a study gives for kind "emulator".
struct EmulatorSpec {
  DatasetSpec data;  ///< the dataset to emulate (its replicate policy is not used)
  /// Empty: "grid" when the dataset's space is a grid of at most max_default_grid points, else "sobol".
  std::optional<PoolKind> pool;
  Eigen::Index pool_size = 1000;
  KernelKind kernel = KernelKind::squared_exponential_ard;
  /// Add Gaussian noise with the dataset's pooled within-design standard deviation to every measurement.
  bool replicate_noise = false;
};

/// The emulator. Built by load():
///  1. read the dataset (DatasetTruth::load: replicates, bounds); every feature is
///     continuous unless its step is given in [[truth.feature]];
///  2. fit the GP hyperparameters by maximum likelihood (fit_hyperparameters,
///     6 starts, seed-derived) to every replicate row, inputs unit-scaled by the
///     dataset's design space, targets standardized (y − ȳ)/s_y;
///  3. the truth's value at x is the posterior mean μ(x) s_y + ȳ (Rasmussen &
///     Williams 2006, Eq. 2.25), deterministic;
///  4. the pool (grid, Sobol or LHS over the design space) is drawn from the pool seed;
///  5. the continuous optimum is found by dense search: the best of
///     max(4096, 1024 D) (at most 65,536) shifted Sobol points, refined by
///     compass search from the 5 best (step 1/16 of the unit cube, halved down
///     to 10⁻⁶) — reported by describe(). The optimum for experiments-to-optimum
///     is the best pool design.
/// With replicate_noise, measure() adds N(0, s_rep²) with the pooled within-design sd
///   s_rep = √( Σ_i Σ_r (y_ir − ȳ_i)² / Σ_i (n_i − 1) )  over designs with n_i ≥ 2.
class EmulatorTruth final : public TabulatedTruth {
 public:
  static constexpr double max_default_grid = 100000;

  /// Throws InputError for bad data (as DatasetTruth::load) or replicate_noise
  /// without replicates, std::runtime_error when no likelihood evaluation is finite.
  static EmulatorTruth load(const EmulatorSpec& spec, std::uint64_t seed);

  std::string describe() const override;
  /// The emulated value (expected_value), plus N(0, s_rep²) with replicate_noise.
  double measure(Eigen::Index design, Rng& rng) const override;

  /// Posterior mean in objective units at raw points (one per row).
  Eigen::VectorXd predict(const Eigen::MatrixXd& raw) const;
  /// The dense-search optimum in raw units and its emulated value.
  const Eigen::RowVectorXd& continuous_optimum() const { return optimum_point_; }
  double continuous_optimum_value() const { return optimum_value_; }
  /// Pooled within-design sd of the dataset (0 when no design has replicates).
  double replicate_sd() const { return replicate_sd_; }
  /// Fitted log-hyperparameters θ on standardized targets.
  const Eigen::VectorXd& hyperparameters() const { return gp_.hyperparameters(); }

 private:
  EmulatorTruth(const DatasetTruth& data, KernelKind kernel)
      : TabulatedTruth(data.goal(), data.objective_name()), gp_(Kernel(kernel, data.space().dimension())) {}
  /// μ at unit-scaled points, in objective units.
  Eigen::VectorXd predict_unit(const Eigen::MatrixXd& unit) const;
  void search_optimum(std::uint64_t seed);

  std::string path_;
  PoolKind pool_kind_ = PoolKind::sobol;
  GaussianProcess gp_;
  double y_mean_ = 0.0, y_scale_ = 1.0;
  double replicate_sd_ = 0.0;
  bool replicate_noise_ = false;
  Eigen::Index dataset_designs_ = 0;
  Eigen::RowVectorXd optimum_point_;
  double optimum_value_ = 0.0;
};

}  // namespace bosim
