#include "gp/hyperparameter_fit.hpp"

#include <LBFGSB.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <vector>

#include "gp/flush_subnormals.hpp"

namespace bosim {

namespace {

/// −log p(y | X, θ) and its gradient for LBFGS++, remembering the best point
/// evaluated in the current start and overall, so that a start whose line
/// search throws still contributes and can be resumed from its best point.
class NegativeLogLikelihood {
 public:
  struct Point {
    double log_likelihood = -std::numeric_limits<double>::infinity();
    Eigen::VectorXd theta;
    void offer(double candidate_log_likelihood, const Eigen::VectorXd& candidate_theta) {
      if (!(candidate_log_likelihood > log_likelihood)) return;
      log_likelihood = candidate_log_likelihood;
      theta = candidate_theta;  // reuses the storage after the first improvement
    }
  };

  NegativeLogLikelihood(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                        LmlWorkspace& workspace)
      : kernel_(kernel), x_(x), y_(y), workspace_(workspace) {}

  double operator()(const Eigen::VectorXd& theta, Eigen::VectorXd& gradient) {
    ++evaluations_;
    const double log_likelihood = log_marginal_likelihood(kernel_, x_, y_, theta, &gradient, workspace_);
    if (!std::isfinite(log_likelihood) || !gradient.allFinite()) {
      gradient.setZero(theta.size());
      return std::numeric_limits<double>::infinity();
    }
    start_best_.offer(log_likelihood, theta);
    best_.offer(log_likelihood, theta);
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
  LmlWorkspace& workspace_;
  int evaluations_ = 0;
  Point start_best_, best_;
};

/// LBFGS++'s line search throws when the quasi-Newton direction is poor (not a
/// descent direction, no sufficient decrease in max_linesearch trials), often
/// far from the optimum. Resuming from the best point with fresh curvature
/// memory usually converges; this bounds how often a start is resumed.
constexpr int max_resumes = 5;

}  // namespace

FitResult fit_hyperparameters(const Kernel& kernel, const HyperparameterBounds& bounds, const Eigen::MatrixXd& x,
                              const Eigen::VectorXd& y, const Eigen::VectorXd* warm_start, const FitOptions& options,
                              Rng& rng, LmlWorkspace& workspace) {
  const FlushSubnormals flush_subnormals;  // for LBFGS++'s arithmetic as well as the likelihood's
  Eigen::VectorXd lower, upper;
  kernel.log_bounds(bounds, lower, upper);

  // All starts are drawn before optimizing so that the Rng advances by the same
  // amount whatever happens numerically.
  std::vector<Eigen::VectorXd> starts;
  const bool usable_warm_start =
      warm_start && warm_start->size() == kernel.parameter_count() && warm_start->allFinite();
  starts.push_back(usable_warm_start ? Eigen::VectorXd(warm_start->cwiseMax(lower).cwiseMin(upper))
                                     : kernel.default_parameters(bounds));
  for (int restart = 0; restart < options.random_restarts; ++restart) {
    Eigen::VectorXd start(kernel.parameter_count());
    for (Eigen::Index i = 0; i < start.size(); ++i) start(i) = lower(i) + (upper(i) - lower(i)) * rng.uniform();
    starts.push_back(std::move(start));
  }

  // Sanitized so that LBFGS++'s parameter check cannot throw; 0 iterations would mean "unlimited" there.
  LBFGSpp::LBFGSBParam<double> parameters;
  parameters.epsilon = options.gradient_tolerance >= 0.0 ? options.gradient_tolerance : 0.0;
  parameters.epsilon_rel = parameters.epsilon;
  parameters.max_iterations = std::max(options.max_iterations, 1);
  parameters.past = 1;
  parameters.delta = std::max(options.relative_improvement_tolerance, 0.0);
  LBFGSpp::LBFGSBSolver<double> solver(parameters);

  FitResult result;
  NegativeLogLikelihood objective(kernel, x, y, workspace);
  Eigen::VectorXd theta;
  for (const Eigen::VectorXd& start : starts) {
    ++result.starts;
    objective.begin_start();
    theta = start;
    bool converged = false;
    for (int attempt = 0; attempt <= max_resumes; ++attempt) {
      const double best_before = objective.start_best().log_likelihood;
      try {
        double negative_log_likelihood = 0.0;
        solver.minimize(objective, theta, negative_log_likelihood, lower, upper);
        converged = std::isfinite(negative_log_likelihood);
        break;
      } catch (const std::exception&) {
        // Resume only when this attempt made progress from a finite point.
        if (!(objective.start_best().log_likelihood > best_before)) break;
        theta = objective.start_best().theta;
      }
    }
    if (!converged) ++result.failed_starts;
  }

  result.evaluations = objective.evaluations();
  result.ok = std::isfinite(objective.best().log_likelihood);
  result.theta = result.ok ? objective.best().theta : starts.front();
  result.log_marginal_likelihood = objective.best().log_likelihood;
  return result;
}

}  // namespace bosim
