#include "results/results_merge.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <deque>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "common/output_path.hpp"
#include "common/version.hpp"
#include "results/hdf5_handle.hpp"
#include "results/hdf5_writing.hpp"
#include "results/results_file.hpp"
#include "results/results_reader.hpp"
#include "results/results_schema.hpp"
#include "results/run_tables.hpp"

namespace bosim {

namespace {

namespace fs = std::filesystem;

constexpr const char* shard_index_name = schema::shard_index;
constexpr const char* shard_count_name = schema::shard_count;
constexpr const char* study_runs_name = schema::study_runs;

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

/// What merge checks of one shard file before reading its runs: attributes, the run keys and the shapes.
struct ShardContents {
  std::string path;
  ShardAttributes shard;
  std::string study_toml;
  std::string input_files;
  std::string build;  ///< bosim_version, instruction_set and source_revision: shards of one study come from one build
  hsize_t runs = 0;   ///< rows of /runs
  TypeHandle runs_type;           ///< the compound file type of /runs
  bool has_trajectories = false;  ///< the /trajectories group (absent with store_trajectories = false)
  hsize_t width = 0;              ///< /trajectories width
};

/// Rows and columns of a 2-D dataset.
void dimensions_of(ResultsReader& reader, const std::string& name, hsize_t& rows, hsize_t& columns) {
  const DatasetHandle dataset = reader.open_dataset(name);
  reader.guarded(name, [&] {
    const SpaceHandle space(H5Dget_space(dataset), "get dataspace");
    hsize_t dimensions[2] = {0, 1};
    if (H5Sget_simple_extent_ndims(space) != 2) throw Hdf5Error("expected a two-dimensional dataset");
    H5Sget_simple_extent_dims(space, dimensions, nullptr);
    rows = dimensions[0];
    columns = dimensions[1];
  });
}

ShardContents read_shard(const std::string& path) {
  ResultsReader reader(path);
  ShardContents contents;
  contents.path = path;
  contents.shard = read_shard_attributes(path);
  contents.study_toml = reader.text_attribute(schema::study_toml);
  contents.input_files = reader.text_attribute(schema::input_files);
  contents.build = reader.recorded_build();
  const DatasetHandle runs = reader.open_dataset(schema::runs);
  reader.guarded(schema::runs, [&] { contents.runs_type = TypeHandle(H5Dget_type(runs), "get type"); });
  contents.runs = reader.rows(runs, schema::runs);
  const hsize_t runs_count = contents.runs;
  bool same_shape = reader.rows(reader.open_dataset(schema::run_messages), schema::run_messages) == runs_count;
  contents.has_trajectories = reader.has_dataset(schema::trajectories);
  if (contents.has_trajectories) {
    hsize_t rows = 0, chosen_rows = 0, chosen_width = 0;
    dimensions_of(reader, schema::trajectories_best_so_far, rows, contents.width);
    dimensions_of(reader, schema::trajectories_chosen, chosen_rows, chosen_width);
    same_shape = same_shape && rows == runs_count && chosen_rows == runs_count && chosen_width == contents.width;
  }
  if (!same_shape)
    throw InputError("/runs, /run_messages and /trajectories differ in shape", SourcePosition(path, 0, 0));
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
    if (shard.has_trajectories != first.has_trajectories) throw differs("/trajectories presence");
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

  std::uint64_t runs = 0;  // that no run is in two shards is checked as they are merged (ShardRuns)
  for (const ShardContents& shard : shards) runs += shard.runs;
  if (runs != first.shard.study_runs)
    throw InputError("the shards hold " + std::to_string(runs) + " runs, but the study has " +
                     std::to_string(first.shard.study_runs));
}

/// Reads the runs of one shard file back into records, a block of rows at a time, in file order.
class ShardCursor {
 public:
  ShardCursor(const ShardContents& shard, const std::vector<std::string>& drawn_factors)
      : shard_(shard), reader_(shard.path), drawn_factors_(drawn_factors) {}

