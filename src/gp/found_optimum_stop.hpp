// Stopping a multi-start minimization's later start once it is provably heading into an optimum an earlier start found.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <vector>

namespace bosim {

/// A point where a start of the minimization ended: x*, f(x*) and ∇f(x*) (f = −log p in the fit).
struct FoundOptimum {
  Eigen::VectorXd x;
  double value = std::numeric_limits<double>::infinity();
  Eigen::VectorXd gradient;
};

/// True when the evaluated point (x, f(x), ∇f(x)) lies in the quadratic basin of `optimum`, to the
/// optimizer's own tolerance, and is not better than it:
///   f(x) ≥ f*,   ‖x − x*‖∞ ≤ radius,   |f(x) − f* − ½ (∇f(x) + ∇f*)ᵀ(x − x*)| ≤ τ,   τ = δ · max(1, |f*|),
/// with δ the relative-improvement tolerance that stops each start (LBFGS++ `delta`, SciPy's factr).
/// The third test is the trapezoidal rule for f along the segment from x* to x, exact when f is
/// quadratic there (Nocedal & Wright 2006, Sec. 2.2: f(x) − f* = ½(∇f(x) + ∇f*)ᵀ(x − x*) for
/// quadratic f, whatever ∇f* is, so it holds at an optimum on a bound too). A second bowl or a
/// ridge between x and x* shows as a mismatch (unless its terms happen to cancel), so when the rule
/// holds to τ, the resolution at which the optimizer itself compares values, the start is taken to
/// be descending into x* and could only end there, up to τ. The radius bounds where one segment is
/// trusted (measured trade-off: README, issue 16).
inline bool in_found_basin(const FoundOptimum& optimum, const Eigen::VectorXd& x, double value,
                           const Eigen::VectorXd& gradient, double radius, double relative_tolerance) {
  if (!(value >= optimum.value)) return false;
  const Eigen::VectorXd step = x - optimum.x;
  if (!(step.cwiseAbs().maxCoeff() <= radius)) return false;
  const double predicted = 0.5 * (gradient + optimum.gradient).dot(step);
  const double tolerance = relative_tolerance * std::max(1.0, std::abs(optimum.value));
  return std::abs(value - optimum.value - predicted) <= tolerance;
}

/// Thrown by StopAtFoundOptima to end a start; not a std::exception, so that it is never mistaken
/// for the optimizer's own failures.
struct FoundOptimumReached {};

/// Wraps an LBFGS++ objective f(x, gradient) → value for a multi-start minimization: remembers the
/// best point of the current start and, when an evaluated point is in_found_basin of an optimum an
/// earlier start ended at, throws FoundOptimumReached. A radius of 0 disables the stop.
template <class Objective>
class StopAtFoundOptima {
 public:
  StopAtFoundOptima(Objective& objective, double radius, double relative_tolerance)
      : objective_(objective), radius_(radius), relative_tolerance_(relative_tolerance) {}

  double operator()(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) {
    const double value = objective_(x, gradient);
    if (!(radius_ > 0.0) || !std::isfinite(value)) return value;
    for (const FoundOptimum& optimum : found_)
      if (in_found_basin(optimum, x, value, gradient, radius_, relative_tolerance_)) throw FoundOptimumReached{};
    if (value < start_best_.value) {
      start_best_.x = x;  // reuses the storage after the first improvement
      start_best_.value = value;
      start_best_.gradient = gradient;
    }
    return value;
  }

  void begin_start() { start_best_ = FoundOptimum{}; }
  /// The current start converged: its best point becomes an optimum later starts may stop at.
  void end_start_converged() {
    if (std::isfinite(start_best_.value)) found_.push_back(start_best_);
  }
  const std::vector<FoundOptimum>& found() const { return found_; }

 private:
  Objective& objective_;
  double radius_;
  double relative_tolerance_;
  FoundOptimum start_best_;
  std::vector<FoundOptimum> found_;
};

}  // namespace bosim
