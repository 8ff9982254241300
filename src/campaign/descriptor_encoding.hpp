// Descriptor encoding: each level of a categorical variable replaced by a numeric descriptor vector read from a file.
#pragma once

#include <Eigen/Core>
#include <map>
#include <string>
#include <vector>

#include "common/input_error.hpp"
#include "space/design_space.hpp"

namespace bosim {

/// Descriptors of the levels of categorical features, read from a CSV in one of two layouts:
/// - long: exactly the columns feature, level, descriptor, value (also named type, option,
///   desc_name, desc_val as in the EDBO descriptor files), one row per value;
/// - wide: first column feature (or type), second level (or option), then one column per descriptor.
/// A value that is not a finite number (a label such as an atom name) marks that descriptor missing
/// for that level.
struct DescriptorTable {
  struct Feature {
    std::vector<std::string> descriptors;               ///< names, in order of first appearance
    std::map<std::string, std::vector<double>> levels;  ///< level → values aligned with descriptors (NaN = missing)
  };
  std::string path;
  std::map<std::string, Feature> features;

  /// Throws InputError at file:line for a missing or malformed file (no feature/level columns, a
  /// long-format row without a value, a level listed twice for one descriptor).
  static DescriptorTable read(const std::string& path);
};

/// The codes of a categorical feature's levels (one row per level, in the feature's level order):
///  1. its descriptors that are finite for every level and vary across them (constant ones carry no
///     information; those missing for some level are skipped), each min-max scaled to [0, 1] over
///     the levels present, giving the L × K matrix P;
///  2. the principal coordinates of the centred rows, C = U Λ^{1/2} from P_c P_cᵀ = U Λ Uᵀ (Gower 1966,
///     classical scaling), at most L − 1 columns (eigenvalues above 10⁻¹² of the largest), which keep
///     every distance between levels exactly (‖C_a − C_b‖ = ‖P_a − P_b‖), so the GP pays for L − 1
///     columns instead of K (hundreds for DFT descriptors), each with its own ARD length scale;
///  3. divided by the largest distance between two levels, so the farthest levels are 1 apart (as far
///     as the ends of a unit-scaled continuous feature).
/// Throws InputError at `where` (the study key naming the file) when the file has no descriptors for
/// the feature, none for one of its levels, or none that varies.
Eigen::MatrixXd descriptor_codes(const FeatureRange& feature, const DescriptorTable& table,
                                 const SourcePosition& where);

}  // namespace bosim
