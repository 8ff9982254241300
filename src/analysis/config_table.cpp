#include "analysis/config_table.hpp"

#include <algorithm>

namespace bosim {

std::size_t column_of(const ResultsSummaryView& summary, const std::string& name) {
  return static_cast<std::size_t>(std::find(summary.parameter_names.begin(), summary.parameter_names.end(), name) -
                                  summary.parameter_names.begin());
}

const std::string& acquisition_of(const ResultsSummaryView& summary, std::size_t row) {
  return summary.config_cells[row][column_of(summary, "acquisition")];
}

std::int64_t n_init_of(const ResultsSummaryView& summary, std::size_t row) {
  const std::size_t column = column_of(summary, "n_init");
  if (column >= summary.parameter_names.size()) return 1;
  return std::max<std::int64_t>(1, std::stoll(summary.config_cells[row][column]));
}

std::int64_t budget_of(const ResultsSummaryView& summary, std::size_t row) {
  const std::size_t column = column_of(summary, "budget");
  if (column >= summary.parameter_names.size()) return 0;
  return std::max<std::int64_t>(0, std::stoll(summary.config_cells[row][column]));
}

namespace {

/// A boolean column ("true"/"false", as read_results_summary gives enums); false when absent.
bool flag_of(const ResultsSummaryView& summary, std::size_t row, const std::string& name) {
  const std::size_t column = column_of(summary, name);
  return column < summary.parameter_names.size() && summary.config_cells[row][column] == "true";
}

}  // namespace

bool replacement_of(const ResultsSummaryView& summary, std::size_t row) { return flag_of(summary, row, "replacement"); }

bool continues_after_optimum(const ResultsSummaryView& summary, std::size_t row) {
  return flag_of(summary, row, "continue_after_optimum");
}

std::string level_of(const ResultsSummaryView& summary, std::size_t row, std::size_t column) {
  const std::string& cell = summary.config_cells[row][column];
  return cell == "nan" || cell == "-nan" ? randomized_level : cell;
}

std::vector<std::size_t> varying_columns(const ResultsSummaryView& summary, const std::vector<std::size_t>& rows,
                                         bool include_acquisition) {
  std::vector<std::size_t> columns;
  if (rows.empty()) return columns;
  const std::size_t acquisition = column_of(summary, "acquisition");
  for (std::size_t p = 0; p < summary.parameter_names.size(); ++p) {
    if (p == acquisition && !include_acquisition) continue;
    const bool varies = std::any_of(rows.begin(), rows.end(), [&](std::size_t row) {
      return level_of(summary, row, p) != level_of(summary, rows.front(), p);
    });
    if (varies) columns.push_back(p);
  }
  return columns;
}

std::string settings_text(const ResultsSummaryView& summary, std::size_t row, const std::vector<std::size_t>& columns) {
  std::string text;
  for (const std::size_t column : columns) {
    if (!text.empty()) text += " ";
    text += summary.parameter_names[column] + "=" + level_of(summary, row, column);
  }
  return text;
}

}  // namespace bosim
