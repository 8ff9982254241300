// Categorical columns of a CSV table: which feature columns hold level names, their levels, and cells as level indices.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "truth/csv_table.hpp"
#include "truth/dataset_truth.hpp"

namespace bosim {

/// The levels of one categorical column; a cell's raw value is its level's index.
struct CategoricalColumn {
  std::vector<std::string> levels;
  std::unordered_map<std::string, int> index_of;

  explicit CategoricalColumn(std::vector<std::string> level_names);
  /// The level index of a cell; throws InputError at the cell (file:line:column) for an empty
  /// cell or a text that is not a level (listing the levels).
  double value(const CsvTable& table, std::size_t row, int column) const;
};

/// For each feature column (table column indices, names = their headers): the levels when the column is
/// categorical — declared with kind = "categorical" in an override, or with text in every non-empty cell
/// (text = not read whole by strtod, so "nan" and "inf" are numbers) — else nullopt. A column mixing
/// numbers and text is an error at its first text cell. Levels are the declared ones in their order, else the distinct
/// cells sorted bytewise. Throws InputError at the cell for an empty cell of a categorical column (an empty level), and
/// at the override's levels for a declared level that never occurs in the column.
std::vector<std::optional<CategoricalColumn>> find_categorical_columns(const CsvTable& table,
                                                                       const std::vector<int>& feature_columns,
                                                                       const std::vector<FeatureOverride>& overrides);

}  // namespace bosim
