#include "results/racing_group.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "results/packed_table.hpp"
#include "results/results_reader.hpp"

namespace bosim {

namespace {

constexpr std::size_t name_size = 16;  ///< fixed length of the outcome and scope texts
using NameText = std::array<char, name_size>;

void write_settings(hid_t group, const RaceReport& report) {
  const RacingSettings& settings = report.settings;
  PackedTable table;
  const std::size_t first_round = table.add_column("first_round", ColumnType::uint32);
  const std::size_t round = table.add_column("round", ColumnType::uint32);
  const std::size_t max_repeats = table.add_column("max_repeats", ColumnType::uint32);
  const std::size_t alpha = table.add_column("alpha", ColumnType::float64);
  const std::size_t scope = table.add_column("scope", ColumnType::text, name_size);
  const std::size_t equivalence = table.add_column("equivalence", ColumnType::float64);
  const std::size_t full_runs = table.add_column("full_runs", ColumnType::uint64);
  table.resize(1);
  table.set(0, first_round, settings.first_round);
  table.set(0, round, settings.round);
  table.set(0, max_repeats, settings.max_repeats);
  table.set(0, alpha, settings.alpha);
  table.set_text(0, scope, to_string(settings.scope));
  table.set(0, equivalence, settings.equivalence);
  table.set(0, full_runs, report.full_runs);
  table.write(group, "settings");
}

void write_configs(hid_t group, const RaceReport& report) {
  PackedTable table;
  const std::size_t config_id = table.add_column("config_id", ColumnType::uint32);
  const std::size_t repeats = table.add_column("repeats", ColumnType::uint32);
  const std::size_t outcome = table.add_column("outcome", ColumnType::text, name_size);
  const std::size_t round = table.add_column("round", ColumnType::uint32);
  const std::size_t p_value = table.add_column("p_value", ColumnType::float64);
  const std::size_t low = table.add_column("difference_low", ColumnType::float64);
  const std::size_t high = table.add_column("difference_high", ColumnType::float64);
  table.resize(report.configurations.size());
  for (std::size_t row = 0; row < report.configurations.size(); ++row) {
    const RacedConfiguration& raced = report.configurations[row];
    table.set(row, config_id, raced.config_id);
    table.set(row, repeats, raced.repeats);
    table.set_text(row, outcome, to_string(raced.outcome));
    table.set(row, round, raced.round);
    table.set(row, p_value, raced.p_value);
    table.set(row, low, raced.difference_low);
    table.set(row, high, raced.difference_high);
  }
  table.write(group, "configs");
}

void write_rounds(hid_t group, const RaceReport& report) {
  PackedTable table;
  const std::size_t round = table.add_column("round", ColumnType::uint32);
  const std::size_t repeats = table.add_column("repeats", ColumnType::uint32);
  const std::size_t racing = table.add_column("racing", ColumnType::uint32);
  const std::size_t left = table.add_column("left", ColumnType::uint32);
  const std::size_t runs = table.add_column("runs", ColumnType::uint64);
  table.resize(report.rounds.size());
  for (std::size_t row = 0; row < report.rounds.size(); ++row) {
    const RaceRound& entry = report.rounds[row];
    table.set(row, round, entry.round);
    table.set(row, repeats, entry.repeats);
    table.set(row, racing, entry.racing);
    table.set(row, left, entry.left);
    table.set(row, runs, entry.runs);
  }
  table.write(group, "rounds");
}

std::vector<std::string> texts(ResultsReader& reader, const std::string& dataset, const char* member) {
  const TypeHandle type(H5Tcopy(H5T_C_S1), "copy string type");
  hdf5_check_status(H5Tset_size(type, name_size), "set string length");
  hdf5_check_status(H5Tset_strpad(type, H5T_STR_NULLTERM), "set string padding");
  std::vector<std::string> values;
  for (const NameText& text : reader.compound_member<NameText>(dataset, member, type))
    values.emplace_back(text.data(), strnlen(text.data(), text.size()));
  return values;
}

/// The position of `name` in `names`, or a read error naming the dataset.
std::size_t index_of(const std::vector<std::string>& names, const std::string& name, const std::string& path,
                     const std::string& dataset) {
  const auto found = std::find(names.begin(), names.end(), name);
  if (found == names.end())
    throw InputError("cannot read " + dataset + ": unknown value '" + name + "'", SourcePosition(path, 0, 0, dataset));
  return static_cast<std::size_t>(found - names.begin());
}

void read_settings(ResultsReader& reader, RaceReport& report) {
  const std::string dataset = "racing/settings";
  const auto u32 = [&](const char* member) {
    const auto values = reader.compound_member<std::uint32_t>(dataset, member, H5T_NATIVE_UINT32);
    if (values.size() != 1)
      throw InputError("cannot read " + dataset + ": expected one row", SourcePosition(reader.path(), 0, 0, dataset));
    return values.front();
  };
  RacingSettings& settings = report.settings;
  settings.first_round = u32("first_round");
  settings.round = u32("round");
  settings.max_repeats = u32("max_repeats");
  settings.alpha = reader.compound_member<double>(dataset, "alpha", H5T_NATIVE_DOUBLE).front();
  settings.equivalence = reader.compound_member<double>(dataset, "equivalence", H5T_NATIVE_DOUBLE).front();
  settings.scope = static_cast<RaceScope>(
      index_of(race_scope_names(), texts(reader, dataset, "scope").front(), reader.path(), dataset));
  report.full_runs = reader.compound_member<std::uint64_t>(dataset, "full_runs", H5T_NATIVE_UINT64).front();
}

void read_configs(ResultsReader& reader, RaceReport& report) {
  const std::string dataset = "racing/configs";
  const auto ids = reader.compound_member<std::uint32_t>(dataset, "config_id", H5T_NATIVE_UINT32);
  const auto repeats = reader.compound_member<std::uint32_t>(dataset, "repeats", H5T_NATIVE_UINT32);
  const auto rounds = reader.compound_member<std::uint32_t>(dataset, "round", H5T_NATIVE_UINT32);
  const auto p_values = reader.compound_member<double>(dataset, "p_value", H5T_NATIVE_DOUBLE);
  const auto lows = reader.compound_member<double>(dataset, "difference_low", H5T_NATIVE_DOUBLE);
  const auto highs = reader.compound_member<double>(dataset, "difference_high", H5T_NATIVE_DOUBLE);
  const auto outcomes = texts(reader, dataset, "outcome");
  for (std::size_t row = 0; row < ids.size(); ++row)
    report.configurations.push_back(
        {ids[row], repeats[row],
         static_cast<RaceOutcome>(index_of(race_outcome_names(), outcomes[row], reader.path(), dataset)), rounds[row],
         p_values[row], lows[row], highs[row]});
}

void read_rounds(ResultsReader& reader, RaceReport& report) {
  const std::string dataset = "racing/rounds";
  const auto rounds = reader.compound_member<std::uint32_t>(dataset, "round", H5T_NATIVE_UINT32);
  const auto repeats = reader.compound_member<std::uint32_t>(dataset, "repeats", H5T_NATIVE_UINT32);
  const auto racing = reader.compound_member<std::uint32_t>(dataset, "racing", H5T_NATIVE_UINT32);
  const auto left = reader.compound_member<std::uint32_t>(dataset, "left", H5T_NATIVE_UINT32);
  const auto runs = reader.compound_member<std::uint64_t>(dataset, "runs", H5T_NATIVE_UINT64);
  for (std::size_t row = 0; row < rounds.size(); ++row)
    report.rounds.push_back({rounds[row], repeats[row], racing[row], left[row], runs[row]});
}

}  // namespace

void write_racing_group(hid_t file, const RaceReport& report) {
  const GroupHandle group = create_untimed_group(file, racing_group_name);
  write_settings(group, report);
  write_configs(group, report);
  write_rounds(group, report);
}

std::optional<RaceReport> read_racing_group(const std::string& path) {
  ResultsReader reader(path);
  if (!reader.has_dataset("racing/settings")) return std::nullopt;
  RaceReport report;
  read_settings(reader, report);
  read_configs(reader, report);
  read_rounds(reader, report);
  return report;
}

}  // namespace bosim
