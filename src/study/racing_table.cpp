#include "study/racing_table.hpp"

#include <algorithm>
#include <string>

namespace bosim {

namespace {

/// An integer key in [lowest, highest]; the message names the bounds it checks.
std::uint32_t bounded_count(const TomlReader& reader, const toml::node& node, const std::string& key,
                            std::uint64_t lowest, std::uint64_t highest, const std::string& why) {
  const std::int64_t value = reader.integer(node, key);
  if (value < static_cast<std::int64_t>(lowest) || static_cast<std::uint64_t>(value) > highest)
    throw InputError("[racing] " + key + " must be an integer from " + std::to_string(lowest) + " to " +
                         std::to_string(highest) + why + " (got " + std::to_string(value) + ")",
                     reader.at(node, key));
  return static_cast<std::uint32_t>(value);
}

std::string number_text(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

RacingTable read_racing_table(const TomlReader& reader, const toml::table& table, std::uint64_t most_repeats) {
  RacingTable read;
  read.table_where = reader.at(table, "racing");
  read.max_repeats_where = read.table_where;
  reader.reject_unknown_keys(table, "[racing]", racing_keys());
  RacingSettings& settings = read.settings;
  if (const auto* node = table.get("max_repeats")) {
    settings.max_repeats =
        bounded_count(reader, *node, "max_repeats", 1, most_repeats, " (the most runs a study may have)");
    read.max_repeats_where = reader.at(*node, "max_repeats");
  }
  const std::string up_to_cap = " (max_repeats)";
  if (const auto* node = table.get("first_round"))
    settings.first_round = bounded_count(reader, *node, "first_round", 1, settings.max_repeats, up_to_cap);
  else
    settings.first_round = std::min(settings.first_round, settings.max_repeats);
  if (const auto* node = table.get("round"))
    settings.round = bounded_count(reader, *node, "round", 1, settings.max_repeats, up_to_cap);
  else
    settings.round = std::min(settings.round, settings.max_repeats);
  if (const auto* node = table.get("alpha")) {
    settings.alpha = reader.real(*node, "alpha");
    if (!(settings.alpha > 0.0 && settings.alpha <= max_race_alpha))
      throw InputError("[racing] alpha must be a level above 0 and at most " + number_text(max_race_alpha) + " (got " +
                           number_text(settings.alpha) + ")",
                       reader.at(*node, "alpha"));
  }
  if (const auto* node = table.get("scope")) {
    const std::string name = reader.choice(*node, "scope", race_scope_names());
    const auto& names = race_scope_names();
    settings.scope = static_cast<RaceScope>(std::find(names.begin(), names.end(), name) - names.begin());
  }
  if (const auto* node = table.get("equivalence")) {
    settings.equivalence = reader.real(*node, "equivalence");
    if (!(settings.equivalence > 0.0))
      throw InputError("[racing] equivalence must be a margin in experiments above 0 (got " +
                           number_text(settings.equivalence) + "); leave it out to race without one",
                       reader.at(*node, "equivalence"));
  }
  return read;
}

}  // namespace bosim
