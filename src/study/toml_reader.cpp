#include "study/toml_reader.hpp"

#include <algorithm>
#include <cmath>

#include "study/campaign_parameters.hpp"
#include "study/closest_name.hpp"

namespace bosim {

SourcePosition TomlReader::at(const toml::node& node, const std::string& key) const {
  const auto& begin = node.source().begin;
  return SourcePosition(file_, static_cast<int>(begin.line), static_cast<int>(begin.column), key);
}

SourcePosition TomlReader::at(const toml::key& key) const {
  const auto& begin = key.source().begin;
  return SourcePosition(file_, static_cast<int>(begin.line), static_cast<int>(begin.column), std::string(key.str()));
}

std::vector<TomlEntry> TomlReader::in_file_order(const toml::table& table) {
  std::vector<TomlEntry> entries;
  for (auto&& [key, value] : table) entries.push_back({&key, &value});
  std::stable_sort(entries.begin(), entries.end(), [](const TomlEntry& a, const TomlEntry& b) {
    const auto& pa = a.key->source().begin;
    const auto& pb = b.key->source().begin;
    return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
  });
  return entries;
}

void TomlReader::reject_unknown_keys(const toml::table& table, const std::string& section,
                                     const std::vector<std::string>& allowed) const {
  for (const auto& entry : in_file_order(table)) {
    const std::string name(entry.key->str());
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    if (const auto* parameter = find_campaign_parameter(name))
      throw InputError(
          "'" + name + "' belongs in [" + parameter->section + "] (or in a [[sweep]] table), not in " + section,
          at(*entry.key));
    throw InputError("unknown key '" + name + "' in " + section + did_you_mean(name, allowed), at(*entry.key));
  }
}

void TomlReader::wrong_type(const toml::node& node, const std::string& key, const std::string& expected) const {
  throw InputError("'" + key + "' must be " + expected + " (got " + describe_type(node) + ")", at(node, key));
}

const toml::table& TomlReader::table(const toml::node& node, const std::string& key) const {
  if (const auto* t = node.as_table()) return *t;
  wrong_type(node, key, "a table");
}

const toml::array& TomlReader::array(const toml::node& node, const std::string& key) const {
  if (const auto* a = node.as_array()) return *a;
  wrong_type(node, key, "an array");
}

std::string TomlReader::text(const toml::node& node, const std::string& key) const {
  if (const auto* s = node.as_string()) return s->get();
  wrong_type(node, key, "a string");
}

std::int64_t TomlReader::integer(const toml::node& node, const std::string& key) const {
  if (const auto* i = node.as_integer()) return i->get();
  wrong_type(node, key, "an integer");
}

double TomlReader::real(const toml::node& node, const std::string& key) const {
  double value = 0.0;
  if (const auto* i = node.as_integer())
    value = static_cast<double>(i->get());
  else if (const auto* f = node.as_floating_point())
    value = f->get();
  else
    wrong_type(node, key, "a number");
  if (!std::isfinite(value)) throw InputError("'" + key + "' must be a finite number", at(node, key));
  return value;
}

bool TomlReader::boolean(const toml::node& node, const std::string& key) const {
  if (const auto* b = node.as_boolean()) return b->get();
  wrong_type(node, key, "true or false");
}

std::vector<std::string> TomlReader::texts(const toml::node& node, const std::string& key) const {
  const auto* list = node.as_array();
  if (list == nullptr) wrong_type(node, key, "an array of strings");
  std::vector<std::string> values;
  for (const auto& element : *list) values.push_back(text(element, key));
  return values;
}

std::string TomlReader::choice(const toml::node& node, const std::string& key,
                               const std::vector<std::string>& choices) const {
  const std::string value = text(node, key);
  if (std::find(choices.begin(), choices.end(), value) == choices.end())
    throw InputError("'" + value + "' is not a valid " + key + "; choose one of: " + join_names(choices) +
                         did_you_mean(value, choices),
                     at(node, key));
  return value;
}

std::string describe_type(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date/time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string join_names(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& name : names) joined.append(joined.empty() ? "" : ", ").append(name);
  return joined;
}

}  // namespace bosim
