#include "results/results_merge.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "common/output_path.hpp"
#include "common/version.hpp"
#include "results/hdf5_handle.hpp"
#include "results/hdf5_writing.hpp"
#include "results/packed_table.hpp"
#include "results/results_file.hpp"
#include "results/results_reader.hpp"
#include "results/summary_layout.hpp"

namespace bosim {

namespace {

namespace fs = std::filesystem;

constexpr const char* shard_index_name = "shard_index";
constexpr const char* shard_count_name = "shard_count";
constexpr const char* study_runs_name = "study_runs";

bool is_shard_attribute(const std::string& name) {
  return name == shard_index_name || name == shard_count_name || name == study_runs_name;
}

/// Copies the attributes of `source` to `destination` unchanged (type, shape, bytes), except those
/// `skip` names; variable-length strings are read as pointers and released after writing.
template <class Skip>
void copy_attributes(hid_t source, hid_t destination, Skip skip) {
  H5O_info_t info;
  hdf5_check_status(H5Oget_info(source, &info), "inspect attributes");
  for (hsize_t position = 0; position < info.num_attrs; ++position) {
    const AttributeHandle attribute(
        H5Aopen_by_idx(source, ".", H5_INDEX_NAME, H5_ITER_INC, position, H5P_DEFAULT, H5P_DEFAULT), "open attribute");
    std::string name(static_cast<std::size_t>(H5Aget_name(attribute, 0, nullptr)), '\0');
    H5Aget_name(attribute, name.size() + 1, name.data());
    if (skip(name)) continue;
    const TypeHandle type(H5Aget_type(attribute), "type of attribute " + name);
    const SpaceHandle space(H5Aget_space(attribute), "dataspace of attribute " + name);
    const auto points = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
    std::vector<unsigned char> bytes(H5Tget_size(type) * std::max<std::size_t>(points, 1));
    hdf5_check_status(H5Aread(attribute, type, bytes.data()), "read attribute " + name);
    const AttributeHandle copy(H5Acreate2(destination, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                               "create attribute " + name);
    const herr_t written = H5Awrite(copy, type, bytes.data());
    if (H5Tdetect_class(type, H5T_VLEN) > 0 || H5Tis_variable_str(type) > 0)
      H5Dvlen_reclaim(type, space, H5P_DEFAULT, bytes.data());
    hdf5_check_status(written, "write attribute " + name);
  }
}

/// One shard file, read whole (a shard holds a fraction of a study that fits in memory anyway).
struct ShardContents {
  std::string path;
  ShardAttributes shard;
  std::string study_toml;
  std::string input_files;
  std::string build;  ///< bosim_version and instruction_set: shards of one study come from one build
  std::vector<std::uint32_t> config_ids;
  std::vector<std::uint32_t> repeats;
  std::vector<bool> failed;
  std::vector<bool> found;
  std::vector<std::int32_t> experiments_to_optimum;
  TypeHandle runs_type;                 ///< the compound file type of /runs
  std::vector<unsigned char> run_rows;  ///< /runs as stored, one row per run
  std::vector<std::string> messages;    ///< /run_messages
  hsize_t width = 0;                    ///< /trajectories width
  std::vector<double> best_so_far;
  std::vector<std::int32_t> chosen;
};

std::vector<bool> read_failed(ResultsReader& reader) {
  std::vector<bool> failed;
  for (const std::string& status : reader.run_statuses()) failed.push_back(status == "failed");
  return failed;
}

ShardContents read_shard(const std::string& path) {
  ResultsReader reader(path);
  ShardContents contents;
  contents.path = path;
  contents.shard = read_shard_attributes(path);
  contents.study_toml = reader.text_attribute("study_toml");
  contents.input_files = reader.text_attribute("input_files");
  contents.build = build_identity(reader.text_attribute("bosim_version"), reader.has_attribute("instruction_set")
                                                                              ? reader.text_attribute("instruction_set")
                                                                              : "an unrecorded instruction set");
  contents.config_ids = reader.compound_member<std::uint32_t>("runs", "config_id", H5T_NATIVE_UINT32);
  contents.repeats = reader.compound_member<std::uint32_t>("runs", "repeat", H5T_NATIVE_UINT32);
  contents.experiments_to_optimum =
      reader.compound_member<std::int32_t>("runs", "experiments_to_optimum", H5T_NATIVE_INT32);
  for (const std::uint8_t found : reader.compound_member<std::uint8_t>("runs", "found", H5T_NATIVE_UINT8))
    contents.found.push_back(found != 0);
  contents.failed = read_failed(reader);

  const DatasetHandle runs = reader.open_dataset("runs");
  reader.guarded("runs", [&] {
    contents.runs_type = TypeHandle(H5Dget_type(runs), "get type");
    contents.run_rows.resize(H5Tget_size(contents.runs_type) * contents.config_ids.size());
    if (!contents.run_rows.empty())
      hdf5_check_status(H5Dread(runs, contents.runs_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, contents.run_rows.data()),
                        "read");
  });
  contents.messages = reader.run_messages();

  hsize_t rows = 0, chosen_rows = 0, chosen_width = 0;
  contents.best_so_far =
      reader.numeric_dataset<double>("trajectories/best_so_far", H5T_NATIVE_DOUBLE, rows, contents.width);
  contents.chosen =
      reader.numeric_dataset<std::int32_t>("trajectories/chosen", H5T_NATIVE_INT32, chosen_rows, chosen_width);
  const std::size_t runs_count = contents.config_ids.size();
  if (contents.messages.size() != runs_count || rows != runs_count || chosen_rows != runs_count ||
      chosen_width != contents.width)
    throw InputError("/runs, /run_messages and /trajectories differ in shape", SourcePosition(path));
  return contents;
}

/// Refuses a set of shards that cannot make one study's results (see merge_shard_files).
void check_shard_set(const std::vector<ShardContents>& shards) {
  const ShardContents& first = shards.front();
  std::map<std::uint32_t, const ShardContents*> by_index;
  for (const ShardContents& shard : shards) {
    const auto differs = [&](const std::string& what) {
      return InputError("comes from a different study than " + first.path + " (" + what + " differs)",
                        SourcePosition(shard.path, 0, 0, what));
    };
    if (shard.study_toml != first.study_toml) throw differs("study_toml");
    if (shard.input_files != first.input_files) throw differs("input_files");
    if (shard.build != first.build)
      throw InputError("was written by " + shard.build + ", but " + first.path + " by " + first.build +
                           ": floating-point results differ between builds, so one study's shards must come from one",
                       SourcePosition(shard.path, 0, 0, "instruction_set"));
    if (shard.shard.count != first.shard.count || shard.shard.study_runs != first.shard.study_runs)
      throw InputError("split into " + std::to_string(shard.shard.count) + " shards, but " + first.path + " into " +
                           std::to_string(first.shard.count),
                       SourcePosition(shard.path, 0, 0, shard_count_name));
    if (H5Tequal(shard.runs_type, first.runs_type) <= 0) throw differs("/runs layout");
    const auto [previous, inserted] = by_index.emplace(shard.shard.index, &shard);
    if (!inserted)
      throw InputError("overlapping shards: this file and " + previous->second->path + " are both shard " +
                           std::to_string(shard.shard.index) + " of " + std::to_string(shard.shard.count),
                       SourcePosition(shard.path, 0, 0, shard_index_name));
  }
  std::string missing;
  for (std::uint32_t index = 1; index <= first.shard.count; ++index)
    if (by_index.count(index) == 0) missing += (missing.empty() ? "" : ", ") + std::to_string(index);
  if (!missing.empty())
    throw InputError("missing shards " + missing + " of " + std::to_string(first.shard.count) +
                     ": merge needs the file of every shard (bosim run --shard k/" + std::to_string(first.shard.count) +
                     ")");

  std::map<std::pair<std::uint32_t, std::uint32_t>, const ShardContents*> owner;
  std::uint64_t runs = 0;
  for (const ShardContents& shard : shards) {
    for (std::size_t row = 0; row < shard.config_ids.size(); ++row) {
      const auto [previous, inserted] = owner.emplace(std::pair{shard.config_ids[row], shard.repeats[row]}, &shard);
      if (!inserted)
        throw InputError("overlapping shards: run (config " + std::to_string(shard.config_ids[row]) + ", repeat " +
                             std::to_string(shard.repeats[row]) + ") is also in " + previous->second->path,
                         SourcePosition(shard.path, 0, 0, "runs"));
    }
    runs += shard.config_ids.size();
  }
  if (runs != first.shard.study_runs)
    throw InputError("the shards hold " + std::to_string(runs) + " runs, but the study has " +
                     std::to_string(first.shard.study_runs));
}

/// Position of one run: which shard, which row.
struct RunSource {
  std::uint32_t config_id;
  std::uint32_t repeat;
  std::size_t shard;
  std::size_t row;
};

std::vector<RunSource> runs_in_file_order(const std::vector<ShardContents>& shards) {
  std::vector<RunSource> order;
  for (std::size_t shard = 0; shard < shards.size(); ++shard)
    for (std::size_t row = 0; row < shards[shard].config_ids.size(); ++row)
      order.push_back({shards[shard].config_ids[row], shards[shard].repeats[row], shard, row});
  std::sort(order.begin(), order.end(), [](const RunSource& a, const RunSource& b) {
    return std::tie(a.config_id, a.repeat) < std::tie(b.config_id, b.repeat);
  });
  return order;
}

void write_runs(hid_t file, const std::vector<ShardContents>& shards, const std::vector<RunSource>& order) {
  const hid_t type = shards.front().runs_type;
  const std::size_t row_size = H5Tget_size(type);
  std::vector<unsigned char> rows(row_size * order.size());
  for (std::size_t run = 0; run < order.size(); ++run)
    std::memcpy(rows.data() + run * row_size, shards[order[run].shard].run_rows.data() + order[run].row * row_size,
                row_size);
  const hsize_t dimensions[1] = {order.size()};
  const SpaceHandle space(H5Screate_simple(1, dimensions, nullptr), "create dataspace of runs");
  const PropertyListHandle properties = untimed_dataset_properties();
  const DatasetHandle dataset(H5Dcreate2(file, "runs", type, space, H5P_DEFAULT, properties, H5P_DEFAULT),
                              "create dataset runs");
  if (!rows.empty())
    hdf5_check_status(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), "write dataset runs");

  const TypeHandle text = utf8_text_type();
  const DatasetHandle messages(H5Dcreate2(file, "run_messages", text, space, H5P_DEFAULT, properties, H5P_DEFAULT),
                               "create dataset run_messages");
  std::vector<const char*> pointers;
  for (const RunSource& run : order) pointers.push_back(shards[run.shard].messages[run.row].c_str());
  if (!pointers.empty())
    hdf5_check_status(H5Dwrite(messages, text, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
                      "write dataset run_messages");
}

/// Writes one /trajectories matrix, rows re-padded to `width`, with write_results_file's storage
/// (chunks of at most 1024 runs and ~1 MiB, shuffle + deflate 4, unlimited rows).
template <class T>
void write_trajectory(hid_t group, const char* name, hid_t file_type, hid_t memory_type,
                      const std::vector<ShardContents>& shards, const std::vector<RunSource>& order,
                      std::vector<T> ShardContents::*matrix, hsize_t width, T padding) {
  std::vector<T> values(order.size() * width, padding);
  for (std::size_t run = 0; run < order.size(); ++run) {
    const ShardContents& shard = shards[order[run].shard];
    const auto source = (shard.*matrix).begin() + static_cast<std::ptrdiff_t>(order[run].row * shard.width);
    std::copy(source, source + static_cast<std::ptrdiff_t>(shard.width),
              values.begin() + static_cast<std::ptrdiff_t>(run * width));
  }
  const hsize_t runs = order.size();
  hsize_t chunk_runs = 0;
  const PropertyListHandle properties = trajectory_dataset_properties(runs, width, sizeof(T), chunk_runs);
  const hsize_t dimensions[2] = {runs, width};
  const hsize_t max_dimensions[2] = {H5S_UNLIMITED, width};
  const SpaceHandle space(H5Screate_simple(2, dimensions, max_dimensions), std::string("dataspace of ") + name);
  const DatasetHandle dataset(H5Dcreate2(group, name, file_type, space, H5P_DEFAULT, properties, H5P_DEFAULT),
                              std::string("create dataset trajectories/") + name);
  if (!values.empty())
    hdf5_check_status(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                      std::string("write dataset trajectories/") + name);
}

void write_trajectories(hid_t file, const std::vector<ShardContents>& shards, const std::vector<RunSource>& order) {
  hsize_t width = 1;
  for (const ShardContents& shard : shards) width = std::max(width, shard.width);
  const GroupHandle group = create_untimed_group(file, "trajectories");
  write_trajectory<double>(group, "best_so_far", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, shards, order,
                           &ShardContents::best_so_far, width, std::numeric_limits<double>::quiet_NaN());
  write_trajectory<std::int32_t>(group, "chosen", H5T_STD_I32LE, H5T_NATIVE_INT32, shards, order,
                                 &ShardContents::chosen, width, -1);
}

/// /summary over every run, one row per configuration in /configs order — the statistics
/// write_results_file computes, now that all runs are together.
void write_summary(hid_t file, const std::vector<std::uint32_t>& config_ids, const std::vector<ShardContents>& shards,
                   const std::vector<RunSource>& order) {
  PackedTable table;
  for (const SummaryField& field : summary_fields()) table.add_column(field.name, field.type);
  table.resize(config_ids.size());
  auto run = order.begin();
  for (std::size_t row = 0; row < config_ids.size(); ++row) {
    std::vector<double> experiments_of_found_runs;
    std::uint32_t runs = 0, failed = 0;
    for (; run != order.end() && run->config_id == config_ids[row]; ++run) {
      const ShardContents& shard = shards[run->shard];
      ++runs;
      if (shard.failed[run->row])
        ++failed;
      else if (shard.found[run->row])
        experiments_of_found_runs.push_back(shard.experiments_to_optimum[run->row]);
    }
    set_summary_row(table, row, summarize(config_ids[row], experiments_of_found_runs, runs, failed));
  }
  if (run != order.end())
    throw InputError("run of configuration " + std::to_string(run->config_id) + " missing from /configs",
                     SourcePosition(shards[run->shard].path, 0, 0, "configs"));
  table.write(file, "summary");
}

void write_merged(hid_t file, const std::vector<ShardContents>& shards) {
  const std::vector<RunSource> order = runs_in_file_order(shards);
  ResultsReader first(shards.front().path);
  const std::vector<std::uint32_t> config_ids =
      first.compound_member<std::uint32_t>("configs", "config_id", H5T_NATIVE_UINT32);
  const DatasetHandle configs = first.open_dataset("configs");
  {
    const GroupHandle source_root(H5Gopen2(configs, "/", H5P_DEFAULT), "open / of " + shards.front().path);
    copy_attributes(source_root, file,
                    [](const std::string& name) { return is_shard_attribute(name) || name == "created"; });
  }
  write_text_attribute(file, "created", current_utc_time());
  hdf5_check_status(H5Ocopy(configs, "/configs", file, "configs", H5P_DEFAULT, H5P_DEFAULT), "copy /configs");
  if (first.has_dataset("truth"))
    hdf5_check_status(H5Ocopy(configs, "/truth", file, "truth", H5P_DEFAULT, H5P_DEFAULT), "copy /truth");
  write_runs(file, shards, order);
  write_trajectories(file, shards, order);
  write_summary(file, config_ids, shards, order);
}

}  // namespace

void write_shard_results_file(const std::string& path, const Study& study, const GroundTruth& truth,
                              std::vector<RunRecord> records, bool force, const ShardAttributes& shard) {
  write_results_file(path, study, truth, std::move(records), force, [&](hid_t file) {
    write_number_attribute(file, shard_index_name, H5T_STD_U32LE, H5T_NATIVE_UINT32, shard.index);
    write_number_attribute(file, shard_count_name, H5T_STD_U32LE, H5T_NATIVE_UINT32, shard.count);
    write_number_attribute(file, study_runs_name, H5T_STD_U64LE, H5T_NATIVE_UINT64, shard.study_runs);
  });
}

ShardAttributes read_shard_attributes(const std::string& path) {
  const Hdf5QuietErrors quiet;
  ResultsReader reader(path);
  if (!reader.has_attribute(shard_index_name))
    throw InputError("not a shard file (bosim run --shard k/K writes them; this one has no shard_index attribute)",
                     SourcePosition(path, 0, 0, shard_index_name));
  ShardAttributes shard;
  shard.index = static_cast<std::uint32_t>(reader.integer_attribute(shard_index_name));
  shard.count = static_cast<std::uint32_t>(reader.integer_attribute(shard_count_name));
  shard.study_runs = static_cast<std::uint64_t>(reader.integer_attribute(study_runs_name));
  if (shard.index < 1 || shard.index > shard.count)
    throw InputError("shard_index " + std::to_string(shard.index) + " outside 1.." + std::to_string(shard.count),
                     SourcePosition(path, 0, 0, shard_index_name));
  return shard;
}

void merge_shard_files(const std::vector<std::string>& shard_paths, const std::string& output_path, bool force) {
  if (shard_paths.empty()) throw InputError("no shard files to merge");
  for (const std::string& shard : shard_paths)
    if (fs::exists(output_path) && fs::equivalent(shard, output_path))
      throw InputError("the output is one of the shard files", SourcePosition(output_path, 0, 0, "--output"));
  check_output_path(output_path, force);

  const Hdf5QuietErrors quiet;
  std::vector<ShardContents> shards;
  for (const std::string& path : shard_paths) shards.push_back(read_shard(path));
  check_shard_set(shards);

  write_hdf5_file(output_path, [&](hid_t file) { write_merged(file, shards); });
}

}  // namespace bosim
