// GaussianProcess: zero-mean GP regression conditioned on standardized data; batched predictive mean and variance.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "gp/jittered_cholesky.hpp"
#include "gp/kernel.hpp"

namespace bosim {

/// Posterior of a zero-mean GP with Gaussian noise (Rasmussen & Williams 2006,
/// Algorithm 2.1; reference study Eqs. 5–8):
///   K_y = K(X, X) + σ_n² I = L Lᵀ,   α = K_y⁻¹ y,
///   μ(x*) = k*ᵀ α,   σ²(x*) = k(x*, x*) − ‖L⁻¹ k*‖².
/// The Cholesky factorization escalates a diagonal jitter (10⁻¹⁰ … 10⁻² of the
/// mean diagonal) when K_y is not numerically positive definite. Every member
/// computes with subnormal numbers flushed to zero (FlushSubnormals).
class GaussianProcess {
 public:
  explicit GaussianProcess(Kernel kernel);

  const Kernel& kernel() const { return kernel_; }

  /// Conditions on unit-scaled inputs x (n × D) and targets y with
  /// log-hyperparameters θ. Returns false when even the largest jitter fails;
  /// the GP then holds no training data (predictions are the prior) until the
  /// next successful condition().
  bool condition(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& theta);

  /// Adds one training input keeping θ: extends the Cholesky factor by one row
  /// in O(n²) instead of refactoring in O(n³). The targets must be set again
  /// with set_targets() (standardization changes them all); until then the mean
  /// is that of zero targets. Uses the jitter of the last factorization.
  /// Returns false (and leaves the GP unchanged) when the new pivot
  ///   d² = k(x, x) + σ_n² + jitter − ‖L⁻¹ k(X, x)‖²
  /// is not positive.
  bool add_input(const Eigen::RowVectorXd& x);
  /// Replaces the targets (same inputs): α = K_y⁻¹ y in O(n²).
  void set_targets(const Eigen::VectorXd& y);

  Eigen::Index training_size() const { return x_.rows(); }
  const Eigen::VectorXd& hyperparameters() const { return theta_; }
  double noise_variance() const;
  /// Diagonal jitter that the last factorization needed (0 when none).
  double jitter() const { return jitter_; }

  /// Predictive mean and variance of the latent f at every row of candidates
  /// (m × D), in blocks, writing into mean and variance (resized to m). Uses
  /// one triangular solve with many right-hand sides per block; memory is
  /// O(block·n) beyond the outputs. Add noise_variance() for a new observation y*.
  void predict(const Eigen::MatrixXd& candidates, Eigen::VectorXd& mean, Eigen::VectorXd& variance) const;

  /// Joint posterior covariance of f at the candidates (m × m), for Thompson sampling:
  ///   K(C, C) − Vᵀ V,  V = L⁻¹ K(X, C)   (Rasmussen & Williams 2006, Eq. 2.24), exactly symmetric.
  Eigen::MatrixXd posterior_covariance(const Eigen::MatrixXd& candidates) const;

 private:
  Kernel kernel_;
  Eigen::MatrixXd x_;
  Eigen::VectorXd theta_;
  Eigen::MatrixXd chol_;  ///< lower triangle: L of K_y (+ jitter); strict upper triangle unused
  Eigen::VectorXd alpha_;
  double jitter_ = 0.0;
  JitteredCholesky cholesky_;
  Eigen::VectorXd new_cross_;            ///< add_input: k(X, x), then L⁻¹ k(X, x)
  mutable Eigen::MatrixXd cross_block_;  ///< reused n × block buffer
};

}  // namespace bosim
