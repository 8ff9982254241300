#include "gp/box_lbfgs.hpp"

#include <LBFGSpp/LineSearchMoreThuente.h>
#include <LBFGSpp/Param.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "gp/cholesky_inverse.hpp"

namespace bosim {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr double epsilon = std::numeric_limits<double>::epsilon();

/// The line search's settings: LBFGS++'s defaults (Armijo 10⁻⁴, curvature 0.9, steps 10⁻²⁰ … 10²⁰)
/// with the caller's trial limit.
LBFGSpp::LBFGSBParam<double> line_search_parameters(const BoxLbfgsSettings& settings) {
  LBFGSpp::LBFGSBParam<double> parameters;
  parameters.max_linesearch = std::max(settings.line_search_trials, 1);
  return parameters;
}

/// The largest step α ≥ 0 with x + α·direction inside the box (∞ when no coordinate moves).
double max_step_in_box(const Eigen::VectorXd& x, const Eigen::VectorXd& direction, const Eigen::VectorXd& lower,
                       const Eigen::VectorXd& upper) {
  double step = infinity;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (direction(i) > 0.0) step = std::min(step, (upper(i) - x(i)) / direction(i));
    if (direction(i) < 0.0) step = std::min(step, (lower(i) - x(i)) / direction(i));
  }
  return step;
}

}  // namespace

BoxLbfgs::BoxLbfgs(const BoxLbfgsSettings& settings) : settings_(settings) {
  settings_.history = std::max(settings_.history, 1);
}

void BoxLbfgs::reset(Eigen::Index dimension) {
  pair_s_.resize(dimension, settings_.history);
  pair_u_.resize(dimension, settings_.history);
  model_.setIdentity(dimension, dimension);  // θ = 1 and no pairs: B = I
  for (Eigen::VectorXd* vector :
       {&gradient_, &previous_x_, &previous_gradient_, &direction_, &cauchy_, &model_product_, &scratch_, &linear_,
        &low_, &high_, &step_, &fallback_, &lambda_, &mu_, &breakpoints_, &subset_rhs_})
    vector->resize(dimension);
  subset_factor_.resize(padded_rows(dimension), dimension);
  subset_.reserve(static_cast<std::size_t>(dimension));
  pairs_ = 0;
  newest_ = -1;
  const auto size = static_cast<std::size_t>(dimension);
  for (std::vector<char>* set : {&free_, &newly_active_, &at_lower_, &at_upper_, &in_subproblem_}) set->assign(size, 0);
}

void BoxLbfgs::add_correction(const Eigen::VectorXd& s, const Eigen::VectorXd& y) {
  const int history = settings_.history;
  newest_ = (newest_ + 1) % history;
  const double y_dot_s = s.dot(y);
  pair_s_.col(newest_) = s;
  pair_u_.col(newest_) = y * (1.0 / std::sqrt(y_dot_s));  // u = y / √(yᵀs), fixed per pair
  pairs_ = std::min(pairs_ + 1, history);
  model_.setIdentity();
  model_ *= y.squaredNorm() / y_dot_s;           // θ
  for (int age = pairs_ - 1; age >= 0; --age) {  // oldest pair first
    const int column = (newest_ - age + history) % history;
    scratch_ = pair_s_.col(column);
    multiply_model(scratch_, model_product_);  // B s
    // B += u uᵀ − w wᵀ with w = B s / √(sᵀB s): symmetric to the last bit.
    model_product_ *= 1.0 / std::sqrt(scratch_.dot(model_product_));
    scratch_ = pair_u_.col(column);
    add_rank_two(scratch_, model_product_);
  }
}

/// B += u uᵀ − w wᵀ, as plain loops over non-aliasing arrays so that the compiler vectorizes them
/// (Eigen's general outer-product kernels cost more than the work at d ≈ 5).
void BoxLbfgs::add_rank_two(const Eigen::VectorXd& u, const Eigen::VectorXd& w) {
  const Eigen::Index d = model_.rows();
  double* __restrict model = model_.data();
  const double* __restrict u_data = u.data();
  const double* __restrict w_data = w.data();
  for (Eigen::Index j = 0; j < d; ++j)
    for (Eigen::Index i = 0; i < d; ++i) model[j * d + i] += u_data[i] * u_data[j] - w_data[i] * w_data[j];
}

