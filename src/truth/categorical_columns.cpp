#include "truth/categorical_columns.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "common/input_error.hpp"

namespace bosim {
namespace {

std::string quoted_list(const std::vector<std::string>& names) {
  std::string list;
  for (const std::string& name : names) list.append(list.empty() ? "\"" : ", \"").append(name + "\"");
  return list;
}

SourcePosition cell_position(const CsvTable& table, std::size_t row, int column) {
  return SourcePosition(table.path, table.row_lines[row], column + 1, table.header[static_cast<size_t>(column)]);
}

/// A cell strtod reads completely, NaN and infinity included: number-like, not a level name.
bool is_number_like(const std::string& cell) {
  if (cell.empty()) return false;
  char* end = nullptr;
  (void)std::strtod(cell.c_str(), &end);
  return end == cell.c_str() + cell.size();
}

/// True when every non-empty cell of the column is text (not number-like). A column mixing numbers
/// and text is an error at its first text cell: most likely a typo in a numeric column.
bool is_text_column(const CsvTable& table, int column) {
  std::size_t numbers = 0, texts = 0, first_text = 0;
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    const std::string& cell = table.rows[row][static_cast<size_t>(column)];
    if (cell.empty()) continue;
    if (is_number_like(cell)) {
      ++numbers;
    } else if (texts++ == 0) {
      first_text = row;
    }
  }
  if (texts > 0 && numbers > 0)
    throw InputError("cell \"" + table.rows[first_text][static_cast<size_t>(column)] + "\" in column \"" +
                         table.header[static_cast<size_t>(column)] +
                         "\" is not a finite number, while other cells of the column are; if its values are "
                         "categories, declare [[truth.feature]] kind = \"categorical\"",
                     cell_position(table, first_text, column));
  return texts > 0;
}

/// The levels of a categorical column: checked against the declared ones, or the sorted distinct cells.
std::vector<std::string> column_levels(const CsvTable& table, int column, const FeatureOverride* declared) {
  std::set<std::string> present;
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    const std::string& cell = table.rows[row][static_cast<size_t>(column)];
    if (cell.empty())
      throw InputError("empty cell in categorical column \"" + table.header[static_cast<size_t>(column)] +
                           "\": a level needs a name",
                       cell_position(table, row, column));
    present.insert(cell);
  }
  if (declared == nullptr || declared->levels.empty()) return {present.begin(), present.end()};
  for (const std::string& level : declared->levels)
    if (present.count(level) == 0)
      throw InputError("level \"" + level + "\" of feature \"" + declared->name + "\" never occurs in " + table.path +
                           "; its column holds " + quoted_list({present.begin(), present.end()}),
                       declared->levels_where);
  return declared->levels;
}

}  // namespace

CategoricalColumn::CategoricalColumn(std::vector<std::string> level_names) : levels(std::move(level_names)) {
  for (std::size_t i = 0; i < levels.size(); ++i) index_of.emplace(levels[i], static_cast<int>(i));
}

double CategoricalColumn::value(const CsvTable& table, std::size_t row, int column) const {
  const std::string& cell = table.rows[row][static_cast<size_t>(column)];
  const auto found = index_of.find(cell);
  if (found != index_of.end()) return static_cast<double>(found->second);
  if (cell.empty())
    throw InputError("empty cell in categorical column \"" + table.header[static_cast<size_t>(column)] + "\"",
                     cell_position(table, row, column));
  throw InputError("\"" + cell + "\" is not a level of categorical feature \"" +
                       table.header[static_cast<size_t>(column)] + "\"; levels: " + quoted_list(levels),
                   cell_position(table, row, column));
}

std::vector<std::optional<CategoricalColumn>> find_categorical_columns(const CsvTable& table,
                                                                       const std::vector<int>& feature_columns,
                                                                       const std::vector<FeatureOverride>& overrides) {
  std::vector<std::optional<CategoricalColumn>> columns;
  for (const int column : feature_columns) {
    const std::string& name = table.header[static_cast<size_t>(column)];
    const auto declared = std::find_if(overrides.begin(), overrides.end(), [&](const FeatureOverride& candidate) {
      return candidate.name == name && candidate.categorical;
    });
    const FeatureOverride* declaration = declared == overrides.end() ? nullptr : &*declared;
    if (declaration == nullptr && !is_text_column(table, column)) {
      columns.emplace_back();
      continue;
    }
    columns.emplace_back(CategoricalColumn(column_levels(table, column, declaration)));
  }
  return columns;
}

}  // namespace bosim
