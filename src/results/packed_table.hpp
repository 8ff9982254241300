// PackedTable: rows of an HDF5 compound dataset built column by column in a packed, zero-initialized byte buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "results/hdf5_handle.hpp"
#include "results/hdf5_writing.hpp"

namespace bosim {

/// Column types of the results file. Numbers are stored little-endian whatever
/// the host; booleans use the enum {FALSE = 0, TRUE = 1} over int8 that h5py
/// and pandas read as bool.
enum class ColumnType { uint8, int32, uint32, int64, uint64, float64, boolean, text };

/// A table whose rows are packed (no alignment padding) and start zeroed, so
/// identical values always give identical bytes in the file.
class PackedTable {
 public:
  /// Adds a column and returns its index. `text_size` is the fixed length, in
  /// bytes, of a text column (ASCII, null-padded; at least 1).
  std::size_t add_column(const std::string& name, ColumnType type, std::size_t text_size = 0);

  /// Sets the number of rows; new rows are zero bytes.
  void resize(std::size_t rows);
  std::size_t rows() const { return row_size_ == 0 ? 0 : bytes_.size() / row_size_; }

  /// Stores a number; T must be the column's own C++ type (std::uint32_t for uint32, bool for boolean, ...).
  template <class T>
  void set(std::size_t row, std::size_t column, T value) {
    check_cell(row, column, column_type_of<T>());
    std::memcpy(cell(row, column), &value, sizeof(T));
  }
  /// Stores text, truncated to the column's length.
  void set_text(std::size_t row, std::size_t column, const std::string& text);

  /// Writes the table as a 1-D compound dataset under `parent`, with object
  /// time tracking off so that the file content depends on the values only.
  void write(hid_t parent, const std::string& name) const;

  /// The compound type, with little-endian (file) or native (memory) numbers.
  TypeHandle compound_type(bool native) const;
  /// The rows, packed, in the memory layout of compound_type(true).
  const std::byte* data() const { return bytes_.data(); }

 private:
  struct Column {
    std::string name;
    ColumnType type;
    std::size_t offset;
    std::size_t size;
  };

  template <class T>
  static constexpr ColumnType column_type_of() {
    if constexpr (std::is_same_v<T, std::uint8_t>)
      return ColumnType::uint8;
    else if constexpr (std::is_same_v<T, std::int32_t>)
      return ColumnType::int32;
    else if constexpr (std::is_same_v<T, std::uint32_t>)
      return ColumnType::uint32;
    else if constexpr (std::is_same_v<T, std::int64_t>)
      return ColumnType::int64;
    else if constexpr (std::is_same_v<T, std::uint64_t>)
      return ColumnType::uint64;
    else if constexpr (std::is_same_v<T, double>)
      return ColumnType::float64;
    else {
      static_assert(std::is_same_v<T, bool>, "no column type stores this C++ type");
      return ColumnType::boolean;
    }
  }
  /// Throws std::logic_error when the cell does not exist or holds another type.
  void check_cell(std::size_t row, std::size_t column, ColumnType type) const;
  std::byte* cell(std::size_t row, std::size_t column) {
    return bytes_.data() + row * row_size_ + columns_[column].offset;
  }
  std::vector<Column> columns_;
  std::size_t row_size_ = 0;
  std::vector<std::byte> bytes_;
};

/// HDF5 type of one column kind, little-endian (file) or native (memory).
TypeHandle column_hdf5_type(ColumnType type, std::size_t text_size, bool native);

}  // namespace bosim