/// Out: product = B v (v and product distinct), as plain loops over non-aliasing arrays.
void BoxLbfgs::multiply_model(const Eigen::VectorXd& v, Eigen::VectorXd& product) const {
  const Eigen::Index d = model_.rows();
  const double* __restrict model = model_.data();
  const double* __restrict v_data = v.data();
  double* __restrict out = product.data();
  for (Eigen::Index i = 0; i < d; ++i) {  // (B v)_i = column i of B · v, B symmetric to the last bit
    double sum = 0.0;
    for (Eigen::Index j = 0; j < d; ++j) sum += model[i * d + j] * v_data[j];
    out[i] = sum;
  }
}

bool BoxLbfgs::gradient_converged(const Eigen::VectorXd& x, const Eigen::VectorXd& lower,
                                  const Eigen::VectorXd& upper) const {
  double projected = 0.0;
  for (Eigen::Index i = 0; i < x.size(); ++i)
    projected = std::max(projected, std::abs(std::clamp(x(i) - gradient_(i), lower(i), upper(i)) - x(i)));
  return projected <= settings_.gradient_tolerance || projected <= settings_.gradient_tolerance * x.norm();
}

/// The breakpoints t_i = (x_i − bound_i) / g_i where P(x − t g) reaches the box (0 for a coordinate
/// at its bound or fixed, ∞ when g_i = 0), the path direction p = −g (0 where t_i = 0), and the
/// coordinates with finite positive t_i in breakpoint_order_, by increasing t_i. Out: also free_
/// (the coordinates with t_i = ∞); returns whether there is any.
bool BoxLbfgs::find_breakpoints(const Eigen::VectorXd& x, const Eigen::VectorXd& lower, const Eigen::VectorXd& upper) {
  breakpoint_order_.clear();
  std::fill(free_.begin(), free_.end(), 0);
  bool any_free = false;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double g = gradient_(i);
    double& breakpoint = breakpoints_(i);
    if (lower(i) == upper(i))
      breakpoint = 0.0;
    else if (g < 0.0)
      breakpoint = (x(i) - upper(i)) / g;
    else if (g > 0.0)
      breakpoint = (x(i) - lower(i)) / g;
    else
      breakpoint = infinity;
    direction_(i) = breakpoint == 0.0 ? 0.0 : -g;
    if (breakpoint == infinity) {
      free_[i] = 1;
      any_free = true;
    } else if (breakpoint != 0.0) {
      breakpoint_order_.push_back(static_cast<int>(i));
    }
  }
  // Insertion sort by (t_i, i): a handful of coordinates, mostly in order already.
  for (std::size_t k = 1; k < breakpoint_order_.size(); ++k) {
    const int coordinate = breakpoint_order_[k];
    std::size_t position = k;
    for (; position > 0 && breakpoints_(breakpoint_order_[position - 1]) > breakpoints_(coordinate); --position)
      breakpoint_order_[position] = breakpoint_order_[position - 1];
    breakpoint_order_[position] = coordinate;
  }
  return any_free;
}

/// The generalized Cauchy point (Byrd et al. 1995, §4): the first local minimizer of the model
/// along x(t) = P(x − t g), found interval by interval between the breakpoints where coordinates
/// reach the box. On an interval, with z = x(t_j) − x and path direction p,
/// m'(t_j) = gᵀp + zᵀB p and m'' = pᵀB p. Out: cauchy_, free_ (the coordinates not at a bound
/// there) and newly_active_ (those that reached one on the way).
void BoxLbfgs::cauchy_point(const Eigen::VectorXd& x, const Eigen::VectorXd& lower, const Eigen::VectorXd& upper) {
  const Eigen::Index n = x.size();
  cauchy_ = x;
  std::fill(newly_active_.begin(), newly_active_.end(), 0);
  const bool any_free = find_breakpoints(x, lower, upper);  // direction_ holds p from here on
  const std::size_t breakpoint_count = breakpoint_order_.size();
  if (!any_free && breakpoint_count == 0) return;  // every coordinate sits at a bound

  multiply_model(direction_, model_product_);
  double slope = gradient_.dot(direction_), curvature = direction_.dot(model_product_);
  double interval_start = 0.0;
  std::size_t next = 0;
  double interval_end = breakpoint_count == 0 ? infinity : breakpoints_(breakpoint_order_[0]);
  while (-slope / curvature >= interval_end - interval_start) {
    for (; next < breakpoint_count && breakpoints_(breakpoint_order_[next]) <= interval_end; ++next) {
      const int i = breakpoint_order_[next];
      cauchy_(i) = direction_(i) > 0.0 ? upper(i) : lower(i);
      direction_(i) = 0.0;
      newly_active_[i] = 1;
    }
    if (!any_free && next == breakpoint_count) return;  // crossed every breakpoint, all at bounds
    for (Eigen::Index i = 0; i < n; ++i)
      scratch_(i) = newly_active_[i] ? cauchy_(i) - x(i) : interval_end * direction_(i);
    multiply_model(direction_, model_product_);
    slope = gradient_.dot(direction_) + scratch_.dot(model_product_);
    curvature = direction_.dot(model_product_);
    interval_start = interval_end;
    if (next == breakpoint_count) break;
    interval_end = breakpoints_(breakpoint_order_[next]);
  }
  // A numerically flat model would give an infinite step.
  const double step = std::max(curvature < epsilon ? -slope / epsilon : -slope / curvature, 0.0);
  const double end = interval_start + step;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (newly_active_[i] || breakpoints_(i) == 0.0) continue;  // at a bound
    cauchy_(i) = x(i) + end * direction_(i);
    free_[i] = 1;
  }
}

