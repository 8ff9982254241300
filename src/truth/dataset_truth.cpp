// DatasetTruth: loads a measured table, groups replicate rows into designs and infers the design space.
#include "truth/dataset_truth.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "truth/categorical_columns.hpp"
#include "truth/csv_table.hpp"

namespace bosim {
namespace {

/// Gaps between distinct values may differ from a multiple of the smallest gap
/// by this fraction and still count as one grid (decimal data is not exact in binary).
constexpr double step_relative_tolerance = 1e-9;
/// An inferred grid with more values than this per feature is treated as continuous:
/// such "grids" are artefacts of rounding in the file (e.g. two decimals over 0..100).
constexpr double max_inferred_grid_values = 1000;

std::string in_quotes(const std::string& name) { return "\"" + name + "\""; }

/// A number as the user would write it (std::to_string pads to 6 decimals).
std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

std::string available_columns(const CsvTable& table) { return "available columns: " + table.column_list(); }

SourcePosition with_key(SourcePosition where, const std::string& key) {
  where.key = key;
  return where;
}

int require_column(const CsvTable& table, const std::string& name, const SourcePosition& where,
                   const std::string& role) {
  const int index = table.column_index(name);
  if (index < 0)
    throw InputError(role + " column " + in_quotes(name) + " is not in " + table.path + "; " + available_columns(table),
                     with_key(where, name));
  return index;
}

/// Which columns of the table are features and which is the objective.
struct ColumnChoice {
  std::vector<int> features;
  int objective = -1;
};

ColumnChoice choose_columns(const CsvTable& table, const DatasetSpec& spec) {
  ColumnChoice choice;
  choice.objective = spec.objective.empty() ? static_cast<int>(table.header.size()) - 1
                                            : require_column(table, spec.objective, spec.objective_where, "objective");
  const std::string& objective_name = table.header[static_cast<size_t>(choice.objective)];

  std::unordered_set<int> excluded;
  for (const std::string& name : spec.exclude) {
    const int index = require_column(table, name, spec.exclude_where, "excluded");
    if (index == choice.objective)
      throw InputError("the objective column " + in_quotes(name) + " cannot be excluded",
                       with_key(spec.exclude_where, name));
    excluded.insert(index);
  }

  if (spec.features.empty()) {
    // An unnamed first column (pandas' to_csv writes one) is a row index, not a feature.
    const bool unnamed_index = !table.header.empty() && table.header.front().empty();
    for (int index = 0; index < static_cast<int>(table.header.size()); ++index) {
      if (index == choice.objective || excluded.count(index) > 0 || (index == 0 && unnamed_index)) continue;
      choice.features.push_back(index);
    }
  } else {
    std::unordered_set<int> chosen;
    for (const std::string& name : spec.features) {
      const int index = require_column(table, name, spec.features_where, "feature");
      const SourcePosition where = with_key(spec.features_where, name);
      if (index == choice.objective)
        throw InputError("column " + in_quotes(name) + " is the objective and cannot also be a feature", where);
      if (excluded.count(index) > 0)
        throw InputError("column " + in_quotes(name) + " is both a feature and excluded", where);
      if (!chosen.insert(index).second) throw InputError("feature " + in_quotes(name) + " is listed twice", where);
      choice.features.push_back(index);
    }
  }
  if (choice.features.empty())
    throw InputError(
        "no feature columns left besides the objective " + in_quotes(objective_name) + "; " + available_columns(table),
        spec.features_where);
  return choice;
}

/// Hash of a feature row by the bit patterns of its values (rows compare by exact equality).
struct RowHash {
  std::size_t operator()(const std::vector<double>& row) const {
    std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a offset basis, folded per 64-bit word
    for (const double value : row) {
      hash ^= std::bit_cast<std::uint64_t>(value);
      hash *= 0x100000001b3ULL;
      hash ^= hash >> 29;
    }
    return static_cast<std::size_t>(hash);
  }
};

/// The step of a feature from its values over all designs: the smallest gap
/// between sorted distinct values when every gap is a whole multiple of it and
/// the grid it implies is small enough; otherwise 0 (continuous).
double infer_step(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  if (values.size() < 2) return 0.0;
  double smallest_gap = values[1] - values[0];
  for (std::size_t i = 2; i < values.size(); ++i) smallest_gap = std::min(smallest_gap, values[i] - values[i - 1]);
  const double span = values.back() - values.front();
  const double steps = std::round(span / smallest_gap);
  if (steps + 1 > max_inferred_grid_values) return 0.0;
  for (std::size_t i = 1; i < values.size(); ++i) {
    const double multiple = (values[i] - values[i - 1]) / smallest_gap;
    if (std::abs(multiple - std::round(multiple)) > step_relative_tolerance * multiple) return 0.0;
  }
  // The span over the step count is more accurate than one difference of decimals.
  return span / steps;
}

FeatureRange infer_range(const std::string& name, const Eigen::MatrixXd& designs, Eigen::Index column) {
  FeatureRange range;
  range.name = name;
  range.lower = designs.col(column).minCoeff();
  range.upper = designs.col(column).maxCoeff();
  const auto values = designs.col(column);
  range.step = infer_step(std::vector<double>(values.begin(), values.end()));
  return range;
}

/// Replaces the parts of an inferred range the user gave; the result must be a
/// valid range that still contains every design of the table.
void apply_override(FeatureRange& range, const FeatureOverride& override_spec, const std::string& path) {
  if (range.is_categorical()) {
    if (override_spec.lower || override_spec.upper || override_spec.step || override_spec.log_scale)
      throw InputError("feature " + in_quotes(range.name) + " is categorical (its column in " + path +
                           " holds text); it takes no lower, upper, step or log_scale",
                       with_key(override_spec.where, override_spec.name));
    return;
  }
  if (override_spec.categorical) throw std::logic_error("a declared categorical feature got a numeric range");
  const double data_lower = range.lower;
  const double data_upper = range.upper;
  if (override_spec.lower) range.lower = *override_spec.lower;
  if (override_spec.upper) range.upper = *override_spec.upper;
  if (override_spec.step) range.step = *override_spec.step;
  range.log_scale = range.log_scale || override_spec.log_scale;
  const SourcePosition where = with_key(override_spec.where, override_spec.name);
  try {
    (void)DesignSpace(std::vector<FeatureRange>{range});
  } catch (const std::invalid_argument& error) {
    throw InputError(error.what(), where);
  }
  if (range.lower > data_lower || range.upper < data_upper)
    throw InputError("range [" + format_number(range.lower) + ", " + format_number(range.upper) + "] of feature " +
                         in_quotes(range.name) + " does not contain its data in " + path + ", which span [" +
                         format_number(data_lower) + ", " + format_number(data_upper) + "]",
                     where);
}

/// Applies the user's feature overrides to the inferred ranges.
void apply_overrides(std::vector<FeatureRange>& ranges, const DatasetSpec& spec) {
  std::unordered_set<std::string> overridden;
  for (const FeatureOverride& override_spec : spec.feature_overrides) {
    const auto range = std::find_if(ranges.begin(), ranges.end(), [&](const FeatureRange& candidate) {
      return candidate.name == override_spec.name;
    });
    const SourcePosition where = with_key(override_spec.where, override_spec.name);
    if (range == ranges.end()) {
      std::string features;
      for (const FeatureRange& candidate : ranges)
        features.append(features.empty() ? "" : ", ").append(in_quotes(candidate.name));
      throw InputError(
          "override names " + in_quotes(override_spec.name) + ", which is not a feature; features: " + features, where);
    }
    if (!overridden.insert(override_spec.name).second)
      throw InputError("feature " + in_quotes(override_spec.name) + " is overridden twice", where);
    apply_override(*range, override_spec, spec.path);
  }
}

}  // namespace

DatasetTruth DatasetTruth::load(const DatasetSpec& spec) {
  const CsvTable table = CsvTable::read(spec.path);
  const ColumnChoice columns = choose_columns(table, spec);
  const auto dimension = static_cast<Eigen::Index>(columns.features.size());
  const std::vector<std::optional<CategoricalColumn>> categorical =
      find_categorical_columns(table, columns.features, spec.feature_overrides);

  const std::string& objective_name = table.header[static_cast<size_t>(columns.objective)];
  DatasetTruth truth(spec.goal, objective_name);
  truth.path_ = spec.path;
  truth.policy_ = spec.replicates;
  truth.row_count_ = static_cast<Eigen::Index>(table.rows.size());

  // Group rows with identical feature values, in order of first appearance.
  std::unordered_map<std::vector<double>, std::size_t, RowHash> design_of_row;
  design_of_row.reserve(table.rows.size());
  std::vector<std::vector<double>> feature_rows;
  std::vector<double> row_features(static_cast<size_t>(dimension));
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    // + 0.0 turns -0.0 into +0.0, so that the bit-pattern hash agrees with ==.
    for (std::size_t j = 0; j < row_features.size(); ++j)
      row_features[j] = categorical[j] ? categorical[j]->value(table, row, columns.features[j])
                                       : table.number(row, columns.features[j]) + 0.0;
    const double objective = table.number(row, columns.objective);
    const auto [entry, is_new] = design_of_row.try_emplace(row_features, feature_rows.size());
    if (is_new) {
      feature_rows.push_back(row_features);
      truth.replicates_.emplace_back();
    }
    truth.replicates_[entry->second].push_back(objective);
  }

