#include "gp/hyperparameter_fit.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <vector>

#include "gp/box_lbfgs.hpp"
#include "gp/flush_subnormals.hpp"

namespace bosim {

namespace {

/// −log p and its gradient for BoxLbfgs over the optimizer's parameters (θ, or η when σ_f² is
/// profiled out), remembering the best point evaluated in the current start and overall, so that
/// a start whose line search throws still contributes and can be resumed from its best point.
class NegativeLogLikelihood final : public DifferentiableFunction {
 public:
  struct Point {
    double log_likelihood = -std::numeric_limits<double>::infinity();
    Eigen::VectorXd parameters;  ///< the optimizer's (θ or η)
    Eigen::VectorXd theta;       ///< the full θ
    void offer(double candidate_log_likelihood, const Eigen::VectorXd& candidate_parameters,
               const Eigen::VectorXd& candidate_theta) {
      if (!(candidate_log_likelihood > log_likelihood)) return;
      log_likelihood = candidate_log_likelihood;
      parameters = candidate_parameters;  // reuses the storage after the first improvement
      theta = candidate_theta;
    }
  };

  /// box is null for the full likelihood over θ, else the box of the profiled likelihood over η.
  NegativeLogLikelihood(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                        const VarianceBox* box, LmlWorkspace& workspace)
      : kernel_(kernel), x_(x), y_(y), box_(box), workspace_(workspace) {}

  double operator()(const Eigen::VectorXd& parameters, Eigen::VectorXd& gradient) override {
    ++evaluations_;
    double log_likelihood;
    if (box_) {
      log_likelihood =
          profiled_log_marginal_likelihood(kernel_, x_, y_, parameters, *box_, &gradient, theta_, workspace_);
    } else {
      log_likelihood = log_marginal_likelihood(kernel_, x_, y_, parameters, &gradient, workspace_);
      theta_ = parameters;
    }
    if (!std::isfinite(log_likelihood) || !gradient.allFinite()) {
      gradient.setZero(parameters.size());
      return std::numeric_limits<double>::infinity();
    }
    start_best_.offer(log_likelihood, parameters, theta_);
    best_.offer(log_likelihood, parameters, theta_);
    gradient = -gradient;
    return -log_likelihood;
  }

  void begin_start() { start_best_.log_likelihood = -std::numeric_limits<double>::infinity(); }
  const Point& start_best() const { return start_best_; }
  const Point& best() const { return best_; }
  int evaluations() const { return evaluations_; }

 private:
  const Kernel& kernel_;
  const Eigen::MatrixXd& x_;
  const Eigen::VectorXd& y_;
  const VarianceBox* box_;
  LmlWorkspace& workspace_;
  Eigen::VectorXd theta_;
  int evaluations_ = 0;
  Point start_best_, best_;
};

/// The line search throws when the quasi-Newton direction is poor (not a
/// descent direction, no sufficient decrease in line_search_trials trials), often
/// far from the optimum. Resuming from the best point with fresh curvature
/// memory usually converges; this bounds how often a start is resumed.
constexpr int max_resumes = 5;

/// The first start (the warm start clamped into the box when usable, else the kernel's default) and
/// random_restarts starts uniform in the box of θ, all drawn before optimizing so that the Rng
/// advances by the same amount whatever happens numerically.
std::vector<Eigen::VectorXd> draw_starts(const Kernel& kernel, const HyperparameterBounds& bounds,
                                         const Eigen::VectorXd& lower, const Eigen::VectorXd& upper,
                                         const Eigen::VectorXd* warm_start, int random_restarts, Rng& rng) {
  std::vector<Eigen::VectorXd> starts;
  const bool usable_warm_start =
      warm_start && warm_start->size() == kernel.parameter_count() && warm_start->allFinite();
  starts.push_back(usable_warm_start ? Eigen::VectorXd(warm_start->cwiseMax(lower).cwiseMin(upper))
                                     : kernel.default_parameters(bounds));
  for (int restart = 0; restart < random_restarts; ++restart) {
    Eigen::VectorXd start(kernel.parameter_count());
    for (Eigen::Index i = 0; i < start.size(); ++i) start(i) = lower(i) + (upper(i) - lower(i)) * rng.uniform();
    starts.push_back(std::move(start));
  }
  return starts;
}

/// The optimizer's settings from FitOptions, negative tolerances and limits below 1 raised to 0 and 1.
BoxLbfgsSettings solver_settings(const FitOptions& options) {
  BoxLbfgsSettings settings;
  settings.gradient_tolerance = std::max(options.gradient_tolerance, 0.0);
  settings.relative_improvement_tolerance = std::max(options.relative_improvement_tolerance, 0.0);
  settings.max_iterations = std::max(options.max_iterations, 1);
  settings.line_search_trials = std::max(options.line_search_trials, 1);
  return settings;
}

/// Minimizes from one start, resuming from the start's best point when the line search throws;
/// false when the start did not converge to a finite value.
bool optimize_start(BoxLbfgs& solver, NegativeLogLikelihood& objective, Eigen::VectorXd parameters,
                    const Eigen::VectorXd& lower, const Eigen::VectorXd& upper) {
  objective.begin_start();
  for (int attempt = 0; attempt <= max_resumes; ++attempt) {
    const double best_before = objective.start_best().log_likelihood;
    try {
      double negative_log_likelihood = 0.0;
      solver.minimize(objective, parameters, negative_log_likelihood, lower, upper);
      return std::isfinite(negative_log_likelihood);
    } catch (const std::exception&) {
      // Resume only when this attempt made progress from a finite point.
      if (!(objective.start_best().log_likelihood > best_before)) return false;
      parameters = objective.start_best().parameters;
    }
  }
  return false;
}

}  // namespace

FitResult fit_hyperparameters(const Kernel& kernel, const HyperparameterBounds& bounds, const Eigen::MatrixXd& x,
                              const Eigen::VectorXd& y, const Eigen::VectorXd* warm_start, const FitOptions& options,
                              Rng& rng, LmlWorkspace& workspace) {
  const FlushSubnormals flush_subnormals;  // for the optimizer's arithmetic as well as the likelihood's
  Eigen::VectorXd lower, upper;
  kernel.log_bounds(bounds, lower, upper);
  const std::vector<Eigen::VectorXd> starts =
      draw_starts(kernel, bounds, lower, upper, warm_start, options.random_restarts, rng);

  const VarianceBox box{lower(kernel.signal_index()), upper(kernel.signal_index()), lower(kernel.noise_index()),
                        upper(kernel.noise_index())};
  Eigen::VectorXd solver_lower = lower, solver_upper = upper;
  if (options.profile_signal_variance) profiled_bounds(kernel, box, lower, upper, solver_lower, solver_upper);

  BoxLbfgs solver(solver_settings(options));
  NegativeLogLikelihood objective(kernel, x, y, options.profile_signal_variance ? &box : nullptr, workspace);
  FitResult result;
  for (const Eigen::VectorXd& start : starts) {
    ++result.starts;
    const Eigen::VectorXd parameters = options.profile_signal_variance ? profiled_parameters(kernel, start) : start;
    if (!optimize_start(solver, objective, parameters, solver_lower, solver_upper)) ++result.failed_starts;
  }

  result.evaluations = objective.evaluations();
  result.ok = std::isfinite(objective.best().log_likelihood);
  result.theta = result.ok ? objective.best().theta : starts.front();
  result.log_marginal_likelihood = objective.best().log_likelihood;
  return result;
}

}  // namespace bosim
