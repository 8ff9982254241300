#include "campaign/categorical_encoding_kind.hpp"

namespace bosim {

const std::vector<CategoricalEncodingName>& categorical_encoding_table() {
  static const std::vector<CategoricalEncodingName> table = {
      {CategoricalEncoding::one_hot, "one-hot", "0/1 column per level, a length scale per column"},
      {CategoricalEncoding::one_hot_shared, "one-hot-shared", "0/1 column per level, a length scale per variable"},
      {CategoricalEncoding::overlap, "overlap", "exp(-sum_j [c_j != c'_j]/l_j) times the continuous kernel"},
      {CategoricalEncoding::descriptors, "descriptors", "each level's descriptor vector from the descriptors file"},
  };
  return table;
}

std::vector<std::string> categorical_encoding_names() {
  std::vector<std::string> names;
  for (const CategoricalEncodingName& entry : categorical_encoding_table()) names.emplace_back(entry.name);
  return names;
}

std::string to_string(CategoricalEncoding encoding) {
  for (const CategoricalEncodingName& entry : categorical_encoding_table())
    if (entry.encoding == encoding) return entry.name;
  return "?";
}

bool parse_categorical_encoding(const std::string& name, CategoricalEncoding& encoding) {
  for (const CategoricalEncodingName& entry : categorical_encoding_table())
    if (name == entry.name) {
      encoding = entry.encoding;
      return true;
    }
  return false;
}

}  // namespace bosim
