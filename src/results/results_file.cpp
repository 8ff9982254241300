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
#include "results/summary_layout.hpp"
#include "results/truth_designs.hpp"
#include "study/campaign_parameters.hpp"

namespace bosim {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// ---- attributes of / -------------------------------------------------------------------------

void write_root_attributes(hid_t file, const Study& study, const GroundTruth& truth) {
  write_number_attribute(file, "schema_version", H5T_STD_I32LE, H5T_NATIVE_INT, results_schema_version);
  write_text_attribute(file, "bosim_version", version);
  write_text_attribute(file, "instruction_set", instruction_set);
  write_text_attribute(file, "source_revision", source_revision);
  write_text_attribute(file, "study_name", study.name);
  write_number_attribute(file, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, study.seed);
  write_number_attribute(file, "repeats", H5T_STD_U32LE, H5T_NATIVE_UINT32, study.repeats);
  write_text_attribute(file, "study_toml", study.toml_text);
  write_text_attribute(file, "input_files", input_files_text(study));
  write_text_attribute(file, "created", current_utc_time());
  write_text_attribute(file, "truth", truth.describe());
  write_text_attribute(file, "objective", truth.objective_name());
  write_text_attribute(file, "goal", truth.goal() == Goal::maximize ? "maximize" : "minimize");
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
  const std::size_t config_id_column = table.add_column("config_id", ColumnType::uint32);
  const std::size_t sweep_column = table.add_column("sweep", ColumnType::int32);
  std::vector<std::size_t> parameter_columns;
  for (std::size_t p = 0; p < parameters.size(); ++p) {
    std::size_t text_size = 1;
    if (parameters[p].type == ParameterType::text)
      for (const auto& row : values) text_size = longest(text_size, std::get<std::string>(row[p]));
    parameter_columns.push_back(table.add_column(parameters[p].name, column_type_of(parameters[p].type), text_size));
  }
  const std::size_t randomized_column = table.add_column(
      "randomized", ColumnType::text, std::accumulate(randomized.begin(), randomized.end(), std::size_t{1}, longest));

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
  table.write(file, "configs");
}

// ---- /runs and /run_messages ------------------------------------------------------------------

void write_runs(hid_t file, const Study& study, const std::vector<RunRecord>& records) {
  PackedTable table;
  const std::size_t config_id = table.add_column("config_id", ColumnType::uint32);
  const std::size_t repeat = table.add_column("repeat", ColumnType::uint32);
  const std::size_t seed = table.add_column("seed", ColumnType::uint64);
  const std::size_t status = table.add_column("status", ColumnType::text, 6);  // "ok" or "failed"
  const std::size_t experiments = table.add_column("experiments_to_optimum", ColumnType::int32);
  const std::size_t iterations = table.add_column("iterations_to_optimum", ColumnType::int32);
  const std::size_t found = table.add_column("found", ColumnType::uint8);
  const std::size_t best_value = table.add_column("best_value", ColumnType::float64);
  const std::size_t n_fits = table.add_column("n_fits", ColumnType::int32);
  const std::size_t fit_failures = table.add_column("fit_failures", ColumnType::int32);
  const std::size_t wall_seconds = table.add_column("wall_seconds", ColumnType::float64);
  std::vector<std::size_t> drawn;
  for (const std::string& factor : study.randomized_factor_names)
    drawn.push_back(table.add_column("drawn_" + factor, ColumnType::float64));

  table.resize(records.size());
  for (std::size_t r = 0; r < records.size(); ++r) {
    const RunRecord& record = records[r];
    table.set(r, config_id, record.config_id);
    table.set(r, repeat, record.repeat);
    table.set(r, seed, record.seed);
    table.set_text(r, status, record.status == RunStatus::ok ? "ok" : "failed");
    table.set(r, experiments, record.experiments_to_optimum);
    table.set(r, iterations, record.iterations_to_optimum);
    table.set(r, found, static_cast<std::uint8_t>(record.found ? 1 : 0));
    table.set(r, best_value, record.best_value);
    table.set(r, n_fits, record.n_fits);
    table.set(r, fit_failures, record.fit_failures);
    table.set(r, wall_seconds, record.wall_seconds);
    for (std::size_t k = 0; k < drawn.size(); ++k)
      table.set(r, drawn[k], k < record.drawn_values.size() ? record.drawn_values[k] : not_a_number);
  }
  table.write(file, "runs");
}

void write_run_messages(hid_t file, const std::vector<RunRecord>& records) {
  const TypeHandle type = utf8_text_type();
  const hsize_t dimensions[1] = {records.size()};
  const SpaceHandle space(H5Screate_simple(1, dimensions, nullptr), "create dataspace of run_messages");
  const PropertyListHandle properties = untimed_dataset_properties();
  const DatasetHandle dataset(H5Dcreate2(file, "run_messages", type, space, H5P_DEFAULT, properties, H5P_DEFAULT),
                              "create dataset run_messages");
  if (records.empty()) return;
  std::vector<const char*> messages;
  for (const RunRecord& record : records) messages.push_back(record.message.c_str());
  hdf5_check_status(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, messages.data()),
                    "write dataset run_messages");
}