  bool done() const { return position_ == block_.size() && next_row_ == shard_.runs; }
  /// The next record (refills the block when needed); only when !done().
  RunRecord& head() {
    if (position_ == block_.size()) refill();
    return block_[position_];
  }
  void pop() { ++position_; }
  const std::string& path() const { return shard_.path; }

 private:
  static constexpr hsize_t block_rows = schema::max_chunk_runs;

  /// The fixed /runs columns in memory.
  struct RunRow {
    std::uint32_t config_id, repeat;
    std::uint64_t seed;
    char status[8];
    std::int32_t experiments_to_optimum, iterations_to_optimum;
    std::uint8_t found;
    double best_value;
    std::int32_t n_fits, fit_failures;
    double wall_seconds;
  };

  static TypeHandle run_row_type() {
    TypeHandle text(H5Tcopy(H5T_C_S1), "copy string type");
    hdf5_check_status(H5Tset_size(text, sizeof(RunRow::status)), "set string length");
    hdf5_check_status(H5Tset_strpad(text, H5T_STR_NULLPAD), "set string padding");
    TypeHandle row(H5Tcreate(H5T_COMPOUND, sizeof(RunRow)), "create memory type");
    const auto insert = [&](const char* name, std::size_t offset, hid_t type) {
      hdf5_check_status(H5Tinsert(row, name, offset, type), std::string("describe ") + name);
    };
    insert(schema::config_id, offsetof(RunRow, config_id), H5T_NATIVE_UINT32);
    insert(schema::repeat, offsetof(RunRow, repeat), H5T_NATIVE_UINT32);
    insert(schema::seed, offsetof(RunRow, seed), H5T_NATIVE_UINT64);
    insert(schema::status, offsetof(RunRow, status), text);
    insert(schema::experiments_to_optimum, offsetof(RunRow, experiments_to_optimum), H5T_NATIVE_INT32);
    insert(schema::iterations_to_optimum, offsetof(RunRow, iterations_to_optimum), H5T_NATIVE_INT32);
    insert(schema::found, offsetof(RunRow, found), H5T_NATIVE_UINT8);
    insert(schema::best_value, offsetof(RunRow, best_value), H5T_NATIVE_DOUBLE);
    insert(schema::n_fits, offsetof(RunRow, n_fits), H5T_NATIVE_INT32);
    insert(schema::fit_failures, offsetof(RunRow, fit_failures), H5T_NATIVE_INT32);
    insert(schema::wall_seconds, offsetof(RunRow, wall_seconds), H5T_NATIVE_DOUBLE);
    return row;
  }

  /// Rows [first, first + count) of `name` (rank 1, or rank 2 `width` wide) into `values`.
  void read_rows(const char* name, hid_t memory_type, hsize_t first, hsize_t count, hsize_t width, void* values) {
    const DatasetHandle dataset = reader_.open_dataset(name);
    reader_.guarded(name, [&] {
      const int rank = width == 0 ? 1 : 2;
      const hsize_t start[2] = {first, 0};
      const hsize_t extent[2] = {count, width};
      const SpaceHandle file_space(H5Dget_space(dataset), "get dataspace");
      hdf5_check_status(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, nullptr, extent, nullptr), "select");
      const SpaceHandle memory_space(H5Screate_simple(rank, extent, nullptr), "memory space");
      hdf5_check_status(H5Dread(dataset, memory_type, memory_space, file_space, H5P_DEFAULT, values), "read");
    });
  }

  /// A trajectory row without its padding (trailing NaN or −1).
  template <class T, class IsPadding>
  static std::vector<T> unpadded(const std::vector<T>& matrix, std::size_t row, std::size_t width, IsPadding padding) {
    auto begin = matrix.begin() + static_cast<std::ptrdiff_t>(row * width);
    auto end = begin + static_cast<std::ptrdiff_t>(width);
    while (end != begin && padding(*(end - 1))) --end;
    return std::vector<T>(begin, end);
  }

