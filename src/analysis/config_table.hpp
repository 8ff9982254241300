// ConfigTable helpers: reading a configuration's factors (acquisition, n_init, levels, settings text) from /configs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "results/results_file.hpp"

namespace bosim {

/// Level text of a randomized parameter (stored as NaN in /configs).
inline const std::string randomized_level = "randomized";

/// Index of a /configs column, parameter_names.size() when absent.
std::size_t column_of(const ResultsSummaryView& summary, const std::string& name);

/// The acquisition of configuration `row`.
const std::string& acquisition_of(const ResultsSummaryView& summary, std::size_t row);

/// n_init of a configuration (1 when the file has no such column).
std::int64_t n_init_of(const ResultsSummaryView& summary, std::size_t row);

/// The `budget` column of a configuration (0 = whole pool, also when absent).
std::int64_t budget_of(const ResultsSummaryView& summary, std::size_t row);

/// Whether a configuration's runs may measure a design again (`replacement`; false when absent).
bool replacement_of(const ResultsSummaryView& summary, std::size_t row);

/// Whether a configuration's runs go on after the optimum (`continue_after_optimum`; false when absent).
bool continues_after_optimum(const ResultsSummaryView& summary, std::size_t row);

/// A configuration cell as a factor level; randomized parameters are "randomized".
std::string level_of(const ResultsSummaryView& summary, std::size_t row, std::size_t column);

/// Parameter columns whose level differs between the given rows (the acquisition only when asked).
std::vector<std::size_t> varying_columns(const ResultsSummaryView& summary, const std::vector<std::size_t>& rows,
                                         bool include_acquisition);

/// Settings text of configuration `row` for the given parameter columns, e.g. "delta=30 n_init=5".
std::string settings_text(const ResultsSummaryView& summary, std::size_t row, const std::vector<std::size_t>& columns);

}  // namespace bosim
