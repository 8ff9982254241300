// InputError: a user's input (study TOML, CSV, HDF5, command line) is wrong; reported with its position, exit code 2.
#pragma once

#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

namespace bosim {

/// Where in an input file a problem is. line and column are 1-based; 0 means unknown.
struct SourcePosition {
  SourcePosition(std::string file_ = {}, int line_ = 0, int column_ = 0, std::string key_ = {})
      : file(std::move(file_)), line(line_), column(column_), key(std::move(key_)) {}

  std::string file;
  int line = 0;
  int column = 0;
  /// Name of the key, column or dataset concerned, when there is one.
  std::string key;
};

/// Formats "file:line:column" (the parts that are known).
inline std::string to_string(const SourcePosition& where) {
  std::string text = where.file;
  if (where.line > 0) {
    text.append(":").append(std::to_string(where.line));
    if (where.column > 0) text.append(":").append(std::to_string(where.column));
  }
  return text;
}

/// Error in something the user gave bosim. what() reads
/// "FILE:LINE:COLUMN: error: MESSAGE" so editors can jump to it; the
/// command line maps it to exit code 2 and writes no output.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message, SourcePosition where = {})
      : std::runtime_error(format(message, where)), message_(message), where_(std::move(where)) {}

  const std::string& message() const { return message_; }
  const SourcePosition& where() const { return where_; }

 private:
  static std::string format(const std::string& message, const SourcePosition& where) {
    const std::string position = to_string(where);
    return position.empty() ? "error: " + message : position + ": error: " + message;
  }

  std::string message_;
  SourcePosition where_;
};

/// Exit codes of every bosim command (documented in the README).
namespace exit_code {
inline constexpr int success = 0;
inline constexpr int internal_error = 1;
inline constexpr int bad_input = 2;
inline constexpr int runs_failed = 3;
inline constexpr int interrupted = 75;  // EX_TEMPFAIL: resume later
}  // namespace exit_code

/// Prints `error` to stderr as every bosim command reports an error — an InputError as it is
/// ("FILE:LINE: error: ..."), anything else as "bosim: internal error: ..." — and returns its exit
/// code (bad_input or internal_error).
inline int report_error(const std::exception& error) {
  const bool input = dynamic_cast<const InputError*>(&error) != nullptr;
  std::fprintf(stderr, input ? "%s\n" : "bosim: internal error: %s\n", error.what());
  std::fflush(stderr);
  return input ? exit_code::bad_input : exit_code::internal_error;
}

}  // namespace bosim