/// Solves B_SS v_S = r_S for the coordinates S flagged in in_set, in place (other entries set to
/// 0): B_SS gathered into the leading k × k block of a padded d × d buffer, factorized and solved
/// by the likelihood's small dense kernels (gp/cholesky_inverse.hpp).
void BoxLbfgs::solve_on(const std::vector<char>& in_set, Eigen::VectorXd& rhs_then_solution) {
  subset_.clear();
  for (Eigen::Index i = 0; i < model_.rows(); ++i) {
    if (in_set[i])
      subset_.push_back(i);
    else
      rhs_then_solution(i) = 0.0;
  }
  const auto k = static_cast<Eigen::Index>(subset_.size());
  subset_factor_.setZero();  // rows ≥ k stay 0, as cholesky_in_blocks needs
  for (Eigen::Index column = 0; column < k; ++column)
    for (Eigen::Index row = column; row < k; ++row) subset_factor_(row, column) = model_(subset_[row], subset_[column]);
  if (!cholesky_in_blocks(subset_factor_, k))
    throw std::runtime_error("L-BFGS-B model matrix is not positive definite");
  for (Eigen::Index row = 0; row < k; ++row) subset_rhs_(row) = rhs_then_solution(subset_[row]);
  solve_with_cholesky(subset_factor_, k, subset_rhs_.data());
  for (Eigen::Index row = 0; row < k; ++row) rhs_then_solution(subset_[row]) = subset_rhs_(row);
}

/// The direction to the minimizer of the model over the box with the coordinates outside free_
/// held at the Cauchy point (Byrd et al. 1995, §5), exactly by BOXCQP: with z = cauchy_ − x,
/// minimize ½ vᵀB_FF v + cᵀv, c = g_F + B_FA z_A, subject to l − x ≤ v ≤ u − x on F.
/// Out: direction_ = z with its free part replaced by v.
void BoxLbfgs::subspace_direction(const Eigen::VectorXd& x, const Eigen::VectorXd& lower,
                                  const Eigen::VectorXd& upper) {
  direction_ = cauchy_ - x;
  if (std::none_of(free_.begin(), free_.end(), [](char is_free) { return is_free; })) return;
  for (Eigen::Index i = 0; i < x.size(); ++i) scratch_(i) = newly_active_[i] ? direction_(i) : 0.0;
  multiply_model(scratch_, model_product_);
  linear_ = gradient_ + model_product_;
  low_ = lower - x;
  high_ = upper - x;
  if (!boxcqp(linear_, low_, high_, step_)) {
    // No convergence: project, falling back to the unconstrained minimizer when the projection
    // is not a descent direction.
    for (const Eigen::VectorXd* candidate : {&step_, &fallback_}) {
      for (Eigen::Index i = 0; i < x.size(); ++i)
        if (free_[i]) direction_(i) = std::clamp((*candidate)(i), low_(i), high_(i));
      if (direction_.dot(gradient_) <= -epsilon) return;
    }
    step_ = fallback_;
  }
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (free_[i]) direction_(i) = step_(i);
}

