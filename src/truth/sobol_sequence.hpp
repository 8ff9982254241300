// SobolSequence: the Sobol low-discrepancy sequence in up to 21 dimensions (Joe & Kuo direction numbers).
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <vector>

namespace bosim {

/// Sobol' points in [0, 1)^D generated in Gray-code order (Antonov & Saleev 1979):
///   x_0 = 0,  x_n = x_{n−1} ⊕ v_{c(n−1)},
/// where c(k) is the index of the lowest zero bit of k and v_j are the 32-bit
/// direction numbers of each dimension. Dimension 1 uses m_j = 1; dimensions
/// 2–21 use the primitive polynomials and initial m_j of Joe & Kuo,
/// "Constructing Sobol sequences with better two-dimensional projections",
/// SIAM J. Sci. Comput. 30 (2008), file new-joe-kuo-6.21201, with the recurrence
///   m_j = 2a_1 m_{j−1} ⊕ 2²a_2 m_{j−2} ⊕ … ⊕ 2^{s−1}a_{s−1} m_{j−s+1} ⊕ 2^s m_{j−s} ⊕ m_{j−s}
/// (Bratley & Fox, ACM TOMS 14, 1988, Eq. 2). The unscrambled points equal those
/// of scipy.stats.qmc.Sobol(scramble=False), starting with the origin.
class SobolSequence {
 public:
  static constexpr int max_dimension = 21;
  static constexpr int bits = 32;

  /// Throws std::invalid_argument unless 1 ≤ dimension ≤ max_dimension.
  explicit SobolSequence(int dimension);

  int dimension() const { return dimension_; }
  /// The next point as 32-bit integers (the point is integers / 2^32); the first call gives the origin.
  const std::vector<std::uint32_t>& next_integers();
  /// The next point in [0, 1)^D.
  Eigen::RowVectorXd next();

 private:
  int dimension_;
  std::vector<std::array<std::uint32_t, bits>> directions_;  ///< v_j = m_j · 2^(32 − j), j = 1..32
  std::vector<std::uint32_t> state_;
  std::uint64_t index_ = 0;  ///< points generated so far
};

/// count Sobol points in [0, 1)^D, each XOR-ed with one random 32-bit digital
/// shift per dimension (a random digital shift keeps the net structure while
/// making the point set depend on the seed; Dick & Pillichshammer 2010, Sec. 4.4).
/// shift_seed = 0 gives the unshifted sequence.
Eigen::MatrixXd shifted_sobol_points(Eigen::Index count, int dimension, std::uint64_t shift_seed);

}  // namespace bosim
