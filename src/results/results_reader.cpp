#include "results/results_reader.hpp"

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/version.hpp"
#include "results/results_schema.hpp"

namespace bosim {

ResultsReader::ResultsReader(std::string path) : path_(std::move(path)) {
  if (!std::filesystem::exists(path_)) throw InputError("results file does not exist", SourcePosition(path_));
  if (H5Fis_hdf5(path_.c_str()) <= 0) throw InputError("not an HDF5 file", SourcePosition(path_));
  guarded("", [&] { file_ = FileHandle(H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "cannot open"); });
}

bool ResultsReader::has_attribute(const char* name) const { return H5Aexists(file_, name) > 0; }

bool ResultsReader::has_dataset(const std::string& name) const {
  // H5Lexists fails on a path whose parent group is missing, so check each level.
  std::string prefix;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = name.find('/', start);
    prefix = name.substr(0, slash);
    if (H5Lexists(file_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) return true;
    start = slash + 1;
  }
}

std::string ResultsReader::recorded_build() {
  return build_identity(
      text_attribute(schema::bosim_version),
      has_attribute(schema::instruction_set) ? text_attribute(schema::instruction_set)
                                             : "an unrecorded instruction set",
      has_attribute(schema::source_revision) ? text_attribute(schema::source_revision) : "unrecorded revision");
}

std::string ResultsReader::text_attribute(const char* name) {
  require_attribute(name);
  return guarded(name, [&] {
    const AttributeHandle attribute(H5Aopen(file_, name, H5P_DEFAULT), "open attribute");
    const TypeHandle type(H5Aget_type(attribute), "get type");
    if (H5Tget_class(type) != H5T_STRING) throw Hdf5Error("not a string");
    if (H5Tis_variable_str(type) > 0) {
      char* text = nullptr;
      hdf5_check_status(H5Aread(attribute, type, &text), "read");
      std::string value = text != nullptr ? text : "";
      H5free_memory(text);
      return value;
    }
    std::string value(H5Tget_size(type), '\0');
    hdf5_check_status(H5Aread(attribute, type, value.data()), "read");
    return value.substr(0, value.find('\0'));
  });
}

long long ResultsReader::integer_attribute(const char* name) {
  require_attribute(name);
  return guarded(name, [&] {
    const AttributeHandle attribute(H5Aopen(file_, name, H5P_DEFAULT), "open attribute");
    long long value = 0;
    hdf5_check_status(H5Aread(attribute, H5T_NATIVE_LLONG, &value), "read");
    return value;
  });
}

double ResultsReader::real_attribute(const char* name) {
  require_attribute(name);
  return guarded(name, [&] {
    const AttributeHandle attribute(H5Aopen(file_, name, H5P_DEFAULT), "open attribute");
    double value = 0.0;
    hdf5_check_status(H5Aread(attribute, H5T_NATIVE_DOUBLE, &value), "read");
    return value;
  });
}

DatasetHandle ResultsReader::open_dataset(const std::string& name) {
  if (!has_dataset(name))
    throw InputError("not a bosim results file: missing dataset /" + name, SourcePosition(path_, 0, 0, name));
  return guarded(name, [&] { return DatasetHandle(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), "open"); });
}

hsize_t ResultsReader::rows(hid_t dataset, const std::string& name) {
  return guarded(name, [&] {
    const SpaceHandle space(H5Dget_space(dataset), "get dataspace");
    if (H5Sget_simple_extent_ndims(space) != 1) throw Hdf5Error("expected a one-dimensional dataset");
    hsize_t count = 0;
    H5Sget_simple_extent_dims(space, &count, nullptr);
    return count;
  });
}

void ResultsReader::require_attribute(const char* name) const {
  if (!has_attribute(name))
    throw InputError(std::string("not a bosim results file: missing attribute ") + name,
                     SourcePosition(path_, 0, 0, name));
}

std::vector<std::string> ResultsReader::compound_member_names(const std::string& dataset_name) {
  const DatasetHandle dataset = open_dataset(dataset_name);
  return guarded(dataset_name, [&] {
    const TypeHandle type(H5Dget_type(dataset), "get type");
    const int members = H5Tget_nmembers(type);
    if (members < 0) throw Hdf5Error("expected a compound dataset");
    std::vector<std::string> names;
    for (int k = 0; k < members; ++k) {
      char* name = H5Tget_member_name(type, static_cast<unsigned>(k));
      if (name == nullptr) throw Hdf5Error("cannot read a member name");
      names.emplace_back(name);
      H5free_memory(name);
    }
    return names;
  });
}

