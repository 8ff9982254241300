// HDF5 writing helpers shared by the results file and the shard merge: untimed objects, text, attributes, trajectory
// storage.
#pragma once

#include <hdf5.h>

#include <cstddef>
#include <functional>
#include <string>

#include "results/hdf5_handle.hpp"

namespace bosim {

/// Dataset creation properties of every dataset bosim writes: no access/modification times, so
/// identical content gives identical bytes whatever rank count or shard split produced it.
PropertyListHandle untimed_dataset_properties();
/// Writes the HDF5 file `path`: `fill` writes the contents straight into PATH.partial-XXXXXX (HDF5's POSIX
/// driver: memory stays bounded by HDF5's caches whatever the file's size), which is then closed, fsync'd and
/// renamed onto `path` (write_then_rename). A full or failing disk (or a file size limit) is an InputError naming
/// `path` and the system's reason ("No space left on device"), and the partial file is removed. HDF5 may then be
/// unable to close the file (its last writes fail again); the identifier is left to the operating system, and
/// HDF5's exit handler, which would crash on it, is off in every program that links this file.
/// Objects are untimed (see untimed_dataset_properties).
void write_hdf5_file(const std::string& path, const std::function<void(hid_t file)>& fill);
/// A new group without object time tracking.
GroupHandle create_untimed_group(hid_t parent, const char* name);

/// Variable-length UTF-8 strings, which h5py returns as str.
TypeHandle utf8_text_type();

/// A scalar text attribute (variable-length UTF-8).
void write_text_attribute(hid_t object, const char* name, const std::string& value);

/// A scalar numeric attribute stored as file_type, written from memory_type.
template <class T>
void write_number_attribute(hid_t object, const char* name, hid_t file_type, hid_t memory_type, T value) {
  const SpaceHandle scalar(H5Screate(H5S_SCALAR), "create scalar space");
  const AttributeHandle attribute(H5Acreate2(object, name, file_type, scalar, H5P_DEFAULT, H5P_DEFAULT),
                                  std::string("create attribute ") + name);
  hdf5_check_status(H5Awrite(attribute, memory_type, &value), std::string("write attribute ") + name);
}

/// Now, as UTC ISO 8601 ("2026-11-22T02:39:22Z"): the `created` attribute.
std::string current_utc_time();

/// Rows per chunk of the per-run tables (/runs, /run_messages, /trajectories) of a file with `runs` runs and
/// trajectories `width` experiments wide (1 without trajectories): at most schema::max_chunk_runs runs and
/// about schema::chunk_byte_budget per float64 trajectory chunk — a good unit for deflate and for reading a
/// few runs back — and at least 1.
hsize_t run_chunk_rows(hsize_t runs, hsize_t width);

/// Storage of a per-run table of rank 1 (runs) or 2 (runs × width): chunks of `chunk_rows` whole rows,
/// shuffle + deflate (schema::deflate_level), untimed.
PropertyListHandle run_table_properties(int rank, hsize_t chunk_rows, hsize_t width);

}  // namespace bosim
