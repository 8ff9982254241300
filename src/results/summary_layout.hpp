// SummaryLayout: the columns of /summary, one per ConfigSummary field, shared by the writer and the reader.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "results/packed_table.hpp"
#include "stats/summary_statistics.hpp"

namespace bosim {

/// One /summary column: its name, type and the ConfigSummary member it holds.
struct SummaryField {
  const char* name;
  ColumnType type;  ///< uint32 or float64
  std::size_t offset;
};

/// The /summary columns in file order.
inline const std::array<SummaryField, 14>& summary_fields() {
  static const std::array<SummaryField, 14> fields{{
      {"config_id", ColumnType::uint32, offsetof(ConfigSummary, config_id)},
      {"runs", ColumnType::uint32, offsetof(ConfigSummary, runs)},
      {"found", ColumnType::uint32, offsetof(ConfigSummary, found)},
      {"failed", ColumnType::uint32, offsetof(ConfigSummary, failed)},
      {"mean", ColumnType::float64, offsetof(ConfigSummary, mean)},
      {"std", ColumnType::float64, offsetof(ConfigSummary, std)},
      {"median", ColumnType::float64, offsetof(ConfigSummary, median)},
      {"q25", ColumnType::float64, offsetof(ConfigSummary, q25)},
      {"q75", ColumnType::float64, offsetof(ConfigSummary, q75)},
      {"min", ColumnType::float64, offsetof(ConfigSummary, min)},
      {"max", ColumnType::float64, offsetof(ConfigSummary, max)},
      {"success_rate", ColumnType::float64, offsetof(ConfigSummary, success_rate)},
      {"ci_low", ColumnType::float64, offsetof(ConfigSummary, ci_low)},
      {"ci_high", ColumnType::float64, offsetof(ConfigSummary, ci_high)},
  }};
  return fields;
}

/// Writes one ConfigSummary into row `row` of a /summary table laid out by summary_fields().
inline void set_summary_row(PackedTable& table, std::size_t row, const ConfigSummary& summary) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(&summary);
  for (std::size_t f = 0; f < summary_fields().size(); ++f) {
    const SummaryField& field = summary_fields()[f];
    if (field.type == ColumnType::uint32) {
      std::uint32_t value;
      std::memcpy(&value, bytes + field.offset, sizeof value);
      table.set(row, f, value);
    } else {
      double value;
      std::memcpy(&value, bytes + field.offset, sizeof value);
      table.set(row, f, value);
    }
  }
}

}  // namespace bosim
