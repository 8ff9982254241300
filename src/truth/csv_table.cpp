// CsvTable: an RFC 4180 reader that keeps line numbers, and strict parsing of numeric cells.
#include "truth/csv_table.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>

#include "common/input_error.hpp"

namespace bosim {
namespace {

std::string read_whole_file(const std::string& path) {
  errno = 0;
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw InputError("cannot open CSV file: " + std::string(std::strerror(errno)), SourcePosition(path));
  std::string text;
  char buffer[1 << 16];
  std::size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, count);
  // Reading a directory opens fine on Linux and fails here with EISDIR.
  if (std::ferror(file.get()))
    throw InputError("cannot read CSV file: " + std::string(std::strerror(errno)), SourcePosition(path));
  return text;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string trim_right(std::string text) {
  while (!text.empty() && is_blank(text.back())) text.pop_back();
  return text;
}

/// One record and the line it starts on.
struct Record {
  std::vector<std::string> cells;
  int line = 0;
};

/// Splits the text into records. A record is one line, except that a quoted
/// field may span lines. Lines holding only blanks are skipped (RFC 4180 has
/// no empty records, and spreadsheets often leave trailing blank lines).
class CsvScanner {
 public:
  CsvScanner(const std::string& path, const std::string& text) : path_(path), text_(text) {
    static constexpr char byte_order_mark[] = "\xEF\xBB\xBF";
    if (text_.compare(0, 3, byte_order_mark) == 0) position_ = 3;
  }

  std::vector<Record> records() {
    std::vector<Record> result;
    while (!at_end()) {
      skip_blank_lines();
      if (at_end()) break;
      result.push_back(record());
    }
    return result;
  }

 private:
  bool at_end() const { return position_ >= text_.size(); }
  char peek() const { return text_[position_]; }
  bool at_line_end() const { return at_end() || peek() == '\n' || peek() == '\r'; }

  /// Consumes "\n", "\r\n" or a lone "\r".
  void consume_line_end() {
    if (peek() == '\r') ++position_;
    if (!at_end() && peek() == '\n') ++position_;
    ++line_;
  }

  void skip_blank_lines() {
    while (!at_end()) {
      std::size_t probe = position_;
      while (probe < text_.size() && is_blank(text_[probe])) ++probe;
      if (probe < text_.size() && text_[probe] != '\n' && text_[probe] != '\r') return;
      position_ = probe;
      if (!at_end()) consume_line_end();
    }
  }

  Record record() {
    Record result;
    result.line = line_;
    while (true) {
      result.cells.push_back(field(static_cast<int>(result.cells.size()) + 1));
      if (at_line_end()) break;
      ++position_;  // the comma
    }
    if (!at_end()) consume_line_end();
    return result;
  }

  /// One field, trimmed; quoted content keeps its spaces. Stops before the comma or line end.
  std::string field(int column) {
    while (!at_end() && is_blank(peek())) ++position_;
    if (at_end() || peek() != '"') {
      std::string cell;
      while (!at_line_end() && peek() != ',') cell.push_back(text_[position_++]);
      return trim_right(std::move(cell));
    }
    const int opening_line = line_;
    ++position_;  // opening quote
    std::string cell;
    while (true) {
      if (at_end())
        throw InputError("unterminated quoted field (the closing \" is missing)",
                         SourcePosition(path_, opening_line, column));
      const char c = text_[position_++];
      if (c != '"') {
        if (c == '\n' || (c == '\r' && (at_end() || peek() != '\n'))) ++line_;
        cell.push_back(c);
      } else if (!at_end() && peek() == '"') {
        cell.push_back('"');  // "" escapes a quote
        ++position_;
      } else {
        break;
      }
    }
    while (!at_end() && is_blank(peek())) ++position_;
    if (!at_line_end() && peek() != ',')
      throw InputError(std::string("unexpected character '") + peek() + "' after a closing quote",
                       SourcePosition(path_, line_, column));
    return cell;
  }

