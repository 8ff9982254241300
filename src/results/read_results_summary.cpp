// read_results_summary: reads the parts of a results file that `bosim summary` prints.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/version.hpp"
#include "results/hdf5_handle.hpp"
#include "results/results_file.hpp"
#include "results/results_reader.hpp"
#include "results/results_schema.hpp"
#include "results/summary_layout.hpp"

namespace bosim {

namespace {

/// A value of type T stored at `bytes`, which need not be aligned for T.
template <class T>
T load(const unsigned char* bytes) {
  T value;
  std::memcpy(&value, bytes, sizeof value);
  return value;
}

/// Text of one member of a compound row read with the native type: integers in
/// full, floats with up to 6 significant digits, enums (booleans) by lower-case
/// name, fixed-length strings up to their first null.
std::string cell_text(hid_t member_type, const unsigned char* cell) {
  const std::size_t size = H5Tget_size(member_type);
  switch (H5Tget_class(member_type)) {
    case H5T_INTEGER:
      if (H5Tget_sign(member_type) == H5T_SGN_NONE) {
        if (size == 1) return std::to_string(load<std::uint8_t>(cell));
        if (size == 2) return std::to_string(load<std::uint16_t>(cell));
        if (size == 4) return std::to_string(load<std::uint32_t>(cell));
        return std::to_string(load<std::uint64_t>(cell));
      }
      if (size == 1) return std::to_string(load<std::int8_t>(cell));
      if (size == 2) return std::to_string(load<std::int16_t>(cell));
      if (size == 4) return std::to_string(load<std::int32_t>(cell));
      return std::to_string(load<std::int64_t>(cell));
    case H5T_FLOAT: {
      const double value = size == 4 ? load<float>(cell) : load<double>(cell);
      char text[32];
      std::snprintf(text, sizeof text, "%g", value);
      return text;
    }
    case H5T_ENUM: {
      char name[64] = {};
      if (H5Tenum_nameof(member_type, cell, name, sizeof name) < 0) throw Hdf5Error("enum value without a name");
      std::string text = name;
      for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return text;
    }
    case H5T_STRING: {
      if (H5Tis_variable_str(member_type) > 0) throw Hdf5Error("variable-length text columns are not supported");
      const auto* text = reinterpret_cast<const char*>(cell);
      return std::string(text, strnlen(text, size));
    }
    default:
      throw Hdf5Error("unsupported column type");
  }
}

void read_configs(ResultsReader& reader, ResultsSummaryView& view) {
  const DatasetHandle dataset = reader.open_dataset(schema::configs);
  const hsize_t rows = reader.rows(dataset, schema::configs);
  reader.guarded(schema::configs, [&] {
    const TypeHandle file_type(H5Dget_type(dataset), "get type");
    if (H5Tget_class(file_type) != H5T_COMPOUND) throw Hdf5Error("not a compound dataset");
    const TypeHandle row_type(H5Tget_native_type(file_type, H5T_DIR_DEFAULT), "get native type");
    const std::size_t row_size = H5Tget_size(row_type);
    std::vector<unsigned char> bytes(rows * row_size);
    if (rows > 0) hdf5_check_status(H5Dread(dataset, row_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()), "read");

    view.config_cells.assign(rows, {});
    view.config_ids.assign(rows, 0);
    view.randomized.assign(rows, "");
    bool has_config_id = false;
    const int members = H5Tget_nmembers(row_type);
    for (int m = 0; m < members; ++m) {
      char* raw_name = H5Tget_member_name(row_type, static_cast<unsigned>(m));
      const std::string name = raw_name != nullptr ? raw_name : "";
      H5free_memory(raw_name);
      const TypeHandle member_type(H5Tget_member_type(row_type, static_cast<unsigned>(m)), "get type of " + name);
      const std::size_t offset = H5Tget_member_offset(row_type, static_cast<unsigned>(m));
      if (name == schema::config_sweep) continue;
      if (name != schema::config_id && name != schema::config_randomized) view.parameter_names.push_back(name);
      for (hsize_t row = 0; row < rows; ++row) {
        const std::string text = cell_text(member_type, bytes.data() + row * row_size + offset);
        if (name == schema::config_id)
          view.config_ids[row] = static_cast<std::uint32_t>(std::stoul(text));
        else if (name == schema::config_randomized)
          view.randomized[row] = text;
        else
          view.config_cells[row].push_back(text);
      }
      has_config_id = has_config_id || name == schema::config_id;
    }
    if (!has_config_id) throw Hdf5Error("missing column config_id");
  });
}

void read_summaries(ResultsReader& reader, ResultsSummaryView& view) {
  const DatasetHandle dataset = reader.open_dataset(schema::summary);
  const hsize_t rows = reader.rows(dataset, schema::summary);
  reader.guarded(schema::summary, [&] {
    // Members are matched by name, so the struct's own layout serves as the memory type.
    const TypeHandle row_type(H5Tcreate(H5T_COMPOUND, sizeof(ConfigSummary)), "create memory type");
    for (const SummaryField& field : summary_fields())
      hdf5_check_status(H5Tinsert(row_type, field.name, field.offset,
                                  field.type == ColumnType::uint32 ? H5T_NATIVE_UINT32 : H5T_NATIVE_DOUBLE),
                        std::string("describe column ") + field.name);
    view.summaries.assign(rows, ConfigSummary{});
    if (rows > 0)
      hdf5_check_status(H5Dread(dataset, row_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, view.summaries.data()), "read");
  });
}

void read_runs(ResultsReader& reader, ResultsSummaryView& view) {
  const std::vector<std::uint32_t> config_ids =
      reader.compound_member<std::uint32_t>(schema::runs, schema::config_id, H5T_NATIVE_UINT32);
  const std::vector<std::uint32_t> repeats =
      reader.compound_member<std::uint32_t>(schema::runs, schema::repeat, H5T_NATIVE_UINT32);
  const std::vector<std::string> statuses = reader.run_statuses();
  const std::vector<std::string> messages = reader.run_messages();
  if (messages.size() != statuses.size())
    throw InputError("/run_messages and /runs differ in length",
                     SourcePosition(reader.path(), 0, 0, schema::run_messages));

  view.total_runs = statuses.size();
  for (std::size_t r = 0; r < statuses.size(); ++r) {
    if (statuses[r] != schema::status_failed) continue;
    ++view.failed_runs;
    view.failures.push_back({config_ids[r], repeats[r], messages[r]});
  }
}

}  // namespace

ResultsSummaryView read_results_summary(const std::string& path) {
  const Hdf5QuietErrors quiet;
  ResultsReader reader(path);
  const long long schema_version = reader.integer_attribute(schema::schema_version);
  if (schema_version > results_schema_version)
    throw InputError("results schema version " + std::to_string(schema_version) + " is newer than this bosim reads (" +
                         std::to_string(results_schema_version) + "); update bosim",
                     SourcePosition(path, 0, 0, schema::schema_version));
  ResultsSummaryView view;
  view.study_name = reader.text_attribute(schema::study_name);
  view.objective = reader.text_attribute(schema::objective);
  view.goal = reader.text_attribute(schema::goal);
  read_configs(reader, view);
  read_summaries(reader, view);
  view.has_trajectories = reader.has_dataset(schema::trajectories);
  // `bosim summary` pairs /summary rows with /configs rows by position.
  const bool same_configurations =
      view.summaries.size() == view.config_ids.size() &&
      std::equal(view.config_ids.begin(), view.config_ids.end(), view.summaries.begin(),
                 [](std::uint32_t config_id, const ConfigSummary& summary) { return summary.config_id == config_id; });
  if (!same_configurations)
    throw InputError("/summary and /configs list different configurations",
                     SourcePosition(path, 0, 0, schema::summary));
  read_runs(reader, view);
  return view;
}

}  // namespace bosim
