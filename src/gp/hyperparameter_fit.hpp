// Hyperparameter fitting: maximize the log marginal likelihood by multi-start box-constrained L-BFGS (BoxLbfgs).
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
  /// L-BFGS-B iteration limit per run (a start is resumed from its best point,
  /// at most 5 times, when the line search gives up).
  int max_iterations = 200;
  /// Trials of the Moré–Thuente line search (Moré & Thuente 1994; LBFGS++'s) after its first step
  /// before it gives up (BoxLbfgsSettings::line_search_trials); a start whose search gives up is resumed from its
  /// best point with fresh curvature memory (see max_iterations). 20 is LBFGS++'s default. 5 was
  /// measured for issue 16: 0–6 % fewer evaluations per fit on bench/fit_vs_nlopt.cpp's sets, 0–2 %
  /// on P3HT and Crossed barrel replays, no time gain measurable per GP iteration, single runs
  /// changed (statistics within noise), so the default stays 20 (README, Performance).
  int line_search_trials = 20;
  /// Projected-gradient tolerance (BoxLbfgsSettings::gradient_tolerance).
  double gradient_tolerance = 1e-5;
  /// Stop a start when one L-BFGS iteration improves −log p by less than this fraction of
  /// max(1, |log p|) (BoxLbfgsSettings::relative_improvement_tolerance; SciPy's factr criterion). 10⁻⁴ is
  /// ~0.002 nats at a typical |log p| ≈ 20, far below likelihood differences that matter,
  /// and needs about a third of the evaluations of SciPy's default 2.2·10⁻⁹ (measured on
  /// the P3HT replay with no change in experiments to optimum).
  double relative_improvement_tolerance = 1e-4;
  /// Maximize the likelihood with σ_f² profiled out (profiled_log_marginal_likelihood): the same
  /// maximum over the same box, one dimension fewer, the same starts mapped to η, and ~15 % fewer
  /// evaluations per fit; false (the default): L-BFGS-B over all of θ. Off because from the same
  /// starts it ends in other local optima often enough to move the statistics: P3HT replays needed
  /// 29.7 instead of 34.6 experiments to the optimum on average (200 repeats, 4.4 standard errors;
  /// README, Performance).
  bool profile_signal_variance = false;
};

struct FitResult {
  Eigen::VectorXd theta;  ///< best log-hyperparameters found
  double log_marginal_likelihood = 0.0;
  int starts = 0;
  int failed_starts = 0;  ///< starts whose optimizer still threw after resuming, or ended at a non-finite value
  int evaluations = 0;    ///< LML + gradient evaluations over all starts
  bool ok = false;        ///< at least one start gave a finite likelihood
};

/// Maximizes log p(y | X, θ) over the box of `bounds` in log space with
/// L-BFGS-B (BoxLbfgs) from 1 + random_restarts starts (over η = θ without σ_f²
/// when options.profile_signal_variance, σ_f² then in closed form); keeps the best point
/// evaluated (so a start that fails midway still contributes its progress).
/// The random starts are drawn (uniformly in the log box, in order) before any
/// optimization, so the Rng advances by the same amount whatever happens.
/// Never throws on numerical trouble: a failed start is counted; if no
/// evaluation was finite, ok is false and theta is the first start.
/// Computes with subnormal numbers flushed to zero (FlushSubnormals).
FitResult fit_hyperparameters(const Kernel& kernel, const HyperparameterBounds& bounds, const Eigen::MatrixXd& x,
                              const Eigen::VectorXd& y, const Eigen::VectorXd* warm_start, const FitOptions& options,
                              Rng& rng, LmlWorkspace& workspace);

}  // namespace bosim