namespace {

/// One member of a compound dataset as text, one entry per row.
std::vector<std::string> member_as_text(hid_t dataset, hid_t file_member_type, const char* member, hsize_t rows) {
  std::vector<std::string> texts;
  if (H5Tget_class(file_member_type) == H5T_STRING && H5Tis_variable_str(file_member_type) <= 0) {
    const std::size_t size = H5Tget_size(file_member_type);
    // The file's own string type (its padding kept), so that a level as long as the column is not cut to make
    // room for a terminating NUL.
    const TypeHandle text_type(H5Tcopy(file_member_type), "copy string type");
    const TypeHandle row_type(H5Tcreate(H5T_COMPOUND, size), "create memory type");
    hdf5_check_status(H5Tinsert(row_type, member, 0, text_type), "describe member");
    std::vector<char> buffer(size * rows);
    if (rows > 0) hdf5_check_status(H5Dread(dataset, row_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), "read");
    for (hsize_t r = 0; r < rows; ++r) texts.emplace_back(&buffer[r * size], strnlen(&buffer[r * size], size));
    return texts;
  }
  if (H5Tget_class(file_member_type) != H5T_FLOAT && H5Tget_class(file_member_type) != H5T_INTEGER)
    throw Hdf5Error(std::string("member ") + member + " is neither a number nor fixed-length text");
  const TypeHandle row_type(H5Tcreate(H5T_COMPOUND, sizeof(double)), "create memory type");
  hdf5_check_status(H5Tinsert(row_type, member, 0, H5T_NATIVE_DOUBLE), "describe member");
  std::vector<double> values(rows);
  if (rows > 0) hdf5_check_status(H5Dread(dataset, row_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read");
  for (double value : values) {
    char text[32];
    std::snprintf(text, sizeof text, "%.10g", value);
    texts.emplace_back(text);
  }
  return texts;
}

}  // namespace

std::vector<std::vector<std::string>> ResultsReader::compound_as_text(const std::string& dataset_name,
                                                                      std::vector<std::string>& names) {
  names = compound_member_names(dataset_name);
  const DatasetHandle dataset = open_dataset(dataset_name);
  const hsize_t count = rows(dataset, dataset_name);
  return guarded(dataset_name, [&] {
    const TypeHandle type(H5Dget_type(dataset), "get type");
    std::vector<std::vector<std::string>> table(count, std::vector<std::string>(names.size()));
    for (std::size_t k = 0; k < names.size(); ++k) {
      const TypeHandle member_type(H5Tget_member_type(type, static_cast<unsigned>(k)), "get member type");
      const std::vector<std::string> column = member_as_text(dataset, member_type, names[k].c_str(), count);
      for (hsize_t r = 0; r < count; ++r) table[r][k] = column[r];
    }
    return table;
  });
}

std::vector<std::string> ResultsReader::run_statuses() {
  using StatusText = std::array<char, 16>;
  const TypeHandle status_type(H5Tcopy(H5T_C_S1), "copy string type");
  hdf5_check_status(H5Tset_size(status_type, sizeof(StatusText)), "set string length");
  hdf5_check_status(H5Tset_strpad(status_type, H5T_STR_NULLTERM), "set string padding");
  std::vector<std::string> texts;
  for (const StatusText& text : compound_member<StatusText>(schema::runs, schema::status, status_type))
    texts.emplace_back(text.data(), strnlen(text.data(), text.size()));
  return texts;
}

std::vector<std::string> ResultsReader::run_messages() {
  const DatasetHandle dataset = open_dataset(schema::run_messages);
  return guarded(schema::run_messages, [&] {
    const SpaceHandle space(H5Dget_space(dataset), "get dataspace");
    std::vector<char*> pointers(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)), nullptr);
    const TypeHandle type(H5Dget_type(dataset), "get type");
    if (H5Tis_variable_str(type) <= 0) throw Hdf5Error("expected variable-length strings");
    if (!pointers.empty())
      hdf5_check_status(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "read");
    std::vector<std::string> messages;
    for (char* text : pointers) messages.emplace_back(text != nullptr ? text : "");
    if (!pointers.empty()) H5Dvlen_reclaim(type, space, H5P_DEFAULT, pointers.data());
    return messages;
  });
}

}  // namespace bosim
