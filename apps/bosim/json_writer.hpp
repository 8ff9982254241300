// JsonWriter: streaming JSON output for `--format json` (objects, arrays, strings, numbers; NaN and ±∞ as null).
#pragma once

#include <string>
#include <vector>

namespace bosim::cli {

/// Builds one JSON document; commas are inserted automatically. Keys are given
/// with key() before each member of an object.
class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(const std::string& name);
  JsonWriter& value(const std::string& text);
  JsonWriter& value(const char* text) { return value(std::string(text)); }
  /// Shortest text that reads back to the same double (%.17g trimmed); NaN and ±∞ become null.
  JsonWriter& value(double number);
  JsonWriter& value(long long number);
  JsonWriter& value(bool flag);
  JsonWriter& values(const std::vector<double>& numbers);

  const std::string& text() const { return text_; }

 private:
  void separate();

  std::string text_;
  std::vector<bool> first_in_container_;
  bool after_key_ = false;
};

}  // namespace bosim::cli
