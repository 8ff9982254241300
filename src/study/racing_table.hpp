// Reading the [racing] table of a study file into RacingSettings, every key checked at its file:line:column.
#pragma once

#include <toml++/toml.h>

#include "common/input_error.hpp"
#include "study/racing_settings.hpp"
#include "study/toml_reader.hpp"

namespace bosim {

/// A [racing] table as read, with the position of the values later checks point at.
struct RacingTable {
  RacingSettings settings;
  SourcePosition table_where;        ///< the [racing] table
  SourcePosition max_repeats_where;  ///< its max_repeats value, else the table
};

/// Reads and checks [racing]: only racing_keys(); first_round and round integers in [1, max_repeats];
/// max_repeats an integer in [1, most_repeats]; alpha in (0, max_race_alpha]; scope one of race_scope_names();
/// equivalence a number > 0. Throws InputError at the offending value.
RacingTable read_racing_table(const TomlReader& reader, const toml::table& table, std::uint64_t most_repeats);

}  // namespace bosim