  void refill() {
    const hsize_t first = next_row_;
    const hsize_t count = std::min<hsize_t>(block_rows, shard_.runs - first);
    std::vector<RunRow> rows(count);
    const TypeHandle row_type = run_row_type();
    read_rows(schema::runs, row_type, first, count, 0, rows.data());
    std::vector<char*> messages(count, nullptr);
    const TypeHandle text = utf8_text_type();
    read_rows(schema::run_messages, text, first, count, 0, messages.data());
    std::vector<std::vector<double>> drawn(drawn_factors_.size(), std::vector<double>(count));
    for (std::size_t k = 0; k < drawn_factors_.size(); ++k) {
      const std::string member = schema::drawn_prefix + drawn_factors_[k];
      const TypeHandle member_type(H5Tcreate(H5T_COMPOUND, sizeof(double)), "create memory type");
      hdf5_check_status(H5Tinsert(member_type, member.c_str(), 0, H5T_NATIVE_DOUBLE), "describe " + member);
      read_rows(schema::runs, member_type, first, count, 0, drawn[k].data());
    }
    const std::size_t width = shard_.has_trajectories ? shard_.width : 0;
    std::vector<double> best_so_far(count * width);
    std::vector<std::int32_t> chosen(count * width);
    if (width > 0) {
      read_rows(schema::trajectories_best_so_far, H5T_NATIVE_DOUBLE, first, count, width, best_so_far.data());
      read_rows(schema::trajectories_chosen, H5T_NATIVE_INT32, first, count, width, chosen.data());
    }
    block_.assign(count, RunRecord{});
    for (std::size_t r = 0; r < count; ++r) {
      RunRecord& record = block_[r];
      const RunRow& row = rows[r];
      record.config_id = row.config_id;
      record.repeat = row.repeat;
      record.seed = row.seed;
      record.status = std::string(row.status, strnlen(row.status, sizeof row.status)) == schema::status_failed
                          ? RunStatus::failed
                          : RunStatus::ok;
      record.message = messages[r] != nullptr ? messages[r] : "";
      record.experiments_to_optimum = row.experiments_to_optimum;
      record.iterations_to_optimum = row.iterations_to_optimum;
      record.found = row.found != 0;
      record.best_value = row.best_value;
      record.n_fits = row.n_fits;
      record.fit_failures = row.fit_failures;
      record.wall_seconds = row.wall_seconds;
      for (const std::vector<double>& values : drawn) record.drawn_values.push_back(values[r]);
      if (width > 0) {
        record.best_so_far = unpadded(best_so_far, r, width, [](double v) { return std::isnan(v); });
        record.chosen = unpadded(chosen, r, width, [](std::int32_t v) { return v == -1; });
      }
    }
    const SpaceHandle space(H5Screate_simple(1, &count, nullptr), "memory space");
    H5Dvlen_reclaim(text, space, H5P_DEFAULT, messages.data());
    next_row_ += count;
    position_ = 0;
  }

  const ShardContents& shard_;
  ResultsReader reader_;
  const std::vector<std::string>& drawn_factors_;
  std::vector<RunRecord> block_;
  std::size_t position_ = 0;
  std::size_t next_row_ = 0;
};

/// The runs of every shard in (config_id, repeat) order: a merge of the shards' sorted rows.
class ShardRuns : public OrderedRuns {
 public:
  ShardRuns(const std::vector<ShardContents>& shards, const std::vector<std::string>& drawn_factors,
            const std::vector<std::uint32_t>& config_ids)
      : config_ids_(config_ids) {
    for (const ShardContents& shard : shards) {
      cursors_.emplace_back(shard, drawn_factors);
      size_ += shard.runs;
      if (shard.has_trajectories) longest_ = std::max<std::size_t>(longest_, shard.width);
    }
  }
  std::uint64_t size() const override { return size_; }
  std::size_t longest_trajectory() const override { return longest_; }

