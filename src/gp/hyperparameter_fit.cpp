#include "gp/hyperparameter_fit.hpp"

#include <LBFGSB.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <vector>

namespace bosim {

namespace {

/// −log p(y | X, θ) and its gradient for LBFGS++, remembering the best point
/// ever evaluated so that a start whose line search throws still contributes.
class NegativeLogLikelihood {
 public:
  NegativeLogLikelihood(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                        LmlWorkspace& workspace)
      : kernel_(kernel), x_(x), y_(y), workspace_(workspace), best_theta_(kernel.parameter_count()) {}

  double operator()(const Eigen::VectorXd& theta, Eigen::VectorXd& gradient) {
    ++evaluations_;
    const double log_likelihood = log_marginal_likelihood(kernel_, x_, y_, theta, &gradient, workspace_);
    if (!std::isfinite(log_likelihood) || !gradient.allFinite()) {
      gradient.setZero(theta.size());
      return std::numeric_limits<double>::infinity();
    }
    if (log_likelihood > best_log_likelihood_) {
      best_log_likelihood_ = log_likelihood;
      best_theta_ = theta;
    }
    gradient = -gradient;
    return -log_likelihood;
  }

  int evaluations() const { return evaluations_; }
  double best_log_likelihood() const { return best_log_likelihood_; }
  const Eigen::VectorXd& best_theta() const { return best_theta_; }

 private:
  const Kernel& kernel_;
  const Eigen::MatrixXd& x_;
  const Eigen::VectorXd& y_;
  LmlWorkspace& workspace_;
  int evaluations_ = 0;
  double best_log_likelihood_ = -std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_theta_;
};

}  // namespace

FitResult fit_hyperparameters(const Kernel& kernel, const HyperparameterBounds& bounds, const Eigen::MatrixXd& x,
                              const Eigen::VectorXd& y, const Eigen::VectorXd* warm_start, const FitOptions& options,
                              Rng& rng, LmlWorkspace& workspace) {
  Eigen::VectorXd lower, upper;
  kernel.log_bounds(bounds, lower, upper);

  // All starts are drawn before optimizing so that the Rng advances by the same
  // amount whatever happens numerically.
  std::vector<Eigen::VectorXd> starts;
  const bool usable_warm_start = warm_start && warm_start->size() == kernel.parameter_count() &&
                                 warm_start->allFinite();
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
  LBFGSpp::LBFGSBSolver<double> solver(parameters);

  FitResult result;
  NegativeLogLikelihood objective(kernel, x, y, workspace);
  Eigen::VectorXd theta;
  for (const Eigen::VectorXd& start : starts) {
    ++result.starts;
    theta = start;
    double negative_log_likelihood = 0.0;
    try {
      solver.minimize(objective, theta, negative_log_likelihood, lower, upper);
      if (!std::isfinite(negative_log_likelihood)) ++result.failed_starts;
    } catch (const std::exception&) {
      ++result.failed_starts;  // e.g. line-search failure: the best point evaluated so far is still kept
    }
  }

  result.evaluations = objective.evaluations();
  result.ok = std::isfinite(objective.best_log_likelihood());
  result.theta = result.ok ? objective.best_theta() : starts.front();
  result.log_marginal_likelihood = objective.best_log_likelihood();
  return result;
}

}  // namespace bosim
