#include "results/run_tables.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <stdexcept>
#include <tuple>

#include "results/hdf5_handle.hpp"
#include "results/hdf5_writing.hpp"
#include "results/packed_table.hpp"
#include "results/results_schema.hpp"
#include "results/summary_layout.hpp"

namespace bosim {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

bool run_order(const RunRecord& a, const RunRecord& b) {
  return std::tie(a.config_id, a.repeat) < std::tie(b.config_id, b.repeat);
}

/// A chunked per-run dataset (rank 1, or rank 2 with `width` columns) written one block of rows at a time.
class BlockDataset {
 public:
  BlockDataset(hid_t parent, const char* name, hid_t file_type, hsize_t runs, hsize_t width, hsize_t chunk_rows)
      : name_(name), width_(width) {
    const int rank = width == 0 ? 1 : 2;
    const hsize_t dimensions[2] = {runs, width};
    const hsize_t max_dimensions[2] = {H5S_UNLIMITED, width};  // unlimited: a study without runs is chunked too
    const SpaceHandle space(H5Screate_simple(rank, dimensions, max_dimensions), std::string("dataspace of ") + name);
    const PropertyListHandle properties = run_table_properties(rank, chunk_rows, width);
    dataset_ = DatasetHandle(H5Dcreate2(parent, name, file_type, space, H5P_DEFAULT, properties, H5P_DEFAULT),
                             std::string("create dataset ") + name);
  }

  /// Writes rows [first, first + count) from `data` (count × width values of `memory_type`).
  void write(hid_t memory_type, hsize_t first, hsize_t count, const void* data) const {
    const int rank = width_ == 0 ? 1 : 2;
    const hsize_t start[2] = {first, 0};
    const hsize_t extent[2] = {count, width_};
    const SpaceHandle file_space(H5Dget_space(dataset_), "dataspace of " + name_);
    hdf5_check_status(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, nullptr, extent, nullptr),
                      "select rows of " + name_);
    const SpaceHandle memory_space(H5Screate_simple(rank, extent, nullptr), "memory space of " + name_);
    hdf5_check_status(H5Dwrite(dataset_, memory_type, memory_space, file_space, H5P_DEFAULT, data),
                      "write dataset " + name_);
  }

  /// Closes the dataset, writing what HDF5 still caches of it; throws Hdf5Error when that fails.
  void close() { dataset_.close("close dataset " + name_); }

 private:
  std::string name_;
  hsize_t width_;
  DatasetHandle dataset_;
};

/// One block of /runs rows, packed.
class RunsBlock {
 public:
  explicit RunsBlock(const std::vector<std::string>& drawn_factors) {
    config_id_ = table_.add_column(schema::config_id, ColumnType::uint32);
    repeat_ = table_.add_column(schema::repeat, ColumnType::uint32);
    seed_ = table_.add_column(schema::seed, ColumnType::uint64);
    status_ = table_.add_column(schema::status, ColumnType::text, schema::status_width);
    experiments_ = table_.add_column(schema::experiments_to_optimum, ColumnType::int32);
    iterations_ = table_.add_column(schema::iterations_to_optimum, ColumnType::int32);
    found_ = table_.add_column(schema::found, ColumnType::uint8);
    best_value_ = table_.add_column(schema::best_value, ColumnType::float64);
    n_fits_ = table_.add_column(schema::n_fits, ColumnType::int32);
    fit_failures_ = table_.add_column(schema::fit_failures, ColumnType::int32);
    wall_seconds_ = table_.add_column(schema::wall_seconds, ColumnType::float64);
    for (const std::string& factor : drawn_factors)
      drawn_.push_back(table_.add_column(schema::drawn_prefix + factor, ColumnType::float64));
  }

  const PackedTable& fill(const std::vector<RunRecord>& block) {
    table_.resize(0);
    table_.resize(block.size());
    for (std::size_t r = 0; r < block.size(); ++r) {
      const RunRecord& record = block[r];
      table_.set(r, config_id_, record.config_id);
      table_.set(r, repeat_, record.repeat);
      table_.set(r, seed_, record.seed);
      table_.set_text(r, status_, record.status == RunStatus::ok ? schema::status_ok : schema::status_failed);
      table_.set(r, experiments_, record.experiments_to_optimum);
      table_.set(r, iterations_, record.iterations_to_optimum);
      table_.set(r, found_, static_cast<std::uint8_t>(record.found ? 1 : 0));
      table_.set(r, best_value_, record.best_value);
      table_.set(r, n_fits_, record.n_fits);
      table_.set(r, fit_failures_, record.fit_failures);
      table_.set(r, wall_seconds_, record.wall_seconds);
      for (std::size_t k = 0; k < drawn_.size(); ++k)
        table_.set(r, drawn_[k], k < record.drawn_values.size() ? record.drawn_values[k] : not_a_number);
    }
    return table_;
  }
  const PackedTable& table() const { return table_; }

 private:
  PackedTable table_;
  std::size_t config_id_, repeat_, seed_, status_, experiments_, iterations_, found_, best_value_, n_fits_,
      fit_failures_, wall_seconds_;
  std::vector<std::size_t> drawn_;
};

/// /summary, one row per configuration, each row computed when the runs move past its configuration.
class SummaryBuilder {
 public:
  explicit SummaryBuilder(const std::vector<std::uint32_t>& config_ids) : config_ids_(config_ids) {
    for (const SummaryField& field : summary_fields()) table_.add_column(field.name, field.type);
    table_.resize(config_ids.size());
  }

