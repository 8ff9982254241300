#include "gp/cholesky_inverse.hpp"

#include <cmath>
#include <limits>

namespace bosim {

namespace {

using Index = Eigen::Index;

Index round_down_4(Index i) { return i & ~Index{3}; }
Index round_up_4(Index i) { return (i + 3) & ~Index{3}; }

/// target[begin:end) += sign · (a_0 c_0 + a_1 c_1 + a_2 c_2 + a_3 c_3)[begin:end) for the four columns
/// c_q = columns + q · stride; begin and end are multiples of 4, so the inner loop is one block of 4
/// doubles that the compiler keeps in a vector register.
template <int sign>
void accumulate_four(double* __restrict__ target, const double* __restrict__ columns, Index stride,
                     const double (&a)[4], Index begin, Index end) {
  const double* __restrict__ c0 = columns;
  const double* __restrict__ c1 = columns + stride;
  const double* __restrict__ c2 = columns + 2 * stride;
  const double* __restrict__ c3 = columns + 3 * stride;
  for (Index block = begin; block < end; block += 4)
    for (Index r = block; r < block + 4; ++r) {
      const double sum = (a[0] * c0[r] + a[1] * c1[r]) + (a[2] * c2[r] + a[3] * c3[r]);
      target[r] = sign > 0 ? target[r] + sum : target[r] - sum;
    }
}

/// target[begin:end) += sign · a c[begin:end) (begin, end multiples of 4).
template <int sign>
void accumulate_one(double* __restrict__ target, const double* __restrict__ column, double a, Index begin, Index end) {
  for (Index block = begin; block < end; block += 4)
    for (Index r = block; r < block + 4; ++r)
      target[r] = sign > 0 ? target[r] + a * column[r] : target[r] - a * column[r];
}

/// target[begin:end_k) += sign · coefficient(k) · (column k of `data`)[begin:end_k) for k = first … last − 1,
/// four columns at a time (then end_k = end_of(k + 3), the largest of the four) and the rest one by one.
template <int sign, class Coefficients, class EndOf>
void accumulate_columns(double* target, const double* data, Index stride, Index first, Index last, Index begin,
                        Coefficients coefficient, EndOf end_of) {
  Index k = first;
  for (; k + 4 <= last; k += 4) {
    double a[4];
    for (Index q = 0; q < 4; ++q) a[q] = coefficient(k + q);
    accumulate_four<sign>(target, data + k * stride, stride, a, begin, end_of(k + 3));
  }
  for (; k < last; ++k) accumulate_one<sign>(target, data + k * stride, coefficient(k), begin, end_of(k));
}

}  // namespace

Index padded_rows(Index n) { return round_up_4(n); }

bool cholesky_in_blocks(Eigen::MatrixXd& matrix, Index n) {
  const Index stride = matrix.rows();
  double* data = matrix.data();
  for (Index j = 0; j < n; ++j) {
    double* column = data + j * stride;
    const Index begin = round_down_4(j);
    accumulate_columns<-1>(
        column, data, stride, 0, j, begin, [&](Index k) { return data[k * stride + j]; },
        [&](Index) { return stride; });
    const double pivot = column[j];
    if (!(pivot > 0.0 && pivot <= std::numeric_limits<double>::max())) return false;
    const double diagonal = std::sqrt(pivot), reciprocal = 1.0 / diagonal;
    for (Index r = begin; r < stride; ++r) column[r] *= reciprocal;
    column[j] = diagonal;
  }
  return true;
}

void solve_with_cholesky(const Eigen::MatrixXd& factor, Index n, double* __restrict__ b) {
  const Index stride = factor.rows();
  const double* __restrict__ l = factor.data();
  for (Index j = 0; j < n; ++j) {
    const double* column = l + j * stride;
    const double z = b[j] * (1.0 / column[j]);  // the division stays off the chain through b
    b[j] = z;
    for (Index r = j + 1; r < n; ++r) b[r] -= z * column[r];
  }
  for (Index j = n - 1; j >= 0; --j) {
    const double* column = l + j * stride;
    double sum = 0.0;
    for (Index r = j + 1; r < n; ++r) sum += column[r] * b[r];
    b[j] = (b[j] - sum) * (1.0 / column[j]);
  }
}

void upper_inverse_factor(const Eigen::MatrixXd& factor, Index n, Eigen::MatrixXd& upper) {
  const Index stride = factor.rows();
  const double* l = factor.data();
  upper.resize(stride, n);
  double* u = upper.data();
  for (Index i = 0; i < n; ++i) {  // zeros below the diagonal
    double* column = u + i * stride;
    for (Index r = 0; r < stride; ++r) column[r] = 0.0;
    accumulate_columns<+1>(
        column, u, stride, 0, i, 0, [&](Index k) { return l[k * stride + i]; },
        [](Index k) { return round_up_4(k + 1); });
    const double reciprocal = 1.0 / l[i * stride + i];
    for (Index r = 0; r < round_up_4(i); ++r) column[r] *= -reciprocal;
    column[i] = reciprocal;
  }
}

void inverse_from_upper_factor(const Eigen::MatrixXd& upper, Index n, Eigen::MatrixXd& inverse) {
  const Index stride = upper.rows();
  const double* u = upper.data();
  inverse.resize(stride, n);
  double* g = inverse.data();
  for (Index j = 0; j < n; ++j) {  // A⁻¹ = U Uᵀ, rows ≥ j of column j
    double* column = g + j * stride;
    const Index begin = round_down_4(j);
    for (Index r = begin; r < stride; ++r) column[r] = 0.0;
    accumulate_columns<+1>(
        column, u, stride, j, n, begin, [&](Index k) { return u[k * stride + j]; },
        [](Index k) { return round_up_4(k + 1); });
  }
}

void inverse_from_cholesky(const Eigen::MatrixXd& factor, Index n, Eigen::MatrixXd& scratch, Eigen::MatrixXd& inverse) {
  upper_inverse_factor(factor, n, scratch);
  inverse_from_upper_factor(scratch, n, inverse);
}

void solve_with_upper_factor(const Eigen::MatrixXd& upper, Index n, const Eigen::VectorXd& b, Eigen::VectorXd& scratch,
                             Eigen::VectorXd& solution) {
  const Index stride = upper.rows();
  const double* __restrict__ u = upper.data();
  const double* __restrict__ rhs = b.data();
  scratch.resize(n);
  solution.setZero(n);
  double* __restrict__ z = scratch.data();
  double* __restrict__ x = solution.data();
  for (Index i = 0; i < n; ++i) {  // z = Uᵀ b: independent inner products with the columns of U
    const double* column = u + i * stride;
    double sum = 0.0;
    for (Index r = 0; r <= i; ++r) sum += column[r] * rhs[r];
    z[i] = sum;
  }
  for (Index i = 0; i < n; ++i) {  // x = U z
    const double* column = u + i * stride;
    for (Index r = 0; r <= i; ++r) x[r] += z[i] * column[r];
  }
}

}  // namespace bosim
