// TextTable: aligned plain-text tables for terminal output.
#pragma once

#include <string>
#include <vector>

namespace bosim::cli {

/// Columns padded to their widest cell; numbers are best right-aligned, so any
/// cell that parses as a number is.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::string render() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

/// Up to `significant_digits` significant digits, no trailing zeros ("0.5", "30", "1e-06").
/// Statistics of experiment counts use 4: 27.45, 360.7 — more digits would be noise.
std::string format_number(double value, int significant_digits = 6);

}  // namespace bosim::cli
