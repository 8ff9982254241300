#include "results/hdf5_writing.hpp"

#include <algorithm>
#include <ctime>

#include "common/output_path.hpp"
#include "results/results_schema.hpp"

namespace bosim {

namespace {
/// Growth step of an in-memory file (HDF5 core driver).
constexpr std::size_t memory_file_increment = std::size_t{1} << 20;

/// The bytes of an open file, as they would be on disk.
std::string file_image(hid_t file, const std::string& path) {
  hdf5_check_status(H5Fflush(file, H5F_SCOPE_LOCAL), "flush " + path);
  const ssize_t size = H5Fget_file_image(file, nullptr, 0);
  hdf5_check(size, "size the image of " + path);
  std::string image(static_cast<std::size_t>(size), '\0');
  hdf5_check(H5Fget_file_image(file, image.data(), image.size()), "copy the image of " + path);
  return image;
}
}  // namespace

PropertyListHandle untimed_dataset_properties() {
  PropertyListHandle properties(H5Pcreate(H5P_DATASET_CREATE), "create dataset properties");
  hdf5_check_status(H5Pset_obj_track_times(properties, false), "disable time tracking");
  return properties;
}

void write_hdf5_file(const std::string& path, const std::function<void(hid_t file)>& fill) {
  std::string image;
  {
    const PropertyListHandle creation(H5Pcreate(H5P_FILE_CREATE), "create file properties");
    hdf5_check_status(H5Pset_obj_track_times(creation, false), "disable time tracking");
    const PropertyListHandle access(H5Pcreate(H5P_FILE_ACCESS), "create file access properties");
    hdf5_check_status(H5Pset_fapl_core(access, memory_file_increment, false), "select the in-memory driver");
    const FileHandle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, creation, access), "create " + path);
    fill(file);
    image = file_image(file, path);
  }
  write_file_durably(path, image);
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