  void add(const RunRecord& record) {
    while (row_ < config_ids_.size() && config_ids_[row_] < record.config_id) close_row();
    if (row_ == config_ids_.size() || config_ids_[row_] != record.config_id)
      throw std::invalid_argument("run record of unknown configuration " + std::to_string(record.config_id));
    ++runs_;
    if (record.status == RunStatus::failed)
      ++failed_;
    else if (record.found)
      experiments_of_found_runs_.push_back(record.experiments_to_optimum);
  }

  void write(hid_t file) {
    while (row_ < config_ids_.size()) close_row();
    table_.write(file, schema::summary);
  }

 private:
  void close_row() {
    set_summary_row(table_, row_, summarize(config_ids_[row_], experiments_of_found_runs_, runs_, failed_));
    experiments_of_found_runs_.clear();
    runs_ = failed_ = 0;
    ++row_;
  }

  const std::vector<std::uint32_t>& config_ids_;
  PackedTable table_;
  std::size_t row_ = 0;
  std::vector<double> experiments_of_found_runs_;
  std::uint32_t runs_ = 0, failed_ = 0;
};

/// Row `r` of a block's trajectory matrix: `values` padded with `padding` to `width`.
template <class T>
void put_row(std::vector<T>& matrix, std::size_t r, std::size_t width, const std::vector<T>& values, T padding) {
  const auto row = matrix.begin() + static_cast<std::ptrdiff_t>(r * width);
  std::fill(row, row + static_cast<std::ptrdiff_t>(width), padding);
  std::copy(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(std::min(values.size(), width)), row);
}

}  // namespace

RecordsInMemory::RecordsInMemory(std::vector<RunRecord> records) : records_(std::move(records)) {
  std::sort(records_.begin(), records_.end(), run_order);
  for (const RunRecord& record : records_)
    longest_ = std::max({longest_, record.best_so_far.size(), record.chosen.size()});
}

void RecordsInMemory::next(std::size_t count, std::vector<RunRecord>& block) {
  if (count > records_.size() - position_) throw std::logic_error("RecordsInMemory: fewer runs left than asked");
  block.assign(records_.begin() + static_cast<std::ptrdiff_t>(position_),
               records_.begin() + static_cast<std::ptrdiff_t>(position_ + count));
  position_ += count;
}

void write_run_tables(hid_t file, const RunTablesLayout& layout, OrderedRuns& runs) {
  const hsize_t total = runs.size();
  const hsize_t width = layout.store_trajectories ? std::max<hsize_t>(runs.longest_trajectory(), 1) : 0;
  const hsize_t chunk_rows = run_chunk_rows(total, std::max<hsize_t>(width, 1));

  RunsBlock runs_block(layout.drawn_factors);
  const TypeHandle runs_file_type = runs_block.table().compound_type(false);
  const TypeHandle runs_memory_type = runs_block.table().compound_type(true);
  const TypeHandle text_type = utf8_text_type();
  BlockDataset runs_table(file, schema::runs, runs_file_type, total, 0, chunk_rows);
  BlockDataset messages(file, schema::run_messages, text_type, total, 0, chunk_rows);
  GroupHandle group;
  std::optional<BlockDataset> best_so_far, chosen;
  if (width > 0) {
    group = create_untimed_group(file, schema::trajectories);
    best_so_far.emplace(group, schema::best_so_far, H5T_IEEE_F64LE, total, width, chunk_rows);
    chosen.emplace(group, schema::chosen, H5T_STD_I32LE, total, width, chunk_rows);
  }

  SummaryBuilder summary(layout.config_ids);
  std::vector<RunRecord> block;
  std::vector<const char*> message_pointers;
  std::vector<double> best_so_far_rows;
  std::vector<std::int32_t> chosen_rows;
  const RunRecord* previous = nullptr;
  RunRecord last;
  for (hsize_t first = 0; first < total; first += chunk_rows) {
    const hsize_t count = std::min(chunk_rows, total - first);
    runs.next(static_cast<std::size_t>(count), block);
    if (block.size() != count) throw std::logic_error("a run source handed over the wrong number of runs");
    for (const RunRecord& record : block) {
      if (previous != nullptr && !run_order(*previous, record))
        throw std::invalid_argument("runs out of (config_id, repeat) order or repeated at configuration " +
                                    std::to_string(record.config_id) + ", repeat " + std::to_string(record.repeat));
      previous = &record;
      summary.add(record);
    }
    runs_table.write(runs_memory_type, first, count, runs_block.fill(block).data());
    message_pointers.clear();
    // An empty message is written as a null string: no global-heap object (16 bytes per run) is made for it;
    // readers see "" (h5py, ResultsReader::run_messages).
    for (const RunRecord& record : block)
      message_pointers.push_back(record.message.empty() ? nullptr : record.message.c_str());
    messages.write(text_type, first, count, message_pointers.data());
    if (width > 0) {
      best_so_far_rows.resize(count * width);
      chosen_rows.resize(count * width);
      for (std::size_t r = 0; r < block.size(); ++r) {
        put_row(best_so_far_rows, r, width, block[r].best_so_far, not_a_number);
        put_row(chosen_rows, r, width, block[r].chosen, std::int32_t{-1});
      }
      best_so_far->write(H5T_NATIVE_DOUBLE, first, count, best_so_far_rows.data());
      chosen->write(H5T_NATIVE_INT32, first, count, chosen_rows.data());
    }
    last = block.back();  // the order check continues across blocks
    previous = &last;
  }
  runs_table.close();
  messages.close();
  if (width > 0) {
    best_so_far->close();
    chosen->close();
  }
  summary.write(file);
}

}  // namespace bosim
