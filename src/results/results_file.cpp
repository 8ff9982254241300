#include "results/results_file.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <tuple>

#include "common/output_path.hpp"
#include "common/version.hpp"
#include "results/hdf5_handle.hpp"
#include "results/hdf5_writing.hpp"
#include "results/packed_table.hpp"
#include "results/results_merge.hpp"
#include "results/results_reader.hpp"
#include "results/results_schema.hpp"
#include "results/run_tables.hpp"
#include "results/summary_layout.hpp"
#include "results/truth_designs.hpp"
#include "study/campaign_parameters.hpp"

namespace bosim {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// ---- attributes of / -------------------------------------------------------------------------

void write_root_attributes(hid_t file, const Study& study, const GroundTruth& truth) {
  write_number_attribute(file, schema::schema_version, H5T_STD_I32LE, H5T_NATIVE_INT, results_schema_version);
  write_text_attribute(file, schema::bosim_version, version);
  write_text_attribute(file, schema::instruction_set, instruction_set);
  write_text_attribute(file, schema::source_revision, source_revision);
  write_text_attribute(file, schema::study_name, study.name);
  write_number_attribute(file, schema::study_seed, H5T_STD_U64LE, H5T_NATIVE_UINT64, study.seed);
  write_number_attribute(file, schema::repeats, H5T_STD_U32LE, H5T_NATIVE_UINT32, study.repeats);
  write_text_attribute(file, schema::study_toml, study.toml_text);
  write_text_attribute(file, schema::input_files, input_files_text(study));
  write_text_attribute(file, schema::created, current_utc_time());
  write_text_attribute(file, schema::truth_description, truth.describe());
  write_text_attribute(file, schema::objective, truth.objective_name());
  write_text_attribute(file, schema::goal, truth.goal() == Goal::maximize ? "maximize" : "minimize");
}

// ---- /configs ---------------------------------------------------------------------------------

/// e.g. "delta~uniform(0, 60); beta0~loguniform(0.1, 10)".
std::string describe_randomized(const Configuration& configuration) {
  std::string text;
  for (const RandomizedFactor& factor : configuration.randomized) {
    if (!text.empty()) text += "; ";
    text += factor.name + "~" + factor.describe();
  }
  return text;
}

bool is_randomized(const Configuration& configuration, const std::string& parameter) {
  return std::any_of(configuration.randomized.begin(), configuration.randomized.end(),
                     [&](const RandomizedFactor& factor) { return factor.name == parameter; });
}

ColumnType column_type_of(ParameterType type) {
  switch (type) {
    case ParameterType::integer:
      return ColumnType::int64;
    case ParameterType::real:
      return ColumnType::float64;
    case ParameterType::boolean:
      return ColumnType::boolean;
    case ParameterType::text:
      return ColumnType::text;
  }
  throw std::logic_error("unknown parameter type");
}

void write_configs(hid_t file, const std::vector<const Configuration*>& configurations) {
  const auto& parameters = campaign_parameters();
  // values[c][p]: parameter p of configuration c, read once through the registry.
  std::vector<std::vector<ParameterValue>> values;
  std::vector<std::string> randomized;
  for (const Configuration* configuration : configurations) {
    auto& row = values.emplace_back();
    for (const ParameterDescriptor& parameter : parameters) row.push_back(parameter.get(configuration->settings));
    randomized.push_back(describe_randomized(*configuration));
  }
  const auto longest = [](std::size_t length, const std::string& text) { return std::max(length, text.size()); };

  PackedTable table;
  const std::size_t config_id_column = table.add_column(schema::config_id, ColumnType::uint32);
  const std::size_t sweep_column = table.add_column(schema::config_sweep, ColumnType::int32);
  std::vector<std::size_t> parameter_columns;
  for (std::size_t p = 0; p < parameters.size(); ++p) {
    std::size_t text_size = 1;
    if (parameters[p].type == ParameterType::text)
      for (const auto& row : values) text_size = longest(text_size, std::get<std::string>(row[p]));
    parameter_columns.push_back(table.add_column(parameters[p].name, column_type_of(parameters[p].type), text_size));
  }
  const std::size_t randomized_column =
      table.add_column(schema::config_randomized, ColumnType::text,
                       std::accumulate(randomized.begin(), randomized.end(), std::size_t{1}, longest));

  table.resize(configurations.size());
  for (std::size_t c = 0; c < configurations.size(); ++c) {
    table.set(c, config_id_column, configurations[c]->config_id);
    table.set(c, sweep_column, static_cast<std::int32_t>(configurations[c]->sweep_index));
    for (std::size_t p = 0; p < parameters.size(); ++p) {
      const ParameterValue& value = values[c][p];
      const std::size_t column = parameter_columns[p];
      if (is_randomized(*configurations[c], parameters[p].name))  // drawn per run: see drawn_* in /runs
        table.set(c, column, not_a_number);
      else if (const auto* integer = std::get_if<std::int64_t>(&value))
        table.set(c, column, *integer);
      else if (const auto* real = std::get_if<double>(&value))
        table.set(c, column, *real);
      else if (const auto* boolean = std::get_if<bool>(&value))
        table.set(c, column, *boolean);
      else
        table.set_text(c, column, std::get<std::string>(value));
    }
    table.set_text(c, randomized_column, randomized[c]);
  }
  table.write(file, schema::configs);
}

// ---- /truth ------------------------------------------------------------------------------------

/// Expected value of every pool design and the optimal designs, so that regret, targets and
/// top-k % metrics can be computed from the file alone; the optimum value goes on / as well.
void write_truth(hid_t file, const GroundTruth& truth) {
  std::vector<double> values(static_cast<std::size_t>(truth.size()));
  for (Eigen::Index design = 0; design < truth.size(); ++design)
    values[static_cast<std::size_t>(design)] = truth.expected_value(design);
  std::vector<std::int32_t> optimal;
  for (const Eigen::Index design : truth.optimal_designs()) optimal.push_back(static_cast<std::int32_t>(design));
  const double optimum = optimal.empty() ? not_a_number : values[static_cast<std::size_t>(optimal.front())];
  write_number_attribute(file, schema::optimum_value, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, optimum);

  PropertyListHandle group_properties(H5Pcreate(H5P_GROUP_CREATE), "create group properties");
  hdf5_check_status(H5Pset_obj_track_times(group_properties, false), "disable time tracking");
  const GroupHandle group(H5Gcreate2(file, schema::truth, H5P_DEFAULT, group_properties, H5P_DEFAULT),
                          "create group truth");
  const auto write_vector = [&](const char* name, hid_t file_type, hid_t memory_type, const void* data,
                                std::size_t size) {
    const hsize_t dimensions[1] = {size};
    const SpaceHandle space(H5Screate_simple(1, dimensions, nullptr), std::string("dataspace of truth/") + name);
    const PropertyListHandle properties = untimed_dataset_properties();
    const DatasetHandle dataset(H5Dcreate2(group, name, file_type, space, H5P_DEFAULT, properties, H5P_DEFAULT),
                                std::string("create dataset truth/") + name);
    if (size > 0)
      hdf5_check_status(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
                        std::string("write dataset truth/") + name);
  };
  write_vector(schema::truth_values, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data(), values.size());
  write_vector(schema::truth_optimal_designs, H5T_STD_I32LE, H5T_NATIVE_INT32, optimal.data(), optimal.size());
  write_truth_designs(group, truth);
}

// ---- the whole file ---------------------------------------------------------------------------

void write_contents(hid_t file, const Study& study, const GroundTruth& truth, OrderedRuns& runs) {
  std::vector<const Configuration*> configurations;
  for (const Configuration& configuration : study.configurations) configurations.push_back(&configuration);
  std::sort(configurations.begin(), configurations.end(),
            [](const Configuration* a, const Configuration* b) { return a->config_id < b->config_id; });
  RunTablesLayout layout{{}, study.randomized_factor_names, study.store_trajectories};
  for (const Configuration* configuration : configurations) layout.config_ids.push_back(configuration->config_id);
  write_root_attributes(file, study, truth);
  write_configs(file, configurations);
  write_run_tables(file, layout, runs);
  write_truth(file, truth);
}

}  // namespace

