#include "gp/log_marginal_likelihood.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "gp/cholesky_inverse.hpp"
#include "gp/flush_subnormals.hpp"
#include "gp/overlap_kernel.hpp"

namespace bosim {

namespace {

/// Offset of column j in a packed lower triangle of order n.
Eigen::Index packed_offset(Eigen::Index n, Eigen::Index j) { return j * n - j * (j - 1) / 2; }

/// Recomputes the packed squared differences S_l when X (or the kernel's layout) changed.
void cache_squared_differences(const Kernel& kernel, const Eigen::MatrixXd& x, LmlWorkspace& workspace) {
  const auto lengthscales = static_cast<std::size_t>(kernel.lengthscale_count());
  const bool same_inputs = workspace.cached_inputs.rows() == x.rows() && workspace.cached_inputs.cols() == x.cols() &&
                           workspace.cached_inputs == x;
  if (same_inputs && workspace.squared_differences.size() == lengthscales) return;

  const Eigen::Index n = x.rows();
  const auto distance_lengthscales = static_cast<std::size_t>(kernel.distance_lengthscale_count());
  workspace.squared_differences.resize(distance_lengthscales);
  for (Eigen::VectorXd& differences : workspace.squared_differences) differences.setZero(n * (n + 1) / 2);
  for (Eigen::Index d = 0; d < kernel.distance_dimension(); ++d) {
    Eigen::VectorXd& target = workspace.squared_differences[static_cast<std::size_t>(kernel.lengthscale_of_column(d))];
    for (Eigen::Index j = 0; j < n; ++j) {
      target.segment(packed_offset(n, j), n - j).array() += (x.col(d).tail(n - j).array() - x(j, d)).square();
    }
  }
  append_packed_mismatches(kernel, x, workspace.squared_differences);
  workspace.cached_inputs = x;
}

/// Packed K_f at θ's length scales and signal variance `signal_variance` (θ's σ entries are not read) in
/// workspace.covariance, g in lengthscale_factor when with_gradient, and the factor L of
/// K_y = K_f + noise_variance · I in workspace.factor. False when K_y cannot be factorized even with jitter.
bool factorize_covariance(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& theta,
                          double signal_variance, double noise_variance, bool with_gradient, LmlWorkspace& workspace) {
  const Eigen::Index n = x.rows();
  const Eigen::Index lengthscales = kernel.distance_lengthscale_count();
  cache_squared_differences(kernel, x, workspace);

  // Packed r² = Σ_l S_l / ℓ_l², then K_f (and g when the gradient is wanted).
  Eigen::VectorXd& covariance = workspace.covariance;
  Eigen::VectorXd& inverse_squared = workspace.inverse_squared_lengthscales;
  inverse_squared = (-2.0 * theta.head(lengthscales).array()).exp();
  if (lengthscales == 0)
    covariance.setZero(n * (n + 1) / 2);  // only overlap columns
  else
    covariance = inverse_squared(0) * workspace.squared_differences[0];
  for (Eigen::Index l = 1; l < lengthscales; ++l) {
    covariance += inverse_squared(l) * workspace.squared_differences[static_cast<std::size_t>(l)];
  }
  Eigen::VectorXd* lengthscale_factor = with_gradient ? &workspace.lengthscale_factor : nullptr;
  kernel.covariance_from_squared_distance(covariance, signal_variance, lengthscale_factor);
  if (kernel.overlap_columns() > 0)
    multiply_packed_overlap_factor(kernel, theta, workspace.squared_differences.data() + lengthscales, covariance,
                                   lengthscale_factor);

  return workspace.cholesky.factorize_in_blocks(covariance, noise_variance, n, workspace.factor);
}

/// U = L⁻ᵀ from workspace.factor into workspace.inverse_factor, then α = K_y⁻¹ y = U (Uᵀ y). U is
/// needed for K_y⁻¹ in the gradient anyway; the value does not depend on whether the gradient is wanted.
void solve_targets(const Eigen::VectorXd& y, LmlWorkspace& workspace) {
  const Eigen::Index n = y.size();
  upper_inverse_factor(workspace.factor, n, workspace.inverse_factor);
  solve_with_upper_factor(workspace.inverse_factor, n, y, workspace.projected_targets, workspace.alpha);
}

/// log|K_y| / 2 = Σ_i log L_ii, as one log per product of up to 8 consecutive L_ii (a few ulps from the
/// sum of logs, at an eighth of the calls), or entry by entry where such a product leaves the normal range
/// (subnormals are flushed to 0 here, so an underflow cannot come back as a normal number).
double half_log_determinant(const LmlWorkspace& workspace) {
  constexpr Eigen::Index chunk = 8;
  const Eigen::MatrixXd& factor = workspace.factor;
  const Eigen::Index n = factor.cols();
  double sum = 0.0;
  for (Eigen::Index begin = 0; begin < n; begin += chunk) {
    const Eigen::Index end = std::min(begin + chunk, n);
    double product = 1.0;
    for (Eigen::Index i = begin; i < end; ++i) product *= factor(i, i);
    if (std::isnormal(product)) {
      sum += std::log(product);
    } else {
      for (Eigen::Index i = begin; i < end; ++i) sum += std::log(factor(i, i));
    }
  }
  return sum;
}

/// K_y⁻¹ = U Uᵀ from U = L⁻ᵀ of solve_targets (inverse_from_upper_factor, n³/3 flops) and the packed
/// weights W = c ααᵀ − K_y⁻¹ with doubled off-diagonal entries, so that for any symmetric M,
/// tr(W M) = Σ_i W_ii M_ii + 2 Σ_{i>j} W_ij M_ij = weights · packed(M). Returns tr W.
double packed_weights(double c, LmlWorkspace& workspace) {
  const Eigen::Index n = workspace.alpha.size();
  inverse_from_upper_factor(workspace.inverse_factor, n, workspace.inverse);
  const Eigen::MatrixXd& inverse = workspace.inverse;

  const Eigen::VectorXd& alpha = workspace.alpha;
  Eigen::VectorXd& weights = workspace.weights;
  weights.resize(workspace.covariance.size());
  double weights_trace = 0.0;
  for (Eigen::Index j = 0; j < n; ++j) {
    const Eigen::Index offset = packed_offset(n, j);
    weights.segment(offset, n - j) = 2.0 * (c * alpha(j) * alpha.tail(n - j) - inverse.col(j).segment(j, n - j));
    weights(offset) *= 0.5;
    weights_trace += weights(offset);
  }
  return weights_trace;
}

/// ∂ log p/∂θ_j = ½ tr(W ∂K_y/∂θ_j) for all of θ (Eq. 5.9) from the packed weights W, K_f and g of
/// factorize_covariance and σ_n² (the diagonal added there); overwrites lengthscale_factor with W ∘ g.
void gradient_from_weights(const Kernel& kernel, const Eigen::VectorXd& theta, double noise_variance,
                           double weights_trace, LmlWorkspace& workspace, Eigen::VectorXd& gradient) {
  const Eigen::Index lengthscales = kernel.distance_lengthscale_count();
  const Eigen::VectorXd& weights = workspace.weights;
  gradient.resize(kernel.parameter_count());
  gradient(kernel.signal_index()) = 0.5 * weights.dot(workspace.covariance);
  gradient(kernel.noise_index()) = 0.5 * noise_variance * weights_trace;
  if (kernel.overlap_columns() > 0)
    overlap_gradient(kernel, theta, workspace.squared_differences.data() + lengthscales, weights, workspace.covariance,
                     gradient);
  workspace.lengthscale_factor.array() *= weights.array();
  for (Eigen::Index l = 0; l < lengthscales; ++l) {
    gradient(l) = 0.5 * workspace.inverse_squared_lengthscales(l) *
                  workspace.lengthscale_factor.dot(workspace.squared_differences[static_cast<std::size_t>(l)]);
  }
}

/// −(n/2) log 2π.
double normalization(Eigen::Index n) { return -0.5 * static_cast<double>(n) * std::log(2.0 * std::numbers::pi); }

/// log σ̂_f² of the profile: log(q/n) clamped into the box of σ_f² and σ_n² = λσ_f², and whether the
/// clamp that acted was σ_n²'s (then σ_n² stays on its bound as λ moves, and σ_f² = σ_n²/λ follows).
struct ProfiledSignal {
  double log_signal_variance;
  bool noise_on_bound;
};

ProfiledSignal profiled_signal(double log_best, double log_ratio, const VarianceBox& box) {
  const double noise_lower = box.log_noise_min - log_ratio, noise_upper = box.log_noise_max - log_ratio;
  const double lower = std::max(box.log_signal_min, noise_lower), upper = std::min(box.log_signal_max, noise_upper);
  if (log_best < lower) return {lower, noise_lower > box.log_signal_min};
  if (log_best > upper) return {upper, noise_upper < box.log_signal_max};
  return {log_best, false};  // also NaN, which makes the likelihood NaN
}

}  // namespace

double log_marginal_likelihood(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                               const Eigen::VectorXd& theta, Eigen::VectorXd* gradient, LmlWorkspace& workspace) {
  const FlushSubnormals flush_subnormals;
  const double noise_variance = std::exp(theta(kernel.noise_index()));
  if (!factorize_covariance(kernel, x, theta, std::exp(theta(kernel.signal_index())), noise_variance,
                            gradient != nullptr, workspace)) {
    if (gradient) gradient->setZero(theta.size());
    return -std::numeric_limits<double>::infinity();
  }
  solve_targets(y, workspace);
  const double log_likelihood =
      -0.5 * y.dot(workspace.alpha) - half_log_determinant(workspace) + normalization(x.rows());
  if (!gradient) return log_likelihood;
  const double weights_trace = packed_weights(1.0, workspace);
  gradient_from_weights(kernel, theta, noise_variance, weights_trace, workspace, *gradient);
  return log_likelihood;
}

Eigen::VectorXd profiled_parameters(const Kernel& kernel, const Eigen::VectorXd& theta) {
  Eigen::VectorXd reduced = theta.head(kernel.lengthscale_count() + 1);
  reduced(kernel.signal_index()) = theta(kernel.noise_index()) - theta(kernel.signal_index());
  return reduced;
}

void profiled_bounds(const Kernel& kernel, const VarianceBox& box, const Eigen::VectorXd& lower,
                     const Eigen::VectorXd& upper, Eigen::VectorXd& reduced_lower, Eigen::VectorXd& reduced_upper) {
  const Eigen::Index ratio = kernel.signal_index();
  reduced_lower = lower.head(ratio + 1);
  reduced_upper = upper.head(ratio + 1);
  reduced_lower(ratio) = box.log_noise_min - box.log_signal_max;
  reduced_upper(ratio) = box.log_noise_max - box.log_signal_min;
}

double profiled_log_marginal_likelihood(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                        const Eigen::VectorXd& reduced, const VarianceBox& box,
                                        Eigen::VectorXd* gradient, Eigen::VectorXd& theta, LmlWorkspace& workspace) {
  const FlushSubnormals flush_subnormals;
  const Eigen::Index n = x.rows(), ratio_index = kernel.signal_index();
  const double log_ratio = reduced(ratio_index), ratio = std::exp(log_ratio);
  theta.resize(kernel.parameter_count());
  theta.head(ratio_index) = reduced.head(ratio_index);
  if (!factorize_covariance(kernel, x, theta, 1.0, ratio, gradient != nullptr, workspace)) {
    theta(kernel.signal_index()) = theta(kernel.noise_index()) = std::numeric_limits<double>::quiet_NaN();
    if (gradient) gradient->setZero(reduced.size());
    return -std::numeric_limits<double>::infinity();
  }
  // With A = R + λI = L Lᵀ, β = A⁻¹y, q = yᵀβ: log p = −q/(2σ_f²) − (n/2) log σ_f² − Σ log L_ii − (n/2) log 2π.
  solve_targets(y, workspace);
  const double q = y.dot(workspace.alpha);
  const ProfiledSignal signal = profiled_signal(std::log(std::max(q, 0.0) / static_cast<double>(n)), log_ratio, box);
  const double signal_variance = std::exp(signal.log_signal_variance);
  theta(kernel.signal_index()) = signal.log_signal_variance;
  theta(kernel.noise_index()) =
      std::clamp(log_ratio + signal.log_signal_variance, box.log_noise_min, box.log_noise_max);
  const double log_likelihood = -0.5 * q / signal_variance - 0.5 * static_cast<double>(n) * signal.log_signal_variance -
                                half_log_determinant(workspace) + normalization(n);
  if (!gradient) return log_likelihood;

  // The full gradient G at θ from W' = ββᵀ/σ_f² − A⁻¹ = σ_f² (ααᵀ − K_y⁻¹) with K_f = R, σ_n² = λ: the
  // factors σ_f² cancel in ½ tr(W ∂K_y). Then the chain rule through log σ_f²(η), whose own partial is 0
  // where it is free (G_σf + G_σn = 0): ∂/∂log λ = G_σn, or −G_σf when σ_n² sits on its bound.
  const double weights_trace = packed_weights(1.0 / signal_variance, workspace);
  Eigen::VectorXd& full = workspace.full_gradient;
  gradient_from_weights(kernel, theta, ratio, weights_trace, workspace, full);
  *gradient = full.head(ratio_index + 1);
  (*gradient)(ratio_index) = signal.noise_on_bound ? -full(kernel.signal_index()) : full(kernel.noise_index());
  return log_likelihood;
}

}  // namespace bosim
