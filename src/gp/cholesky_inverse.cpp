#include "gp/cholesky_inverse.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bosim {

namespace {

using Index = Eigen::Index;

Index round_down_4(Index i) { return i & ~Index{3}; }
Index round_up_4(Index i) { return (i + 3) & ~Index{3}; }

/// Doubles per vector register: 4 with AVX, 2 on the portable (SSE2) build.
#ifdef __AVX__
constexpr int lanes = 4;
#else
constexpr int lanes = 2;
#endif

/// One vector register of doubles (GCC's vector extension). UnalignedBlock is the same at a double's
/// alignment, to load from and store to a column.
using Block = double __attribute__((vector_size(8 * lanes)));
using UnalignedBlock = double __attribute__((vector_size(8 * lanes), aligned(8)));

Block load_block(const double* source) { return *reinterpret_cast<const UnalignedBlock*>(source); }
void store_block(double* target, Block block) { *reinterpret_cast<UnalignedBlock*>(target) = block; }

double horizontal_sum(Block block) {
  double sum = 0.0;
  for (int lane = 0; lane < lanes; ++lane) sum += block[lane];
  return sum;
}

/// Rows of 4 per register tile: with AVX, 4 columns × 3 blocks of sums, 3 loaded blocks and a broadcast
/// fill the 16 registers; with SSE2 (two registers per 4 rows), 4 columns × 2 registers of sums.
#ifdef __AVX__
constexpr int max_tile_quads = 3;
#else
constexpr int max_tile_quads = 1;
#endif

/// A tile of 4·quads rows × 4 columns: sum[q][b] holds rows lanes·b … lanes·b + lanes − 1 of column q.
template <int quads>
struct Tile {
  static constexpr int blocks = quads * 4 / lanes;
  Block sum[4][blocks];
};

/// The (4·quads) × 4 tile T[r, q] = Σ_{k = k_begin}^{k_end − 1} A[row + r, k] · C[column + q, k] of A Cᵀ for
/// column-major A and C of the same stride, summed in order of k in registers: each block loaded from A
/// serves four columns, where a column-by-column update loads one block per multiply-add (the register
/// tile of Goto & van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34(3), 2008).
template <int quads>
Tile<quads> tile_product(const double* __restrict__ a, const double* __restrict__ c, Index stride, Index row,
                         Index column, Index k_begin, Index k_end) {
  constexpr int blocks = Tile<quads>::blocks;
  Tile<quads> tile;
  for (int q = 0; q < 4; ++q)
    for (int b = 0; b < blocks; ++b) tile.sum[q][b] = Block{};
  for (Index k = k_begin; k < k_end; ++k) {
    Block rows[blocks];
    for (int b = 0; b < blocks; ++b) rows[b] = load_block(a + k * stride + row + lanes * b);
    const double* coefficients = c + k * stride + column;
    for (int q = 0; q < 4; ++q)
      for (int b = 0; b < blocks; ++b) tile.sum[q][b] += rows[b] * coefficients[q];
  }
  return tile;
}

/// Calls visit.template operator()<quads>(row) for tiles of 4·quads rows that cover [row_begin, row_end)
/// (multiples of 4), max_tile_quads at a time and the rest in one smaller tile.
template <class Visit>
void for_each_row_tile(Index row_begin, Index row_end, Visit&& visit) {
  Index row = row_begin;
  for (; row + 4 * max_tile_quads <= row_end; row += 4 * max_tile_quads) visit.template operator()<max_tile_quads>(row);
  const Index rest = (row_end - row) / 4;
  if (rest == 2) visit.template operator()<2>(row);
  if (rest == 1) visit.template operator()<1>(row);
}

/// Rows [row, row + 4·quads) of column first + q of `matrix` = combine(those rows, the tile's column q), q < width.
template <int quads, class Combine>
void apply_tile(const Tile<quads>& tile, double* matrix, Index stride, Index row, Index first, Index width,
                Combine combine) {
  for (Index q = 0; q < width; ++q)
    for (int b = 0; b < Tile<quads>::blocks; ++b) {
      double* target = matrix + (first + q) * stride + row + lanes * b;
      store_block(target, combine(load_block(target), tile.sum[q][b]));
    }
}

/// target[begin:end) += sign · a c[begin:end) (begin, end multiples of 4).
template <int sign>
void accumulate_one(double* __restrict__ target, const double* __restrict__ column, double a, Index begin, Index end) {
  for (Index block = begin; block < end; block += 4)
    for (Index r = block; r < block + 4; ++r)
      target[r] = sign > 0 ? target[r] + a * column[r] : target[r] - a * column[r];
}

}  // namespace

