// Cholesky factor and inverse of a symmetric positive definite matrix, in blocks of 4 doubles.
#pragma once

#include <Eigen/Core>

namespace bosim {

/// The kernels below work on column-major matrices with n columns and padded_rows(n) rows: n rounded up
/// to a multiple of 4, so that every inner loop runs over whole blocks of 4 doubles (one AVX2 register)
/// from a row that is a multiple of 4, with no remainder loop and no run-time dispatch. Rows n … padded − 1
/// hold zeros, and the strict upper triangle of a lower-triangular result is scratch (the loops round their
/// first row down to a multiple of 4 and write there); neither changes any entry of a result.
///
/// Each kernel runs over blocks of 4 columns. What a block needs from the columns before it (after it, for
/// U Uᵀ) is a product of two such matrices, summed in register tiles of up to 12 rows × 4 columns (each
/// block of 4 doubles loaded serves 4 columns; Goto & van de Geijn, "Anatomy of high-performance matrix
/// multiplication", ACM TOMS 34(3), 2008); the block's own 4 columns then follow one by one. Sums run in
/// order of the inner index k. The three kernels take 1.3× less time than column by column at n = 100 and
/// 1.8× less at n = 200 (README, Performance: "Register tiles and libmvec's exp").
Eigen::Index padded_rows(Eigen::Index n);

/// Overwrites the lower triangle of `matrix` (padded_rows(n) × n, holding A in rows ≥ j of column j, zeros
/// in rows ≥ n, finite values elsewhere) with the Cholesky factor L of A = L Lᵀ, by blocks of 4 columns
/// (the gaxpy Cholesky, Golub & Van Loan, Matrix Computations, 4th ed. 2013, Algorithm 4.2.1):
///   v = A[j:, j] − Σ_{k<j} L_jk L[j:, k],   L_jj = √v_j,   L[j+1:, j] = v[j+1:] · (1 / L_jj),
/// where for column j of the block starting at column f the sum over k < f comes from the register tiles
/// and is subtracted first, then the terms f ≤ k < j one by one. Returns false, leaving `matrix`
/// unspecified, at the first pivot v_j that is not positive and finite (A not numerically positive
/// definite, or not finite).
bool cholesky_in_blocks(Eigen::MatrixXd& matrix, Eigen::Index n);

/// Solves A x = b in place with the factor L of cholesky_in_blocks (lower triangle of `factor`, A = L Lᵀ):
/// forward substitution L z = b by columns (z_j = b_j · (1 / L_jj), then b[j+1:] −= z_j L[j+1:, j]), then back
/// substitution Lᵀ x = z by inner products with the same columns (x_j = (z_j − L[j+1:, j]ᵀ x[j+1:]) · (1 / L_jj)),
/// Golub & Van Loan (2013), Algorithms 3.1.3 and 3.1.4. In: b, n values. Out: b = A⁻¹ b. 2n² flops in plain
/// loops, for BoxLbfgs's subproblems of a few to ~40 unknowns, where Eigen's triangular solves cost more in
/// call and dispatch overhead than in arithmetic (README, Performance: "Small-n kernels").
void solve_with_cholesky(const Eigen::MatrixXd& factor, Eigen::Index n, double* b);

/// Out: `upper` (resized to padded_rows(n) × n) = U = L⁻ᵀ for the factor L of cholesky_in_blocks (lower
/// triangle of `factor`), upper triangular with zeros in every other row, so that A⁻¹ = U Uᵀ. Computed
/// row by row of L⁻¹ (forward substitution, Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed.
/// 2002, Section 14.2): U_ii = 1/L_ii, U[:i, i] = −U_ii Σ_{k<i} L_ik U[:k+1, k], the terms k before the
/// block of column i from the register tiles, then the block's own ones. n³/3 flops.
void upper_inverse_factor(const Eigen::MatrixXd& factor, Eigen::Index n, Eigen::MatrixXd& upper);

/// Out: the lower triangle of A⁻¹ = U Uᵀ in rows ≥ j of column j of `inverse` (resized to padded_rows(n) × n;
/// its other rows are unspecified), from U of upper_inverse_factor: (A⁻¹)_rj = Σ_{k≥r} U_rk U_jk for r ≥ j,
/// all of it in register tiles. n³/3 flops.
void inverse_from_upper_factor(const Eigen::MatrixXd& upper, Eigen::Index n, Eigen::MatrixXd& inverse);

/// upper_inverse_factor into `scratch`, then inverse_from_upper_factor: 2n³/3 flops in all, like L⁻¹ by
/// triangular products and L⁻ᵀL⁻¹.
void inverse_from_cholesky(const Eigen::MatrixXd& factor, Eigen::Index n, Eigen::MatrixXd& scratch,
                           Eigen::MatrixXd& inverse);

/// Out: solution = A⁻¹ b = U (Uᵀ b) (n values) with U of upper_inverse_factor; scratch receives Uᵀ b. 2n²
/// flops as n independent inner products and n independent column updates. Where U is needed anyway (the
/// likelihood's gradient), this replaces two substitutions, each a chain of n dependent divisions.
void solve_with_upper_factor(const Eigen::MatrixXd& upper, Eigen::Index n, const Eigen::VectorXd& b,
                             Eigen::VectorXd& scratch, Eigen::VectorXd& solution);

}  // namespace bosim