  void next(std::size_t count, std::vector<RunRecord>& block) override {
    block.clear();
    for (std::size_t taken = 0; taken < count; ++taken) {
      ShardCursor* lowest = nullptr;
      for (ShardCursor& cursor : cursors_)
        if (!cursor.done() && (lowest == nullptr || std::tie(cursor.head().config_id, cursor.head().repeat) <
                                                        std::tie(lowest->head().config_id, lowest->head().repeat)))
          lowest = &cursor;
      if (lowest == nullptr) throw std::logic_error("ShardRuns: fewer runs left than asked");
      if (!std::binary_search(config_ids_.begin(), config_ids_.end(), lowest->head().config_id))
        throw InputError("run of configuration " + std::to_string(lowest->head().config_id) + " missing from /configs",
                         SourcePosition(lowest->path(), 0, 0, schema::configs));
      check_follows_last(*lowest);
      block.push_back(std::move(lowest->head()));
      lowest->pop();
    }
  }

 private:
  /// Throws InputError unless the run at `cursor`'s head comes after the last run merged: a run in two shards
  /// (hand-edited or foreign files) or a shard out of (config_id, repeat) order. Remembers it as the last.
  void check_follows_last(ShardCursor& cursor) {
    const RunRecord& head = cursor.head();
    const auto key = std::pair{head.config_id, head.repeat};
    const std::string run =
        "run (config " + std::to_string(head.config_id) + ", repeat " + std::to_string(head.repeat) + ")";
    if (last_path_ != nullptr && key == last_key_)
      throw InputError("overlapping shards: " + run + " is also in " + *last_path_,
                       SourcePosition(cursor.path(), 0, 0, schema::runs));
    if (last_path_ != nullptr && key < last_key_)
      throw InputError(run + " out of (config_id, repeat) order", SourcePosition(cursor.path(), 0, 0, schema::runs));
    last_key_ = key;
    last_path_ = &cursor.path();
  }

  std::pair<std::uint32_t, std::uint32_t> last_key_{0, 0};
  const std::string* last_path_ = nullptr;  ///< the shard of the last run merged
  const std::vector<std::uint32_t>& config_ids_;
  std::deque<ShardCursor> cursors_;
  std::uint64_t size_ = 0;
  std::size_t longest_ = 0;
};

void write_merged(hid_t file, const std::vector<ShardContents>& shards) {
  ResultsReader first(shards.front().path);
  RunTablesLayout layout;
  layout.config_ids = first.compound_member<std::uint32_t>(schema::configs, schema::config_id, H5T_NATIVE_UINT32);
  std::sort(layout.config_ids.begin(), layout.config_ids.end());
  const std::string drawn_prefix = schema::drawn_prefix;
  for (const std::string& member : first.compound_member_names(schema::runs))
    if (member.rfind(drawn_prefix, 0) == 0) layout.drawn_factors.push_back(member.substr(drawn_prefix.size()));
  layout.store_trajectories = shards.front().has_trajectories;
  const DatasetHandle configs = first.open_dataset(schema::configs);
  {
    const GroupHandle source_root(H5Gopen2(configs, "/", H5P_DEFAULT), "open / of " + shards.front().path);
    copy_attributes(source_root, file,
                    [](const std::string& name) { return is_shard_attribute(name) || name == schema::created; });
  }
  write_text_attribute(file, schema::created, current_utc_time());
  hdf5_check_status(H5Ocopy(configs, "/configs", file, schema::configs, H5P_DEFAULT, H5P_DEFAULT), "copy /configs");
  ShardRuns runs(shards, layout.drawn_factors, layout.config_ids);
  write_run_tables(file, layout, runs);
  if (first.has_dataset(schema::truth))
    hdf5_check_status(H5Ocopy(configs, "/truth", file, schema::truth, H5P_DEFAULT, H5P_DEFAULT), "copy /truth");
}

}  // namespace

void write_shard_results_file(const std::string& path, const Study& study, const GroundTruth& truth, OrderedRuns& runs,
                              bool force, const ShardAttributes& shard) {
  write_results_file(path, study, truth, runs, force, [&](hid_t file) {
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
  check_output_path(output_path, force, shard_paths);

  const Hdf5QuietErrors quiet;
  std::vector<ShardContents> shards;
  for (const std::string& path : shard_paths) shards.push_back(read_shard(path));
  check_shard_set(shards);

  write_hdf5_file(output_path, [&](hid_t file) { write_merged(file, shards); });
}

}  // namespace bosim
