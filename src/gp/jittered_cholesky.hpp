// JitteredCholesky: Cholesky factorization that escalates a diagonal jitter until it succeeds.
#pragma once

#include <Eigen/Core>

namespace bosim {

/// The relative jitters c tried after c = 0: 10^first, 10^(first + step), …, up to 10^last
/// (exponents between −16 and 0; the powers are exact literals, never products that drift).
struct JitterLadder {
  int first_exponent = -10;
  int last_exponent = -2;
  int exponent_step = 1;
};

/// Factorizes a symmetric matrix A = L Lᵀ (in place with Eigen's LLT, or from a packed
/// triangle with cholesky_in_blocks for the likelihood). When A is not numerically
/// positive definite (a pivot ≤ 0 or not finite) it retries with A + εI for
/// ε = c · mean(diag A), c from a JitterLadder: by default 10⁻¹⁰, 10⁻⁹, …, 10⁻²
/// (the usual GP remedy, Rasmussen & Williams 2006, Section A.4 / Algorithm 2.1
/// with added jitter). The one ladder of bosim: the GP's K_y uses the default,
/// Thompson sampling's posterior covariance {−12, −4, 2}. Holds a copy of the
/// original diagonal so that repeated in-place factorizations of the same size allocate nothing.
class JitteredCholesky {
 public:
  /// Throws std::invalid_argument for exponents outside [−16, 0], first > last, or step < 1.
  explicit JitteredCholesky(JitterLadder ladder = {});

  /// Overwrites the lower triangle of the full symmetric `matrix` with L (the
  /// strict upper triangle keeps A) and returns true. Returns false, with
  /// `matrix` restored to A, when even the largest jitter fails or A has a
  /// non-finite or non-positive mean diagonal.
  bool factorize(Eigen::MatrixXd& matrix);

  /// The same ladder with cholesky_in_blocks (gp/cholesky_inverse.hpp, for upper_inverse_factor) on
  /// A = P + shift · I of order n, where `packed_lower` holds P's lower triangle column by column (rows
  /// j … n−1 of column j, n(n+1)/2 entries): writes the factor L of A (+ εI) to the lower triangle of
  /// `factor`, resized to padded_rows(n) × n. Returns false, with `factor` unspecified, when even the
  /// largest jitter fails or A has a non-finite or non-positive mean diagonal.
  bool factorize_in_blocks(const Eigen::VectorXd& packed_lower, double shift, Eigen::Index n, Eigen::MatrixXd& factor);

  /// Jitter ε added to the diagonal by the last factorization (0 when none was needed or it failed).
  double jitter() const { return jitter_; }

 private:
  /// Tries attempt(0), then attempt(ε) up the ladder, until one returns true; jitter_ ends as the ε that
  /// succeeded (0 when none did).
  template <class Attempt>
  bool climb_ladder(double mean_diagonal, Attempt attempt);

  JitterLadder ladder_;
  Eigen::VectorXd diagonal_;
  double jitter_ = 0.0;
};

}  // namespace bosim