/// BOXCQP (Voglis & Lagaris 2004) on the free coordinates: an active-set iteration on the KKT
/// conditions B_FF v + c − λ + μ = 0, λ, μ ≥ 0, λ at lower bounds, μ at upper ones. Out: step (on
/// free_; the unconstrained minimizer kept in fallback_). False when it did not converge within
/// settings_.subspace_iterations.
bool BoxLbfgs::boxcqp(const Eigen::VectorXd& linear, const Eigen::VectorXd& low, const Eigen::VectorXd& high,
                      Eigen::VectorXd& step) {
  const Eigen::Index n = linear.size();
  step = -linear;
  solve_on(free_, step);
  bool inside = true;
  for (Eigen::Index i = 0; i < n; ++i) inside = inside && (!free_[i] || (step(i) >= low(i) && step(i) <= high(i)));
  if (inside) return true;
  fallback_ = step;
  lambda_.setZero();
  mu_.setZero();
  for (int iteration = 0; iteration < settings_.subspace_iterations; ++iteration) {
    bool any_in_subproblem = false;
    for (Eigen::Index i = 0; i < n; ++i) {
      at_lower_[i] = at_upper_[i] = in_subproblem_[i] = 0;
      if (!free_[i]) continue;
      if (step(i) < low(i) || (step(i) == low(i) && lambda_(i) >= 0.0)) {
        at_lower_[i] = 1;
        step(i) = low(i);
        mu_(i) = 0.0;
      } else if (step(i) > high(i) || (step(i) == high(i) && mu_(i) >= 0.0)) {
        at_upper_[i] = 1;
        step(i) = high(i);
        lambda_(i) = 0.0;
      } else {
        in_subproblem_[i] = 1;
        any_in_subproblem = true;
        lambda_(i) = mu_(i) = 0.0;
      }
    }
    if (any_in_subproblem) {  // v_P = −B_PP⁻¹ (c_P + B_P,L∪U v_L∪U)
      for (Eigen::Index i = 0; i < n; ++i) scratch_(i) = at_lower_[i] || at_upper_[i] ? step(i) : 0.0;
      multiply_model(scratch_, model_product_);
      scratch_ = -(linear + model_product_);
      solve_on(in_subproblem_, scratch_);
      for (Eigen::Index i = 0; i < n; ++i)
        if (in_subproblem_[i]) step(i) = scratch_(i);
    }
    for (Eigen::Index i = 0; i < n; ++i) scratch_(i) = free_[i] ? step(i) : 0.0;
    multiply_model(scratch_, model_product_);  // B_·F v
    bool converged = true;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double residual = model_product_(i) + linear(i);
      if (at_lower_[i]) converged = (lambda_(i) = residual) >= 0.0 && converged;
      if (at_upper_[i]) converged = (mu_(i) = -residual) >= 0.0 && converged;
      if (in_subproblem_[i]) converged = step(i) >= low(i) && step(i) <= high(i) && converged;
    }
    if (converged) return true;
  }
  return false;
}

int BoxLbfgs::minimize(DifferentiableFunction& f, Eigen::VectorXd& x, double& fx, const Eigen::VectorXd& lower,
                       const Eigen::VectorXd& upper) {
  const LBFGSpp::LBFGSBParam<double> line_search = line_search_parameters(settings_);
  reset(x.size());
  x = x.cwiseMax(lower).cwiseMin(upper);
  fx = f(x, gradient_);
  if (gradient_converged(x, lower, upper)) return 1;
  cauchy_point(x, lower, upper);
  direction_ = cauchy_ - x;
  direction_.normalize();
  for (int iteration = 1;; ++iteration) {
    previous_x_ = x;
    previous_gradient_ = gradient_;
    const double previous_fx = fx;
    const double step_max = std::min(line_search.max_step, max_step_in_box(x, direction_, lower, upper));
    double step = std::min(1.0, step_max);
    LBFGSpp::LineSearchMoreThuente<double>::LineSearch(f, fx, x, gradient_, step, step_max, direction_, previous_x_,
                                                       line_search);
    if (gradient_converged(x, lower, upper)) return iteration;
    const double scale = std::max({std::abs(fx), std::abs(previous_fx), 1.0});
    if (std::abs(previous_fx - fx) <= settings_.relative_improvement_tolerance * scale) return iteration;
    if (settings_.max_iterations > 0 && iteration >= settings_.max_iterations) return iteration;
    // The curvature pair, kept only when sᵀy > ε yᵀy so that B stays positive definite.
    previous_x_ = x - previous_x_;
    previous_gradient_ = gradient_ - previous_gradient_;
    if (previous_x_.dot(previous_gradient_) > epsilon * previous_gradient_.squaredNorm())
      add_correction(previous_x_, previous_gradient_);
    x = x.cwiseMax(lower).cwiseMin(upper);
    cauchy_point(x, lower, upper);
    subspace_direction(x, lower, upper);
  }
}

}  // namespace bosim