Index padded_rows(Index n) { return round_up_4(n); }

bool cholesky_in_blocks(Eigen::MatrixXd& matrix, Index n) {
  const Index stride = matrix.rows();
  double* data = matrix.data();
  for (Index first = 0; first < n; first += 4) {
    const Index width = std::min<Index>(4, n - first);
    // A[first:, block] −= L[first:, :first] L[block, :first]ᵀ, the columns left of the block.
    if (first > 0)
      for_each_row_tile(first, stride, [&]<int quads>(Index row) {
        const Tile<quads> tile = tile_product<quads>(data, data, stride, row, first, 0, first);
        apply_tile(tile, data, stride, row, first, width, [](Block a, Block sum) { return a - sum; });
      });
    for (Index j = first; j < first + width; ++j) {  // then the block's own columns, one by one
      double* column = data + j * stride;
      for (Index k = first; k < j; ++k)
        accumulate_one<-1>(column, data + k * stride, data[k * stride + j], first, stride);
      const double pivot = column[j];
      if (!(pivot > 0.0 && pivot <= std::numeric_limits<double>::max())) return false;
      const double diagonal = std::sqrt(pivot), reciprocal = 1.0 / diagonal;
      for (Index r = first; r < stride; ++r) column[r] *= reciprocal;
      column[j] = diagonal;
    }
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
  for (Index first = 0; first < n; first += 4) {
    const Index width = std::min<Index>(4, n - first);
    // Rows above the block: Σ_{k<first} U[:first, k] L[block, k]ᵀ (U[r, k] = 0 for k < r); zeros below.
    for (Index i = first; i < first + width; ++i)
      for (Index r = first; r < stride; ++r) u[i * stride + r] = 0.0;
    for_each_row_tile(0, first, [&]<int quads>(Index row) {
      const Tile<quads> tile = tile_product<quads>(u, l, stride, row, first, row, first);
      apply_tile(tile, u, stride, row, first, width, [](Block, Block sum) { return sum; });
    });
    for (Index i = first; i < first + width; ++i) {  // then the block's own columns, one by one
      double* column = u + i * stride;
      for (Index k = first; k < i; ++k)
        accumulate_one<+1>(column, u + k * stride, l[k * stride + i], 0, round_up_4(k + 1));
      const double reciprocal = 1.0 / l[i * stride + i];
      for (Index r = 0; r < round_up_4(i); ++r) column[r] *= -reciprocal;
      column[i] = reciprocal;
    }
  }
}

void inverse_from_upper_factor(const Eigen::MatrixXd& upper, Index n, Eigen::MatrixXd& inverse) {
  const Index stride = upper.rows();
  const double* u = upper.data();
  inverse.resize(stride, n);
  double* g = inverse.data();
  for (Index first = 0; first < n; first += 4) {  // A⁻¹ = U Uᵀ, rows ≥ first of 4 columns at a time
    const Index width = std::min<Index>(4, n - first);
    for_each_row_tile(first, stride, [&]<int quads>(Index row) {
      const Tile<quads> tile = tile_product<quads>(u, u, stride, row, first, row, n);
      apply_tile(tile, g, stride, row, first, width, [](Block, Block sum) { return sum; });
    });
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
    const Index whole_blocks_end = round_down_4(i + 1);
    Block partial{};  // interleaved partial sums, so that the additions do not wait on each other
    for (Index r = 0; r < whole_blocks_end; r += lanes) partial += load_block(column + r) * load_block(rhs + r);
    double sum = horizontal_sum(partial);
    for (Index r = whole_blocks_end; r <= i; ++r) sum += column[r] * rhs[r];
    z[i] = sum;
  }
  for (Index i = 0; i < n; ++i) {  // x = U z
    const double* column = u + i * stride;
    for (Index r = 0; r <= i; ++r) x[r] += z[i] * column[r];
  }
}

}  // namespace bosim
