// CsvTable: a header row and text cells from an RFC 4180 CSV file, with line numbers for error messages.
#pragma once

#include <string>
#include <vector>

namespace bosim {

/// A CSV file read as text. Handles a UTF-8 byte-order mark, quoted fields
/// (with "" escapes and embedded commas), CRLF line ends, and blank trailing
/// lines. Cells are trimmed of surrounding spaces.
struct CsvTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  /// 1-based line number in the file of each row (header is line 1 unless blank lines precede it).
  std::vector<int> row_lines;
  int header_line = 1;

  /// Reads the file; throws InputError (path, line) for a missing or unreadable
  /// file, an empty file, an unterminated quote, a row whose cell count
  /// differs from the header's (ragged row), two header cells with one name,
  /// or a header row of numbers only (a file without a header row).
  static CsvTable read(const std::string& path);

  /// Index of the column with this exact header name, or -1.
  int column_index(const std::string& name) const;

  /// The cell at (row, column) as a finite number; throws InputError at the cell's file:line:column
  /// (key = the column's name) for an empty cell, text, NaN or infinity.
  double number(std::size_t row, int column) const;

  /// The header names, quoted and comma-separated, for error messages.
  std::string column_list() const;
};

/// Parses a whole cell as a finite double; false for empty, non-numeric,
/// trailing garbage, NaN or infinity.
bool parse_finite_double(const std::string& cell, double& value);

/// A CSV field as written: quoted when it holds a comma, a quote or a line break, inner quotes doubled (RFC 4180).
std::string csv_field(const std::string& text);

}  // namespace bosim
