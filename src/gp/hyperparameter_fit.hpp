// Hyperparameter fitting: maximize the log marginal likelihood by multi-start box-constrained L-BFGS (LBFGS++).
#pragma once

#include <Eigen/Core>

#include "common/random.hpp"
#include "gp/kernel.hpp"
#include "gp/log_marginal_likelihood.hpp"

namespace bosim {

struct FitOptions {
  /// Random starts drawn uniformly in the log-space box, in addition to the
  /// first start (the warm start when given, else Kernel::default_parameters).
  int random_restarts = 2;
  /// L-BFGS-B iteration limit per start.
  int max_iterations = 200;
  /// Projected-gradient tolerance (LBFGS++ epsilon and epsilon_rel).
  double gradient_tolerance = 1e-5;
};

struct FitResult {
  Eigen::VectorXd theta;  ///< best log-hyperparameters found
  double log_marginal_likelihood = 0.0;
  int starts = 0;
  int failed_starts = 0;  ///< starts whose optimizer threw or ended at a non-finite value
  int evaluations = 0;    ///< LML + gradient evaluations over all starts
  bool ok = false;        ///< at least one start gave a finite likelihood
};

/// Maximizes log p(y | X, θ) over the box of `bounds` in log space with
/// LBFGS++'s L-BFGS-B from 1 + random_restarts starts; keeps the best.
/// Never throws on numerical trouble: a failed start is counted and skipped;
/// if all fail, ok is false and theta is the first start.
FitResult fit_hyperparameters(const Kernel& kernel, const HyperparameterBounds& bounds, const Eigen::MatrixXd& x,
                              const Eigen::VectorXd& y, const Eigen::VectorXd* warm_start, const FitOptions& options,
                              Rng& rng, LmlWorkspace& workspace);

}  // namespace bosim