// ---- /trajectories ----------------------------------------------------------------------------

/// Writes a runs × width matrix, row r from row_of(records[r]) padded with `padding`,
/// in chunk-sized blocks so memory stays bounded for large studies.
template <class T, class RowOf>
void write_trajectory(hid_t group, const char* name, hid_t file_type, hid_t memory_type,
                      const std::vector<RunRecord>& records, hsize_t width, T padding, RowOf row_of) {
  const hsize_t runs = records.size();
  hsize_t chunk_runs = 0;
  const PropertyListHandle properties = trajectory_dataset_properties(runs, width, sizeof(T), chunk_runs);
  const hsize_t dimensions[2] = {runs, width};
  // Unlimited rows let a study with no runs still have a chunked dataset.
  const hsize_t max_dimensions[2] = {H5S_UNLIMITED, width};
  const SpaceHandle file_space(H5Screate_simple(2, dimensions, max_dimensions), std::string("dataspace of ") + name);
  const DatasetHandle dataset(H5Dcreate2(group, name, file_type, file_space, H5P_DEFAULT, properties, H5P_DEFAULT),
                              std::string("create dataset trajectories/") + name);

  std::vector<T> block;
  for (hsize_t first = 0; first < runs; first += chunk_runs) {
    const hsize_t block_runs = std::min(chunk_runs, runs - first);
    block.assign(block_runs * width, padding);
    for (hsize_t r = 0; r < block_runs; ++r) {
      const std::vector<T>& row = row_of(records[first + r]);
      std::copy(row.begin(), row.end(), block.begin() + static_cast<std::ptrdiff_t>(r * width));
    }
    const hsize_t start[2] = {first, 0};
    const hsize_t count[2] = {block_runs, width};
    hdf5_check_status(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, nullptr, count, nullptr),
                      "select trajectory rows");
    const SpaceHandle memory_space(H5Screate_simple(2, count, nullptr), "create memory space");
    hdf5_check_status(H5Dwrite(dataset, memory_type, memory_space, file_space, H5P_DEFAULT, block.data()),
                      std::string("write dataset trajectories/") + name);
  }
}

void write_trajectories(hid_t file, const std::vector<RunRecord>& records) {
  std::size_t width = 1;
  for (const RunRecord& record : records) width = std::max({width, record.best_so_far.size(), record.chosen.size()});

  const GroupHandle group = create_untimed_group(file, "trajectories");
  write_trajectory(group, "best_so_far", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, records, width, not_a_number,
                   [](const RunRecord& record) -> const std::vector<double>& { return record.best_so_far; });
  write_trajectory(group, "chosen", H5T_STD_I32LE, H5T_NATIVE_INT32, records, width, std::int32_t{-1},
                   [](const RunRecord& record) -> const std::vector<std::int32_t>& { return record.chosen; });
}