std::string input_files_text(const Study& study) {
  std::string lines;
  for (const InputFile& input : study.inputs) lines += input.path + "=" + input.hash + "\n";
  return lines;
}

bool results_file_written_for(const std::string& path, const Study& study, std::uint32_t shard_index,
                              std::uint32_t shard_count) {
  try {
    const Hdf5QuietErrors quiet;
    ResultsReader reader(path);
    if (reader.text_attribute(schema::study_toml) != study.toml_text ||
        reader.text_attribute(schema::input_files) != input_files_text(study) ||
        reader.recorded_build() != build_identity())
      return false;
    std::optional<ShardAttributes> shard;
    try {
      shard = read_shard_attributes(path);
    } catch (const InputError&) {
      // a whole-study results file
    }
    if (shard_count == 0) return !shard;
    return shard && shard->index == shard_index && shard->count == shard_count;
  } catch (const std::exception&) {
    return false;  // not HDF5, not a results file, unreadable: not this study's results
  }
}

void write_results_file(const std::string& path, const Study& study, const GroundTruth& truth, OrderedRuns& runs,
                        bool force, const std::function<void(hid_t file)>& add) {
  check_output_path(path, force);
  const Hdf5QuietErrors quiet;
  write_hdf5_file(path, [&](hid_t file) {
    write_contents(file, study, truth, runs);
    if (add) add(file);
  });
}

void write_results_file(const std::string& path, const Study& study, const GroundTruth& truth,
                        std::vector<RunRecord> records, bool force, const std::function<void(hid_t file)>& add) {
  RecordsInMemory runs(std::move(records));
  write_results_file(path, study, truth, runs, force, add);
}

}  // namespace bosim
