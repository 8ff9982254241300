#include "results/truth_designs.hpp"

#include <algorithm>

#include "results/packed_table.hpp"

namespace bosim {

void write_truth_designs(hid_t truth_group, const GroundTruth& truth) {
  const auto& features = truth.space().features();
  if (features.empty()) return;  // a truth without a design space (test doubles) has no coordinates to record
  PackedTable table;
  for (const FeatureRange& feature : features) {
    if (!feature.is_categorical()) {
      table.add_column(feature.name, ColumnType::float64);
      continue;
    }
    std::size_t longest = 1;
    for (const std::string& level : feature.levels) longest = std::max(longest, level.size());
    table.add_column(feature.name, ColumnType::text, longest);
  }
  const Eigen::MatrixXd& designs = truth.designs();
  table.resize(static_cast<std::size_t>(designs.rows()));
  for (Eigen::Index i = 0; i < designs.rows(); ++i) {
    for (std::size_t j = 0; j < features.size(); ++j) {
      const double value = designs(i, static_cast<Eigen::Index>(j));
      if (features[j].is_categorical())
        table.set_text(static_cast<std::size_t>(i), j, truth.space().value_text(static_cast<Eigen::Index>(j), value));
      else
        table.set(static_cast<std::size_t>(i), j, value);
    }
  }
  table.write(truth_group, truth_designs_dataset);
}

}  // namespace bosim
