// SobolSequence: direction numbers from Joe & Kuo's primitive polynomials and Gray-code generation.
#include "truth/sobol_sequence.hpp"

#include <stdexcept>
#include <string>

#include "common/random.hpp"

namespace bosim {
namespace {

/// One row of new-joe-kuo-6.21201: degree s of the primitive polynomial, its
/// inner coefficients a (s − 1 bits, a_1 most significant) and the initial m_1..m_s.
struct DirectionRow {
  int degree;
  std::uint32_t coefficients;
  std::array<std::uint32_t, 7> initial;
};

/// Dimensions 2..21 (Joe & Kuo 2008, new-joe-kuo-6.21201).
constexpr std::array<DirectionRow, SobolSequence::max_dimension - 1> joe_kuo_rows = {{
    {1, 0, {1}},
    {2, 1, {1, 3}},
    {3, 1, {1, 3, 1}},
    {3, 2, {1, 1, 1}},
    {4, 1, {1, 1, 3, 3}},
    {4, 4, {1, 3, 5, 13}},
    {5, 2, {1, 1, 5, 5, 17}},
    {5, 4, {1, 1, 5, 5, 5}},
    {5, 7, {1, 1, 7, 11, 19}},
    {5, 11, {1, 1, 5, 1, 1}},
    {5, 13, {1, 1, 1, 3, 11}},
    {5, 14, {1, 3, 5, 5, 31}},
    {6, 1, {1, 3, 3, 9, 7, 49}},
    {6, 13, {1, 1, 1, 15, 21, 21}},
    {6, 16, {1, 3, 1, 13, 27, 49}},
    {6, 19, {1, 1, 1, 15, 7, 5}},
    {6, 22, {1, 3, 1, 15, 13, 25}},
    {6, 25, {1, 1, 5, 5, 19, 61}},
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},
}};

/// Direction numbers v_1..v_32 of one dimension (index 0 is dimension 1).
std::array<std::uint32_t, SobolSequence::bits> direction_numbers(int dimension_index) {
  constexpr int bits = SobolSequence::bits;
  std::array<std::uint32_t, bits> v{};
  if (dimension_index == 0) {
    for (int j = 0; j < bits; ++j) v[static_cast<size_t>(j)] = 1U << (bits - 1 - j);
    return v;
  }
  const DirectionRow& row = joe_kuo_rows[static_cast<size_t>(dimension_index - 1)];
  const int s = row.degree;
  for (int j = 0; j < s; ++j) v[static_cast<size_t>(j)] = row.initial[static_cast<size_t>(j)] << (bits - 1 - j);
  for (int j = s; j < bits; ++j) {
    std::uint32_t value = v[static_cast<size_t>(j - s)] ^ (v[static_cast<size_t>(j - s)] >> s);
    for (int k = 1; k < s; ++k)
      if ((row.coefficients >> (s - 1 - k)) & 1U) value ^= v[static_cast<size_t>(j - k)];
    v[static_cast<size_t>(j)] = value;
  }
  return v;
}

}  // namespace

SobolSequence::SobolSequence(int dimension) : dimension_(dimension) {
  if (dimension < 1 || dimension > max_dimension)
    throw std::invalid_argument("Sobol sequence: dimension " + std::to_string(dimension) + " is outside 1.." +
                                std::to_string(max_dimension));
  for (int d = 0; d < dimension; ++d) directions_.push_back(direction_numbers(d));
  state_.assign(static_cast<size_t>(dimension), 0U);
}

const std::vector<std::uint32_t>& SobolSequence::next_integers() {
  if (index_ > 0) {
    // Gray-code step: flip by the direction number of the lowest zero bit of index − 1.
    std::uint64_t previous = index_ - 1;
    int lowest_zero = 0;
    while (previous & 1U) {
      previous >>= 1;
      ++lowest_zero;
    }
    if (lowest_zero >= bits) throw std::length_error("Sobol sequence exhausted (2^32 points)");
    for (int d = 0; d < dimension_; ++d)
      state_[static_cast<size_t>(d)] ^= directions_[static_cast<size_t>(d)][static_cast<size_t>(lowest_zero)];
  }
  ++index_;
  return state_;
}

Eigen::RowVectorXd SobolSequence::next() {
  const std::vector<std::uint32_t>& integers = next_integers();
  Eigen::RowVectorXd point(dimension_);
  for (int d = 0; d < dimension_; ++d) point[d] = static_cast<double>(integers[static_cast<size_t>(d)]) * 0x1.0p-32;
  return point;
}

Eigen::MatrixXd shifted_sobol_points(Eigen::Index count, int dimension, std::uint64_t shift_seed) {
  SobolSequence sequence(dimension);
  std::vector<std::uint32_t> shift(static_cast<size_t>(dimension), 0U);
  if (shift_seed != 0) {
    Rng rng(shift_seed);
    for (auto& word : shift) word = static_cast<std::uint32_t>(rng() >> 32);
  }
  Eigen::MatrixXd points(count, dimension);
  for (Eigen::Index i = 0; i < count; ++i) {
    const std::vector<std::uint32_t>& integers = sequence.next_integers();
    for (int d = 0; d < dimension; ++d)
      points(i, d) = static_cast<double>(integers[static_cast<size_t>(d)] ^ shift[static_cast<size_t>(d)]) * 0x1.0p-32;
  }
  return points;
}

}  // namespace bosim