  const auto design_count = static_cast<Eigen::Index>(feature_rows.size());
  if (design_count < 2)
    throw InputError("needs at least 2 distinct designs, found " + std::to_string(design_count) + " in " +
                         std::to_string(table.rows.size()) + " data rows",
                     SourcePosition(spec.path));
  Eigen::MatrixXd designs(design_count, dimension);
  Eigen::VectorXd means(design_count);
  for (Eigen::Index i = 0; i < design_count; ++i) {
    const std::vector<double>& features = feature_rows[static_cast<size_t>(i)];
    for (Eigen::Index j = 0; j < dimension; ++j) designs(i, j) = features[static_cast<size_t>(j)];
    const std::vector<double>& values = truth.replicates_[static_cast<size_t>(i)];
    double sum = 0.0;
    for (const double value : values) sum += value;
    means[i] = sum / static_cast<double>(values.size());
  }

  const double best = spec.goal == Goal::maximize ? means.maxCoeff() : means.minCoeff();
  if (means.minCoeff() == means.maxCoeff())
    throw InputError("objective " + in_quotes(objective_name) + " has the same mean " + format_number(best) +
                         " for every design; there is nothing to optimize",
                     SourcePosition(spec.path, table.header_line, columns.objective + 1, objective_name));
  truth.set_pool(std::move(designs), std::move(means));

  std::vector<FeatureRange> ranges;
  for (Eigen::Index j = 0; j < dimension; ++j) {
    const std::string& name = table.header[static_cast<size_t>(columns.features[static_cast<size_t>(j)])];
    const auto& levels = categorical[static_cast<size_t>(j)];
    ranges.push_back(levels ? FeatureRange::categorical(name, levels->levels) : infer_range(name, truth.designs(), j));
  }
  apply_overrides(ranges, spec);
  truth.set_space(DesignSpace(std::move(ranges)));
  return truth;
}

std::string DatasetTruth::describe() const {
  return "dataset " + std::filesystem::path(path_).filename().string() + ": " + std::to_string(size()) +
         " designs from " + std::to_string(row_count_) + " rows, " + std::to_string(space().dimension()) + " features";
}

double DatasetTruth::measure(Eigen::Index design, Rng& rng) const {
  require_design(design);
  if (policy_ == ReplicatePolicy::mean) return expected_value(design);
  const std::vector<double>& values = replicates_[static_cast<size_t>(design)];
  return values[static_cast<size_t>(rng.uniform_index(values.size()))];
}

}  // namespace bosim
