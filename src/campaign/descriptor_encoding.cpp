#include "campaign/descriptor_encoding.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>

#include "truth/csv_table.hpp"

namespace bosim {
namespace {

int column_named(const CsvTable& table, const char* name, const char* alias) {
  const int index = table.column_index(name);
  return index >= 0 ? index : table.column_index(alias);
}

double cell_value(const std::string& cell) {
  double value = 0.0;
  return parse_finite_double(cell, value) ? value : std::numeric_limits<double>::quiet_NaN();
}

/// Stores one value; a second value of the same (feature, level, descriptor) is an error at its line.
void store(DescriptorTable& table, const std::string& feature, const std::string& level, const std::string& descriptor,
           double value, int line) {
  DescriptorTable::Feature& entry = table.features[feature];
  auto position = std::find(entry.descriptors.begin(), entry.descriptors.end(), descriptor);
  const auto index = static_cast<size_t>(position - entry.descriptors.begin());
  if (position == entry.descriptors.end()) {
    entry.descriptors.push_back(descriptor);
    for (auto& [name, values] : entry.levels) values.push_back(std::numeric_limits<double>::quiet_NaN());
  }
  auto [values, added] = entry.levels.try_emplace(level);
  if (added) values->second.assign(entry.descriptors.size(), std::numeric_limits<double>::quiet_NaN());
  if (!std::isnan(values->second[index]))
    throw InputError(
        "descriptor \"" + descriptor + "\" of level \"" + level + "\" of feature \"" + feature + "\" is given twice",
        SourcePosition(table.path, line));
  values->second[index] = value;
}

}  // namespace

DescriptorTable DescriptorTable::read(const std::string& path) {
  const CsvTable csv = CsvTable::read(path);
  DescriptorTable table;
  table.path = path;
  const int feature = column_named(csv, "feature", "type");
  const int level = column_named(csv, "level", "option");
  if (feature < 0 || level < 0)
    throw InputError(
        "a descriptor file needs columns feature (or type) and level (or option); it has " + csv.column_list(),
        SourcePosition(path, csv.header_line));
  const int descriptor = column_named(csv, "descriptor", "desc_name");
  const int value = column_named(csv, "value", "desc_val");
  const bool long_format = csv.header.size() == 4 && descriptor >= 0 && value >= 0;
  for (std::size_t row = 0; row < csv.rows.size(); ++row) {
    const auto& cells = csv.rows[row];
    const std::string& feature_name = cells[static_cast<size_t>(feature)];
    const std::string& level_name = cells[static_cast<size_t>(level)];
    if (feature_name.empty() || level_name.empty())
      throw InputError("empty feature or level name", SourcePosition(path, csv.row_lines[row]));
    if (long_format) {
      store(table, feature_name, level_name, cells[static_cast<size_t>(descriptor)],
            cell_value(cells[static_cast<size_t>(value)]), csv.row_lines[row]);
      continue;
    }
    for (int column = 0; column < static_cast<int>(csv.header.size()); ++column)
      if (column != feature && column != level)
        store(table, feature_name, level_name, csv.header[static_cast<size_t>(column)],
              cell_value(cells[static_cast<size_t>(column)]), csv.row_lines[row]);
  }
  return table;
}

Eigen::MatrixXd descriptor_codes(const FeatureRange& feature, const DescriptorTable& table,
                                 const SourcePosition& where) {
  const auto found = table.features.find(feature.name);
  if (found == table.features.end())
    throw InputError(
        "descriptor file " + table.path + " has no descriptors for categorical feature \"" + feature.name + "\"",
        where);
  const DescriptorTable::Feature& descriptors = found->second;
  const auto levels = static_cast<Eigen::Index>(feature.levels.size());
  const auto count = static_cast<Eigen::Index>(descriptors.descriptors.size());
  Eigen::MatrixXd all(levels, count);
  for (Eigen::Index i = 0; i < levels; ++i) {
    const std::string& level = feature.levels[static_cast<size_t>(i)];
    const auto values = descriptors.levels.find(level);
    if (values == descriptors.levels.end())
      throw InputError("descriptor file " + table.path + " has no descriptors for level \"" + level +
                           "\" of feature \"" + feature.name + "\"",
                       where);
    for (Eigen::Index k = 0; k < count; ++k) all(i, k) = values->second[static_cast<size_t>(k)];
  }

  // 1. Finite for every level and varying, min-max scaled.
  Eigen::MatrixXd kept(levels, count);
  Eigen::Index used = 0;
  for (Eigen::Index k = 0; k < count; ++k) {
    const auto column = all.col(k);
    if (!column.allFinite()) continue;
    const double low = column.minCoeff(), high = column.maxCoeff();
    if (!(high > low)) continue;
    kept.col(used++) = (column.array() - low) / (high - low);
  }
  if (used == 0)
    throw InputError("no descriptor in " + table.path + " is a number for every level of feature \"" + feature.name +
                         "\" and varies across them",
                     where);
  Eigen::MatrixXd centred = kept.leftCols(used);
  centred.rowwise() -= centred.colwise().mean();

  // 2. Principal coordinates of the levels.
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(centred * centred.transpose());
  const Eigen::VectorXd& eigenvalues = solver.eigenvalues();  // ascending
  const double largest = eigenvalues(levels - 1);
  std::vector<Eigen::Index> axes;
  for (Eigen::Index k = levels - 1; k >= 0; --k)
    if (eigenvalues(k) > 1e-12 * largest) axes.push_back(k);
  Eigen::MatrixXd codes(levels, static_cast<Eigen::Index>(axes.size()));
  for (size_t a = 0; a < axes.size(); ++a) {
    Eigen::VectorXd axis = solver.eigenvectors().col(axes[a]) * std::sqrt(eigenvalues(axes[a]));
    Eigen::Index largest_entry = 0;
    axis.cwiseAbs().maxCoeff(&largest_entry);
    if (axis(largest_entry) < 0.0) axis = -axis;  // a fixed sign, for reproducible codes
    codes.col(static_cast<Eigen::Index>(a)) = axis;
  }

  // 3. The farthest two levels 1 apart.
  double farthest = 0.0;
  for (Eigen::Index a = 0; a < levels; ++a)
    for (Eigen::Index b = a + 1; b < levels; ++b)
      farthest = std::max(farthest, (codes.row(a) - codes.row(b)).squaredNorm());
  return codes / std::sqrt(farthest);
}

}  // namespace bosim
