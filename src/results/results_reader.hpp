// ResultsReader: opens a results file read-only and turns every HDF5 failure into an InputError naming file and object.
#pragma once

#include <string>
#include <vector>

#include "common/input_error.hpp"
#include "results/hdf5_handle.hpp"

namespace bosim {

/// Reads one results file; every failure becomes an InputError naming the file
/// and the dataset or attribute concerned. Construct under Hdf5QuietErrors.
class ResultsReader {
 public:
  /// Throws InputError when the file is missing, not HDF5, or cannot be opened.
  explicit ResultsReader(std::string path);

  /// Runs `read`, turning HDF5 failures into an InputError about `object`.
  template <class Read>
  auto guarded(const std::string& object, Read read) {
    try {
      return read();
    } catch (const Hdf5Error& error) {
      throw InputError(object.empty() ? error.what() : "cannot read " + object + ": " + error.what(),
                       SourcePosition(path_, 0, 0, object));
    }
  }

  bool has_attribute(const char* name) const;
  bool has_dataset(const std::string& name) const;

  std::string text_attribute(const char* name);
  long long integer_attribute(const char* name);
  double real_attribute(const char* name);

  /// The build that wrote the file, as build_identity() formats it, from the attributes bosim_version,
  /// instruction_set and source_revision (older files lack the last two: they read as unrecorded).
  std::string recorded_build();

  /// Opens a dataset; throws "not a bosim results file: missing dataset /name" when absent.
  DatasetHandle open_dataset(const std::string& name);
  /// Number of rows of a 1-D dataset.
  hsize_t rows(hid_t dataset, const std::string& name);

  /// One numeric member of a compound dataset, converted by HDF5 to `memory_type` (which must match T).
  template <class T>
  std::vector<T> compound_member(const std::string& dataset_name, const char* member, hid_t memory_type) {
    const DatasetHandle dataset = open_dataset(dataset_name);
    const hsize_t count = rows(dataset, dataset_name);
    std::vector<T> values(count);
    guarded(dataset_name + "/" + member, [&] {
      const TypeHandle row_type(H5Tcreate(H5T_COMPOUND, sizeof(T)), "create memory type");
      hdf5_check_status(H5Tinsert(row_type, member, 0, memory_type), "describe member");
      if (count > 0)
        hdf5_check_status(H5Dread(dataset, row_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read");
    });
    return values;
  }

  /// A whole 1-D or 2-D numeric dataset, row-major, converted to `memory_type`; `columns` is 1 for 1-D.
  template <class T>
  std::vector<T> numeric_dataset(const std::string& name, hid_t memory_type, hsize_t& rows_out, hsize_t& columns) {
    const DatasetHandle dataset = open_dataset(name);
    return guarded(name, [&] {
      const SpaceHandle space(H5Dget_space(dataset), "get dataspace");
      const int rank = H5Sget_simple_extent_ndims(space);
      if (rank != 1 && rank != 2) throw Hdf5Error("expected a one- or two-dimensional dataset");
      hsize_t dimensions[2] = {0, 1};
      H5Sget_simple_extent_dims(space, dimensions, nullptr);
      rows_out = dimensions[0];
      columns = dimensions[1];
      std::vector<T> values(rows_out * columns);
      if (!values.empty())
        hdf5_check_status(H5Dread(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read");
      return values;
    });
  }

  /// Member names of a compound dataset, in file order.
  std::vector<std::string> compound_member_names(const std::string& dataset_name);

  /// Every member of a compound dataset as text, per row: numbers as %.10g, fixed-length strings as stored
  /// (e.g. /truth/designs, whose categorical columns hold level names). Out: names = the member names.
  std::vector<std::vector<std::string>> compound_as_text(const std::string& dataset_name,
                                                         std::vector<std::string>& names);

  /// The /runs status column ("ok" or "failed"), one entry per run.
  std::vector<std::string> run_statuses();
  /// /run_messages (variable-length strings), one entry per run, "" where empty.
  std::vector<std::string> run_messages();

  const std::string& path() const { return path_; }

 private:
  void require_attribute(const char* name) const;

  std::string path_;
  FileHandle file_;
};

}  // namespace bosim
