// UserDesignPool: features from [[truth.feature]], constraints, and the pool drawn or read from a CSV.
#include "truth/user_design_pool.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "truth/csv_table.hpp"

namespace bosim {
namespace {

std::string join_levels(const std::vector<std::string>& levels);

/// A categorical column of the designs file as level indices. Without listed levels, the levels are the distinct
/// cells sorted bytewise (as for a dataset); with them, a cell outside the list is an error at its line.
Eigen::VectorXd read_levels(const CsvTable& table, int column, FeatureRange& feature) {
  std::vector<std::string> levels = feature.levels;
  if (levels.empty()) {
    for (const auto& row : table.rows) levels.push_back(row[static_cast<size_t>(column)]);
    std::sort(levels.begin(), levels.end());
    levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  }
  Eigen::VectorXd indices(static_cast<Eigen::Index>(table.rows.size()));
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const std::string& cell = table.rows[r][static_cast<size_t>(column)];
    const auto found = std::find(levels.begin(), levels.end(), cell);
    if (found == levels.end())
      throw InputError(
          "level \"" + cell + "\" of feature \"" + feature.name + "\" is not among its levels: " + join_levels(levels),
          SourcePosition(table.path, table.row_lines[r], 0, feature.name));
    indices[static_cast<Eigen::Index>(r)] = static_cast<double>(found - levels.begin());
  }
  feature = FeatureRange::categorical(feature.name, std::move(levels));
  return indices;
}

/// The CSV of designs: its columns for the features, in feature order (categorical ones as level indices).
Eigen::MatrixXd read_designs(const UserPoolSpec& spec, std::vector<FeatureRange>& features) {
  const CsvTable table = CsvTable::read(spec.designs_path);
  Eigen::MatrixXd designs(static_cast<Eigen::Index>(table.rows.size()), static_cast<Eigen::Index>(features.size()));
  for (size_t j = 0; j < features.size(); ++j) {
    const int column = table.column_index(features[j].name);
    if (column < 0)
      throw InputError(
          "the designs file has no column \"" + features[j].name + "\"; its columns: " + table.column_list(),
          SourcePosition(spec.designs_path, table.header_line, 0, features[j].name));
    if (spec.features[j].categorical) {
      designs.col(static_cast<Eigen::Index>(j)) = read_levels(table, column, features[j]);
      continue;
    }
    for (size_t r = 0; r < table.rows.size(); ++r)
      designs(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) = table.number(r, column);
  }
  if (designs.rows() == 0) throw InputError("the designs file has no rows", SourcePosition(spec.designs_path));
  for (size_t j = 0; j < features.size(); ++j) {
    if (features[j].is_categorical()) continue;
    const auto column = designs.col(static_cast<Eigen::Index>(j));
    if (!spec.features[j].lower) features[j].lower = column.minCoeff();
    if (!spec.features[j].upper) features[j].upper = column.maxCoeff();
    for (Eigen::Index r = 0; r < designs.rows(); ++r)
      if (column[r] < features[j].lower || column[r] > features[j].upper)
        throw InputError(
            "design " + std::to_string(r + 1) + ": " + features[j].name + " = " + std::to_string(column[r]) +
                " is outside its [[truth.feature]] bounds",
            SourcePosition(spec.designs_path, table.row_lines[static_cast<size_t>(r)], 0, features[j].name));
  }
  return designs;
}

/// The shortest of %.15g, %.16g, %.17g that reads back as exactly value.
std::string join_levels(const std::vector<std::string>& levels) {
  std::string text;
  for (const std::string& level : levels) text.append(text.empty() ? "\"" : ", \"").append(level + "\"");
  return text;
}

std::string exact_decimal(double value) {
  char text[40];
  for (int digits = 15; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

}  // namespace

UserDesignPool make_user_design_pool(const UserPoolSpec& spec, std::uint64_t seed) {
  if (spec.features.empty())
    throw InputError("this truth needs its features: one [[truth.feature]] table each, with name, lower and upper",
                     spec.where);
  std::vector<FeatureRange> features;
  for (const FeatureOverride& feature : spec.features) {
    if (feature.categorical) {
      if (feature.levels.empty() && spec.designs_path.empty())
        throw InputError("categorical feature \"" + feature.name +
                             "\" needs levels = [\"…\", …] (or give designs = \"file.csv\" naming them)",
                         feature.where);
      features.push_back(FeatureRange::categorical(feature.name, feature.levels));
      continue;
    }
    if (spec.designs_path.empty() && (!feature.lower || !feature.upper))
      throw InputError("feature \"" + feature.name + "\" needs lower and upper (or give designs = \"file.csv\")",
                       feature.where);
    features.push_back({feature.name, feature.lower.value_or(0.0), feature.upper.value_or(1.0),
                        feature.step.value_or(0.0), feature.log_scale});
  }
  UserDesignPool pool;
  Eigen::MatrixXd designs;
  if (!spec.designs_path.empty()) designs = read_designs(spec, features);
  try {
    pool.space = DesignSpace(features, resolve_constraints(features, spec.constraints));
  } catch (const std::invalid_argument& error) {
    throw InputError(error.what(), spec.where);
  }
  if (!spec.designs_path.empty()) {
    pool.from_file = true;
    const Eigen::Index bad = first_infeasible_design(pool.space, designs);
    if (bad >= 0)
      throw InputError(
          "design " + std::to_string(bad + 1) + " of " + spec.designs_path + " violates constraint \"" +
              pool.space.constraints()[static_cast<size_t>(pool.space.violated_constraint(designs.row(bad)))]
                  .description +
              "\"",
          spec.designs_where);
    pool.designs = std::move(designs);
    return pool;
  }
  pool.kind = spec.pool.value_or(pool.space.is_grid() ? PoolKind::grid : PoolKind::sobol);
  try {
    pool.designs = make_candidate_pool(pool.space, PoolSpec{pool.kind, spec.pool_size}, seed);
  } catch (const std::invalid_argument& error) {
    throw InputError(error.what(), spec.where);
  }
  return pool;
}

std::string designs_csv(const DesignSpace& space, const Eigen::MatrixXd& designs, Eigen::Index first,
                        Eigen::Index count) {
  std::string text;
  for (const FeatureRange& feature : space.features())
    text.append(text.empty() ? "" : ",").append(csv_field(feature.name));
  text += '\n';
  for (Eigen::Index i = first; i < first + count; ++i) {
    for (Eigen::Index j = 0; j < designs.cols(); ++j)
      text.append(j == 0 ? "" : ",")
          .append(space.features()[static_cast<size_t>(j)].is_categorical()
                      ? csv_field(space.value_text(j, designs(i, j)))
                      : exact_decimal(designs(i, j)));
    text += '\n';
  }
  return text;
}

}  // namespace bosim