  const std::string& path_;
  const std::string& text_;
  std::size_t position_ = 0;
  int line_ = 1;
};

}  // namespace

namespace {

/// Throws InputError (file:line:column of the second occurrence) when two header cells have one name: a
/// feature or the objective would otherwise silently come from whichever column the lookup finds first.
void reject_duplicate_names(const std::vector<std::string>& header, const std::string& path, int line) {
  std::map<std::string, std::size_t> first_column;
  for (std::size_t second = 0; second < header.size(); ++second) {
    const auto [found, inserted] = first_column.emplace(header[second], second);
    if (inserted) continue;
    const std::string name = header[second].empty() ? "(empty)" : "\"" + header[second] + "\"";
    throw InputError("duplicate column name " + name + " in columns " + std::to_string(found->second + 1) + " and " +
                         std::to_string(second + 1) + " of the header row; give every column its own name",
                     SourcePosition(path, line, static_cast<int>(second) + 1, header[second]));
  }
}

/// Throws InputError when every header cell is a number: the file has no header row, and its first
/// data row would otherwise become the column names (and be lost as a design).
void reject_numeric_header(const std::vector<std::string>& header, const std::string& path, int line) {
  double ignored = 0.0;
  for (const std::string& cell : header)
    if (!parse_finite_double(cell, ignored)) return;
  std::string example;  // x1,x2,…,y: features, then the objective
  for (std::size_t i = 0; i + 1 < header.size(); ++i) example.append("x").append(std::to_string(i + 1)).append(",");
  example += header.size() > 1 ? "y" : "x1";
  throw InputError(
      "the first row holds only numbers, so this CSV has no header row; add a first line naming "
      "the columns (e.g. \"" +
          example + "\") and name the objective column in the study",
      SourcePosition(path, line));
}

}  // namespace

CsvTable CsvTable::read(const std::string& path) {
  const std::string text = read_whole_file(path);
  std::vector<Record> records = CsvScanner(path, text).records();
  if (records.empty()) throw InputError("CSV file is empty (no header row)", SourcePosition(path));

  CsvTable table;
  table.path = path;
  table.header = std::move(records.front().cells);
  table.header_line = records.front().line;
  reject_numeric_header(table.header, path, table.header_line);
  reject_duplicate_names(table.header, path, table.header_line);
  table.rows.reserve(records.size() - 1);
  table.row_lines.reserve(records.size() - 1);
  const std::size_t expected = table.header.size();
  for (std::size_t r = 1; r < records.size(); ++r) {
    Record& record = records[r];
    const std::size_t found = record.cells.size();
    if (found != expected) {
      // Point at the first surplus cell, or at the first missing one.
      const std::size_t column = std::min(found, expected) + 1;
      throw InputError("row has " + std::to_string(found) + " cells but the header has " + std::to_string(expected),
                       SourcePosition(path, record.line, static_cast<int>(column)));
    }
    table.rows.push_back(std::move(record.cells));
    table.row_lines.push_back(record.line);
  }
  return table;
}

int CsvTable::column_index(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

bool parse_finite_double(const std::string& cell, double& value) {
  const char* first = cell.data();
  const char* last = cell.data() + cell.size();
  // from_chars rejects a leading '+', which spreadsheets sometimes write.
  if (first != last && *first == '+') {
    ++first;
    if (first != last && *first == '-') return false;
  }
  double parsed = 0.0;
  const auto [end, error] = std::from_chars(first, last, parsed);
  if (error != std::errc() || end != last || !std::isfinite(parsed)) return false;
  value = parsed;
  return true;
}

double CsvTable::number(std::size_t row, int column) const {
  const std::string& cell = rows[row][static_cast<size_t>(column)];
  const std::string& name = header[static_cast<size_t>(column)];
  double value = 0.0;
  if (parse_finite_double(cell, value)) return value;
  const SourcePosition where(path, row_lines[row], column + 1, name);
  if (cell.empty()) throw InputError("empty cell in column \"" + name + "\"", where);
  throw InputError("cell \"" + cell + "\" in column \"" + name + "\" is not a finite number", where);
}

std::string CsvTable::column_list() const {
  std::string list;
  for (const std::string& name : header) list.append(list.empty() ? "\"" : ", \"").append(name).append("\"");
  return list;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace bosim
