#include "results/hdf5_writing.hpp"

#include <algorithm>
#include <ctime>

#include "common/output_path.hpp"
#include "results/results_schema.hpp"

namespace bosim {

namespace {

/// HDF5 ends the library at exit (an atexit handler, H5_term_library) by closing every file still open. A file
/// whose writes failed (a full disk) cannot be closed, and closing it there crashes (SIGSEGV in H5F__close_cb).
/// bosim closes every file it opens itself, so the handler is not needed: it is turned off before HDF5 starts,
/// which a static initializer of this file (linked into every program that writes HDF5) does.
const bool hdf5_exit_handler_off = H5dont_atexit() >= 0;

/// Creates `partial` with HDF5's POSIX driver (sec2: the file is written as it is filled, never held in memory),
/// fills it and closes it, checking every step: a write that fails when the chunk or metadata caches are flushed
/// surfaces here rather than in a destructor.
void fill_file(const std::string& partial, const std::function<void(hid_t file)>& fill) {
  const PropertyListHandle creation(H5Pcreate(H5P_FILE_CREATE), "create file properties");
  hdf5_check_status(H5Pset_obj_track_times(creation, false), "disable time tracking");
  const PropertyListHandle access(H5Pcreate(H5P_FILE_ACCESS), "create file access properties");
  hdf5_check_status(H5Pset_fapl_sec2(access), "select the POSIX file driver");
  FileHandle file(H5Fcreate(partial.c_str(), H5F_ACC_TRUNC, creation, access), "create " + partial);
  fill(file);
  hdf5_check_status(H5Fflush(file, H5F_SCOPE_LOCAL), "flush " + partial);
  if (H5Fget_obj_count(file, H5F_OBJ_ALL) != 1)  // an object whose close failed in a destructor: a lost write
    throw Hdf5Error("objects of " + partial + " are still open after writing it");
  file.close("close " + partial);
}

}  // namespace

PropertyListHandle untimed_dataset_properties() {
  PropertyListHandle properties(H5Pcreate(H5P_DATASET_CREATE), "create dataset properties");
  hdf5_check_status(H5Pset_obj_track_times(properties, false), "disable time tracking");
  return properties;
}

void write_hdf5_file(const std::string& path, const std::function<void(hid_t file)>& fill) {
  (void)hdf5_exit_handler_off;
  write_then_rename(path, [&](const std::string& partial) {
    try {
      fill_file(partial, fill);
    } catch (const Hdf5Error& error) {
      if (error.system_error() != 0) throw_output_write_error(path, error.system_error());
      throw;
    }
    sync_written_file(partial, path);
  });
}

GroupHandle create_untimed_group(hid_t parent, const char* name) {
  const PropertyListHandle properties(H5Pcreate(H5P_GROUP_CREATE), "create group properties");
  hdf5_check_status(H5Pset_obj_track_times(properties, false), "disable time tracking");
  return GroupHandle(H5Gcreate2(parent, name, H5P_DEFAULT, properties, H5P_DEFAULT),
                     std::string("create group ") + name);
}

TypeHandle utf8_text_type() {
  TypeHandle type(H5Tcopy(H5T_C_S1), "copy string type");
  hdf5_check_status(H5Tset_size(type, H5T_VARIABLE), "make string variable-length");
  hdf5_check_status(H5Tset_cset(type, H5T_CSET_UTF8), "set string encoding");
  return type;
}

void write_text_attribute(hid_t object, const char* name, const std::string& value) {
  const TypeHandle type = utf8_text_type();
  const SpaceHandle scalar(H5Screate(H5S_SCALAR), "create scalar space");
  const AttributeHandle attribute(H5Acreate2(object, name, type, scalar, H5P_DEFAULT, H5P_DEFAULT),
                                  std::string("create attribute ") + name);
  const char* text = value.c_str();
  hdf5_check_status(H5Awrite(attribute, type, &text), std::string("write attribute ") + name);
}

std::string current_utc_time() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

hsize_t run_chunk_rows(hsize_t runs, hsize_t width) {
  return std::clamp<hsize_t>(schema::chunk_byte_budget / (std::max<hsize_t>(width, 1) * sizeof(double)), 1,
                             std::clamp<hsize_t>(runs, 1, schema::max_chunk_runs));
}

PropertyListHandle run_table_properties(int rank, hsize_t chunk_rows, hsize_t width) {
  const hsize_t chunk[2] = {chunk_rows, width};
  PropertyListHandle properties = untimed_dataset_properties();
  hdf5_check_status(H5Pset_chunk(properties, rank, chunk), "set chunk size");
  hdf5_check_status(H5Pset_shuffle(properties), "enable shuffle filter");
  hdf5_check_status(H5Pset_deflate(properties, schema::deflate_level), "enable deflate filter");
  return properties;
}

}  // namespace bosim
