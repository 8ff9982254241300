// Reading back results files in tests with the plain HDF5 C API (what any user's tool sees).
#pragma once

#include <hdf5.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace bosim::testing {

/// One numeric member of a compound dataset (e.g. /runs experiments_to_optimum), converted to T.
template <class T>
std::vector<T> read_compound_member(const std::string& path, const std::string& dataset, const std::string& member,
                                    hid_t memory_type) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) throw std::runtime_error("cannot open " + path);
  const hid_t data = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  const hid_t space = H5Dget_space(data);
  const hssize_t rows = H5Sget_simple_extent_npoints(space);
  std::vector<T> values(static_cast<size_t>(rows));
  const hid_t compound = H5Tcreate(H5T_COMPOUND, sizeof(T));
  H5Tinsert(compound, member.c_str(), 0, memory_type);
  const herr_t status = H5Dread(data, compound, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  H5Tclose(compound);
  H5Sclose(space);
  H5Dclose(data);
  H5Fclose(file);
  if (status < 0) throw std::runtime_error("cannot read " + dataset + "/" + member);
  return values;
}

/// A whole 2-D dataset as a flat row-major vector, with its shape.
template <class T>
std::vector<T> read_matrix(const std::string& path, const std::string& dataset, hid_t memory_type, hsize_t& rows,
                           hsize_t& columns) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t data = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  const hid_t space = H5Dget_space(data);
  hsize_t dims[2] = {0, 0};
  H5Sget_simple_extent_dims(space, dims, nullptr);
  rows = dims[0];
  columns = dims[1];
  std::vector<T> values(static_cast<size_t>(rows * columns));
  H5Dread(data, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  H5Sclose(space);
  H5Dclose(data);
  H5Fclose(file);
  return values;
}

/// The stored bytes of a dataset in its file type (for byte-identity checks).
inline std::vector<unsigned char> read_raw_bytes(const std::string& path, const std::string& dataset) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t data = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  const hid_t type = H5Dget_type(data);
  const hid_t space = H5Dget_space(data);
  const auto bytes = static_cast<size_t>(H5Sget_simple_extent_npoints(space)) * H5Tget_size(type);
  std::vector<unsigned char> buffer(bytes);
  H5Dread(data, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
  H5Sclose(space);
  H5Tclose(type);
  H5Dclose(data);
  H5Fclose(file);
  return buffer;
}

/// The bytes of a compound dataset with some members left out (e.g. wall_seconds, which
/// legitimately differs between two runs of one study), packed in file order.
inline std::vector<unsigned char> read_compound_bytes_without(const std::string& path, const std::string& dataset,
                                                              const std::vector<std::string>& excluded) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t data = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  const hid_t file_type = H5Dget_type(data);
  std::vector<hid_t> member_types;
  std::vector<std::string> member_names;
  size_t size = 0;
  for (int m = 0; m < H5Tget_nmembers(file_type); ++m) {
    char* name = H5Tget_member_name(file_type, static_cast<unsigned>(m));
    const std::string member(name);
    H5free_memory(name);
    bool skip = false;
    for (const auto& e : excluded) skip = skip || e == member;
    if (skip) continue;
    member_types.push_back(H5Tget_member_type(file_type, static_cast<unsigned>(m)));
    member_names.push_back(member);
    size += H5Tget_size(member_types.back());
  }
  const hid_t memory_type = H5Tcreate(H5T_COMPOUND, size);
  size_t offset = 0;
  for (size_t m = 0; m < member_types.size(); ++m) {
    H5Tinsert(memory_type, member_names[m].c_str(), offset, member_types[m]);
    offset += H5Tget_size(member_types[m]);
    H5Tclose(member_types[m]);
  }
  const hid_t space = H5Dget_space(data);
  std::vector<unsigned char> buffer(static_cast<size_t>(H5Sget_simple_extent_npoints(space)) * size);
  H5Dread(data, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
  H5Sclose(space);
  H5Tclose(memory_type);
  H5Tclose(file_type);
  H5Dclose(data);
  H5Fclose(file);
  return buffer;
}

}  // namespace bosim::testing
