// The GP likelihood and its gradient computed the way limbo (resibots/limbo) computes them for its
// hyperparameter optimizer, as the comparison issue 16 names ("limbo's closest configuration": NLopt's L-BFGS
// over limbo's likelihood, with bosim's box, tolerance and starts).
//
// limbo is not packaged in Debian and none of its code is here. This reproduces the work one evaluation of
// limbo's objective does (model::GP with kernel::SquaredExpARD, noise optimized, mean::Data, through
// model::gp::KernelLFOpt and opt::NLOptGrad), step for step, so that bench/fit_vs_nlopt.cpp and
// bench/micro_benchmarks.cpp can time it on bosim's training sets:
//  1. the optimizer wrapper copies θ from NLopt's array into a vector, then into an Eigen vector, and the
//     gradient back the same way;
//  2. the objective copies the whole GP object (the samples as n separate heap vectors, the observations,
//     their centred copy, K_y, its factor, α, K_y⁻¹) and sets the kernel's hyperparameters on the copy;
//  3. it rebuilds K_y entry by entry, each entry a call on two sample vectors, with σ_n² and a jitter of 10⁻⁸
//     on the diagonal, factors it with Eigen's LLT and keeps the factor as a dense L;
//  4. α = L⁻ᵀ(L⁻¹ y) by two triangular solves, and log p = −½ yᵀα − Σᵢ log Lᵢᵢ − ½ n log 2π
//     (Rasmussen & Williams 2006, Algorithm 2.1);
//  5. K_y⁻¹ by two triangular solves of the identity, W = ααᵀ − K_y⁻¹, and ∂log p/∂θ_j = ½ tr(W ∂K_y/∂θ_j)
//     (R&W Eq. 5.9) summed over the pairs j ≤ i with the diagonal halved, each pair's ∂k/∂θ a newly
//     allocated vector to which the noise entry is appended.
// It uses bosim's θ = [log ℓ_d, log σ_f², log σ_n²] (limbo's own is [log ℓ_d, log σ_f, log σ_n]), so that
// both optimizers search the same space from the same starts. limbo asks NLopt to maximize log p; so does this.
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <utility>
#include <vector>

namespace bosim::bench {

/// The squared-exponential ARD kernel as limbo's kernel object holds it: θ and the length scales in heap vectors.
struct LimboLikeKernel {
  /// limbo adds this to K_y's diagonal, besides σ_n².
  static constexpr double diagonal_jitter = 1e-8;

  Eigen::VectorXd parameters;    ///< θ = [log ℓ_d, log σ_f², log σ_n²]
  Eigen::VectorXd lengthscales;  ///< ℓ_d
  double signal_variance = 1.0;
  double noise_variance = 1.0;

  void set_parameters(const Eigen::VectorXd& theta) {
    parameters = theta;
    const Eigen::Index dimension = theta.size() - 2;
    lengthscales.resize(dimension);
    for (Eigen::Index d = 0; d < dimension; ++d) lengthscales(d) = std::exp(theta(d));
    signal_variance = std::exp(theta(dimension));
    noise_variance = std::exp(theta(dimension + 1));
  }

  /// k(a, b) = σ_f² exp(−½ Σ_d ((a_d − b_d)/ℓ_d)²), plus σ_n² and the jitter when a and b are the same sample.
  double operator()(const Eigen::VectorXd& a, const Eigen::VectorXd& b, bool same_sample) const {
    const double k = signal_variance * std::exp(-0.5 * (a - b).cwiseQuotient(lengthscales).squaredNorm());
    return same_sample ? k + noise_variance + diagonal_jitter : k;
  }

  /// ∂k(a, b)/∂θ as a new vector: k ((a_d − b_d)/ℓ_d)² for each d, k for log σ_f², then σ_n² (same sample) or 0.
  Eigen::VectorXd gradient(const Eigen::VectorXd& a, const Eigen::VectorXd& b, bool same_sample) const {
    const Eigen::VectorXd scaled_squares = (a - b).cwiseQuotient(lengthscales).array().square();
    const Eigen::Index dimension = scaled_squares.size();
    const double k = signal_variance * std::exp(-0.5 * scaled_squares.sum());
    Eigen::VectorXd result(dimension + 1);
    result.head(dimension) = scaled_squares * k;
    result(dimension) = k;
    result.conservativeResize(dimension + 2);  // the noise entry, appended as limbo's kernel base appends it
    result(dimension + 1) = same_sample ? noise_variance : 0.0;
    return result;
  }
};

/// The GP object limbo's objective copies once per evaluation.
struct LimboLikeGp {
  std::vector<Eigen::VectorXd> samples;
  Eigen::MatrixXd observations;          ///< n × 1
  Eigen::MatrixXd centred_observations;  ///< y − ȳ (mean::Data), n × 1
  Eigen::MatrixXd kernel_matrix;         ///< K_y
  Eigen::MatrixXd lower_factor;          ///< L, K_y = L Lᵀ, dense
  Eigen::MatrixXd alpha;                 ///< K_y⁻¹ (y − ȳ)
  Eigen::MatrixXd inverse_kernel;        ///< K_y⁻¹ once the gradient has asked for it
  bool inverse_is_current = false;
  LimboLikeKernel kernel;

