#include "results/packed_table.hpp"

#include <algorithm>
#include <stdexcept>

namespace bosim {

TypeHandle column_hdf5_type(ColumnType type, std::size_t text_size, bool native) {
  switch (type) {
    case ColumnType::uint8:
      return TypeHandle(H5Tcopy(native ? H5T_NATIVE_UINT8 : H5T_STD_U8LE), "copy uint8 type");
    case ColumnType::int32:
      return TypeHandle(H5Tcopy(native ? H5T_NATIVE_INT32 : H5T_STD_I32LE), "copy int32 type");
    case ColumnType::uint32:
      return TypeHandle(H5Tcopy(native ? H5T_NATIVE_UINT32 : H5T_STD_U32LE), "copy uint32 type");
    case ColumnType::int64:
      return TypeHandle(H5Tcopy(native ? H5T_NATIVE_INT64 : H5T_STD_I64LE), "copy int64 type");
    case ColumnType::uint64:
      return TypeHandle(H5Tcopy(native ? H5T_NATIVE_UINT64 : H5T_STD_U64LE), "copy uint64 type");
    case ColumnType::float64:
      return TypeHandle(H5Tcopy(native ? H5T_NATIVE_DOUBLE : H5T_IEEE_F64LE), "copy float64 type");
    case ColumnType::boolean: {
      // The layout h5py uses for numpy bool, so pandas shows True/False.
      TypeHandle boolean(H5Tenum_create(native ? H5T_NATIVE_INT8 : H5T_STD_I8LE), "create boolean type");
      const std::int8_t false_value = 0, true_value = 1;
      hdf5_check_status(H5Tenum_insert(boolean, "FALSE", &false_value), "define boolean FALSE");
      hdf5_check_status(H5Tenum_insert(boolean, "TRUE", &true_value), "define boolean TRUE");
      return boolean;
    }
    case ColumnType::text: {
      // ASCII (HDF5's default) rather than UTF-8: HDF5 converts only between equal
      // character sets, so plain C readers can read these columns without setup.
      TypeHandle text(H5Tcopy(H5T_C_S1), "copy string type");
      hdf5_check_status(H5Tset_size(text, std::max<std::size_t>(text_size, 1)), "set string length");
      hdf5_check_status(H5Tset_strpad(text, H5T_STR_NULLPAD), "set string padding");
      return text;
    }
  }
  throw std::logic_error("unknown column type");
}

namespace {

std::size_t column_size(ColumnType type, std::size_t text_size) {
  switch (type) {
    case ColumnType::uint8:
    case ColumnType::boolean:
      return 1;
    case ColumnType::int32:
    case ColumnType::uint32:
      return 4;
    case ColumnType::int64:
    case ColumnType::uint64:
    case ColumnType::float64:
      return 8;
    case ColumnType::text:
      return std::max<std::size_t>(text_size, 1);
  }
  throw std::logic_error("unknown column type");
}

}  // namespace

std::size_t PackedTable::add_column(const std::string& name, ColumnType type, std::size_t text_size) {
  if (!bytes_.empty()) throw std::logic_error("PackedTable: add columns before rows");
  const std::size_t size = column_size(type, text_size);
  columns_.push_back({name, type, row_size_, size});
  row_size_ += size;
  return columns_.size() - 1;
}

void PackedTable::resize(std::size_t rows) { bytes_.resize(rows * row_size_, std::byte{0}); }

void PackedTable::set_text(std::size_t row, std::size_t column, const std::string& text) {
  check_cell(row, column, ColumnType::text);
  std::memcpy(cell(row, column), text.data(), std::min(text.size(), columns_[column].size));
}

void PackedTable::check_cell(std::size_t row, std::size_t column, ColumnType type) const {
  if (column >= columns_.size() || row >= rows()) throw std::logic_error("PackedTable: cell out of range");
  if (columns_[column].type != type)
    throw std::logic_error("PackedTable: wrong value type for column " + columns_[column].name);
}

TypeHandle PackedTable::compound_type(bool native) const {
  TypeHandle compound(H5Tcreate(H5T_COMPOUND, row_size_), "create compound type");
  for (const Column& column : columns_) {
    const TypeHandle member = column_hdf5_type(column.type, column.size, native);
    hdf5_check_status(H5Tinsert(compound, column.name.c_str(), column.offset, member), "add column " + column.name);
  }
  return compound;
}

void PackedTable::write(hid_t parent, const std::string& name) const {
  if (columns_.empty()) throw std::logic_error("PackedTable: no columns");
  const TypeHandle file_type = compound_type(false);
  const TypeHandle memory_type = compound_type(true);
  const hsize_t dimensions[1] = {rows()};
  const SpaceHandle space(H5Screate_simple(1, dimensions, nullptr), "create dataspace of " + name);
  const PropertyListHandle properties = untimed_dataset_properties();
  const DatasetHandle dataset(H5Dcreate2(parent, name.c_str(), file_type, space, H5P_DEFAULT, properties, H5P_DEFAULT),
                              "create dataset " + name);
  if (rows() > 0)
    hdf5_check_status(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes_.data()),
                      "write dataset " + name);
}

}  // namespace bosim
