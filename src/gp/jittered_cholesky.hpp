// JitteredCholesky: in-place Cholesky factorization that escalates a diagonal jitter until it succeeds.
#pragma once

#include <Eigen/Core>

namespace bosim {

/// Factorizes a symmetric matrix A = L Lᵀ in place. When A is not numerically
/// positive definite it retries with A + εI for ε = c · mean(diag A),
/// c = 10⁻¹⁰, 10⁻⁹, …, 10⁻² (the usual GP remedy, Rasmussen & Williams 2006,
/// Section A.4 / Algorithm 2.1 with added jitter). Holds a copy of the original
/// diagonal so that repeated factorizations of the same size allocate nothing.
class JitteredCholesky {
 public:
  /// Overwrites the lower triangle of the full symmetric `matrix` with L (the
  /// strict upper triangle keeps A) and returns true. Returns false, with
  /// `matrix` restored to A, when even the largest jitter fails or A has a
  /// non-finite or non-positive mean diagonal.
  bool factorize(Eigen::MatrixXd& matrix);

  /// Jitter ε added to the diagonal by the last factorize() (0 when none was needed).
  double jitter() const { return jitter_; }

 private:
  Eigen::VectorXd diagonal_;
  double jitter_ = 0.0;
};

}  // namespace bosim
