// The [truth] table of a study file: its kind, the kind's keys, noise, [[truth.feature]] and [[truth.constraint]].
#pragma once

#include <toml++/toml.h>

#include "study/study_file.hpp"
#include "study/toml_reader.hpp"

namespace bosim {

/// Reads [truth] into parsed.study (truth_kind, the kind's spec, noise) and sets parsed.truth_where (and
/// truth_path_where for kinds with a path). Keys are checked against the kind's row (study/truth_kind.hpp): a key
/// of another kind names the kinds that take it, an unknown key suggests the closest. Throws InputError.
void read_truth_section(const TomlReader& toml, const toml::table& truth, ParsedStudy& parsed);

}  // namespace bosim
