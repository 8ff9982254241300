// TomlReader: typed reads of study-file TOML nodes that report every mismatch as an InputError at file:line:column.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/input_error.hpp"

namespace bosim {

/// One key of a table with its value.
struct TomlEntry {
  const toml::key* key;
  const toml::node* value;
};

/// Reads nodes of one parsed file. Every read names the key in its error and
/// points at the value (or, for unknown keys, at the key itself).
class TomlReader {
 public:
  explicit TomlReader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  SourcePosition at(const toml::node& node, const std::string& key = {}) const;
  SourcePosition at(const toml::key& key) const;

  /// The table's entries in the order they appear in the file (TOML++ stores them sorted by name).
  static std::vector<TomlEntry> in_file_order(const toml::table& table);

  /// Throws at the first key of table that is not in allowed:
  /// "unknown key 'dleta' in [[sweep]]; did you mean 'delta'?", or, for a campaign
  /// parameter given in the wrong place, "'kernel' belongs in [model]".
  void reject_unknown_keys(const toml::table& table, const std::string& section,
                           const std::vector<std::string>& allowed) const;

  /// The node as a table; throws "'key' must be a table (got …)".
  const toml::table& table(const toml::node& node, const std::string& key) const;
  const toml::array& array(const toml::node& node, const std::string& key) const;
  std::string text(const toml::node& node, const std::string& key) const;
  std::int64_t integer(const toml::node& node, const std::string& key) const;
  /// A finite number; TOML integers are accepted.
  double real(const toml::node& node, const std::string& key) const;
  bool boolean(const toml::node& node, const std::string& key) const;
  /// An array of strings.
  std::vector<std::string> texts(const toml::node& node, const std::string& key) const;
  /// A string that must be one of choices; the error lists them and suggests the closest.
  std::string choice(const toml::node& node, const std::string& key, const std::vector<std::string>& choices) const;

 private:
  [[noreturn]] void wrong_type(const toml::node& node, const std::string& key, const std::string& expected) const;

  std::string file_;
};

/// The TOML type of a node in words for messages: "a string", "an integer", …
std::string describe_type(const toml::node& node);

/// Choices joined for messages: "pi, ei, ucb".
std::string join_names(const std::vector<std::string>& names);

}  // namespace bosim