// ---- /summary ---------------------------------------------------------------------------------

void write_summary(hid_t file, const std::vector<const Configuration*>& configurations,
                   const std::vector<RunRecord>& records) {
  std::map<std::uint32_t, std::vector<const RunRecord*>> runs_of_config;
  for (const RunRecord& record : records) runs_of_config[record.config_id].push_back(&record);

  PackedTable table;
  for (const SummaryField& field : summary_fields()) table.add_column(field.name, field.type);
  table.resize(configurations.size());
  for (std::size_t c = 0; c < configurations.size(); ++c) {
    const std::uint32_t config_id = configurations[c]->config_id;
    std::vector<double> experiments_of_found_runs;
    std::uint32_t runs = 0, failed = 0;
    for (const RunRecord* record : runs_of_config[config_id]) {
      ++runs;
      if (record->status == RunStatus::failed)
        ++failed;
      else if (record->found)
        experiments_of_found_runs.push_back(record->experiments_to_optimum);
    }
    set_summary_row(table, c, summarize(config_id, experiments_of_found_runs, runs, failed));
  }
  table.write(file, "summary");
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
  write_number_attribute(file, "optimum_value", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, optimum);

  PropertyListHandle group_properties(H5Pcreate(H5P_GROUP_CREATE), "create group properties");
  hdf5_check_status(H5Pset_obj_track_times(group_properties, false), "disable time tracking");
  const GroupHandle group(H5Gcreate2(file, "truth", H5P_DEFAULT, group_properties, H5P_DEFAULT), "create group truth");
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
  write_vector("values", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data(), values.size());
  write_vector("optimal_designs", H5T_STD_I32LE, H5T_NATIVE_INT32, optimal.data(), optimal.size());
  write_truth_designs(group, truth);
}

// ---- the whole file ---------------------------------------------------------------------------

void write_contents(hid_t file, const Study& study, const GroundTruth& truth, const std::vector<RunRecord>& records) {
  std::vector<const Configuration*> configurations;
  for (const Configuration& configuration : study.configurations) configurations.push_back(&configuration);
  std::sort(configurations.begin(), configurations.end(),
            [](const Configuration* a, const Configuration* b) { return a->config_id < b->config_id; });
  write_root_attributes(file, study, truth);
  write_configs(file, configurations);
  write_runs(file, study, records);
  write_run_messages(file, records);
  write_trajectories(file, records);
  write_summary(file, configurations, records);
  write_truth(file, truth);
}

/// Throws std::invalid_argument when a record names a configuration the study does not have.
void check_config_ids(const Study& study, const std::vector<RunRecord>& records) {
  std::vector<std::uint32_t> config_ids;
  for (const Configuration& configuration : study.configurations) config_ids.push_back(configuration.config_id);
  std::sort(config_ids.begin(), config_ids.end());
  for (const RunRecord& record : records)
    if (!std::binary_search(config_ids.begin(), config_ids.end(), record.config_id))
      throw std::invalid_argument("run record of unknown configuration " + std::to_string(record.config_id));
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
    if (reader.text_attribute("study_toml") != study.toml_text ||
        reader.text_attribute("input_files") != input_files_text(study) || reader.recorded_build() != build_identity())
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

void write_results_file(const std::string& path, const Study& study, const GroundTruth& truth,
                        std::vector<RunRecord> records, bool force, const std::function<void(hid_t file)>& add) {
  check_output_path(path, force);
  check_config_ids(study, records);
  std::sort(records.begin(), records.end(), [](const RunRecord& a, const RunRecord& b) {
    return std::tie(a.config_id, a.repeat) < std::tie(b.config_id, b.repeat);
  });

  const Hdf5QuietErrors quiet;
  write_hdf5_file(path, [&](hid_t file) {
    write_contents(file, study, truth, records);
    if (add) add(file);
  });
}

}  // namespace bosim
