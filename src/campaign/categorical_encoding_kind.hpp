// CategoricalEncoding: how the surrogate model sees categorical features — the one name table of the [model] key
// `encoding`.
#pragma once

#include <string>
#include <vector>

namespace bosim {

/// How categorical features reach the GP (continuous features always enter as unit-scaled columns).
/// Each encoding has its own file with its formula and source; features with one level are left out.
enum class CategoricalEncoding {
  one_hot,         ///< "one-hot": L 0/1 columns per variable, one length scale per column (one_hot_encoding.hpp)
  one_hot_shared,  ///< "one-hot-shared": the same columns, one length scale per variable (one_hot_encoding.hpp)
  overlap,         ///< "overlap": exp(−Σ_j [c_j ≠ c'_j]/ℓ_j) times the kernel over the continuous part
                   ///< (gp/overlap_kernel.hpp)
  descriptors,     ///< "descriptors": each level replaced by its descriptor vector from a file
                   ///< (descriptor_encoding.hpp)
};

/// One entry of the table: the enum, its study-file name and a line of help.
struct CategoricalEncodingName {
  CategoricalEncoding encoding;
  const char* name;
  const char* help;
};

/// The table, in the order `bosim validate` lists the choices.
const std::vector<CategoricalEncodingName>& categorical_encoding_table();
std::vector<std::string> categorical_encoding_names();
std::string to_string(CategoricalEncoding encoding);
/// False when the name is not in the table.
bool parse_categorical_encoding(const std::string& name, CategoricalEncoding& encoding);

}  // namespace bosim