  /// The GP of (x, y) at θ, computed as limbo's GP::compute leaves it.
  LimboLikeGp(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& theta) {
    for (Eigen::Index i = 0; i < x.rows(); ++i) samples.push_back(x.row(i).transpose());
    observations = y;
    centred_observations = observations.array() - observations.mean();
    kernel.set_parameters(theta);
    recompute();
  }

  /// K_y, L and α for the kernel's present θ. Out: false when K_y is not positive definite.
  bool recompute() {
    const Eigen::Index n = static_cast<Eigen::Index>(samples.size());
    kernel_matrix.resize(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j <= i; ++j)
        kernel_matrix(i, j) =
            kernel(samples[static_cast<std::size_t>(i)], samples[static_cast<std::size_t>(j)], i == j);
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j < i; ++j) kernel_matrix(j, i) = kernel_matrix(i, j);
    const Eigen::LLT<Eigen::MatrixXd> llt(kernel_matrix);
    lower_factor = llt.matrixL();
    alpha = lower_factor.triangularView<Eigen::Lower>().solve(centred_observations);
    lower_factor.triangularView<Eigen::Lower>().adjoint().solveInPlace(alpha);
    inverse_is_current = false;
    return llt.info() == Eigen::Success;
  }

  /// log p = −½ (y − ȳ)ᵀα − Σᵢ log Lᵢᵢ − ½ n log 2π.
  double log_likelihood() const {
    const long double log_determinant = 2 * lower_factor.diagonal().array().log().sum();
    const double fit = (centred_observations.transpose() * alpha).trace();
    const double n = static_cast<double>(samples.size());
    return static_cast<double>(-0.5 * fit - 0.5 * log_determinant - 0.5 * n * std::log(2 * std::numbers::pi));
  }

  /// ∂log p/∂θ = ½ tr((ααᵀ − K_y⁻¹) ∂K_y/∂θ), pair by pair.
  Eigen::VectorXd gradient() {
    const Eigen::Index n = static_cast<Eigen::Index>(samples.size());
    if (!inverse_is_current) {
      inverse_kernel = Eigen::MatrixXd::Identity(n, n);
      lower_factor.triangularView<Eigen::Lower>().solveInPlace(inverse_kernel);
      lower_factor.triangularView<Eigen::Lower>().transpose().solveInPlace(inverse_kernel);
      inverse_is_current = true;
    }
    Eigen::MatrixXd w = inverse_kernel;
    w = alpha * alpha.transpose() - w;
    Eigen::VectorXd result = Eigen::VectorXd::Zero(kernel.parameters.size());
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j <= i; ++j) {
        const Eigen::VectorXd pair =
            kernel.gradient(samples[static_cast<std::size_t>(i)], samples[static_cast<std::size_t>(j)], i == j);
        result += (i == j ? 0.5 : 1.0) * w(i, j) * pair;
      }
    return result;
  }
};

/// limbo's objective with its optimizer wrapper: log p(θ) and ∂log p/∂θ from a fresh copy of the GP.
struct LimboLikeObjective {
  const LimboLikeGp& original;
  int evaluations = 0;
  double best = -std::numeric_limits<double>::infinity();
  std::vector<double> theta_buffer{}, gradient_buffer{};  ///< the NLopt C++ wrapper's copies

  /// log p at θ (count entries); fills gradient when it is not null. A K_y that is not positive definite
  /// gives −10¹⁰ and a zero gradient, as the textbook stand-in does.
  double log_likelihood(unsigned count, const double* theta, double* gradient) {
    ++evaluations;
    theta_buffer.assign(theta, theta + count);
    const Eigen::VectorXd parameters = Eigen::Map<const Eigen::VectorXd>(theta_buffer.data(), count);
    LimboLikeGp gp(original);
    gp.kernel.set_parameters(parameters);
    if (!gp.recompute()) {
      if (gradient) std::fill(gradient, gradient + count, 0.0);
      return -1e10;
    }
    const double value = gp.log_likelihood();
    best = std::max(best, value);
    if (gradient) {
      const std::pair<double, Eigen::VectorXd> returned{value, gp.gradient()};
      const Eigen::VectorXd derivative = returned.second;  // the wrapper's copy out of the returned pair
      gradient_buffer.assign(derivative.data(), derivative.data() + count);
      std::copy(gradient_buffer.begin(), gradient_buffer.end(), gradient);
    }
    return value;
  }
};

}  // namespace bosim::bench
