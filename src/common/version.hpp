// Version of bosim, the instruction set it was built for, and the version of the HDF5 results schema.
#pragma once

#include <string>

namespace bosim {
inline constexpr const char* version = "0.1.0";
/// What the build targets (CMake BOSIM_ARCH), e.g. "x86-64-v3": floating-point results can differ
/// in the last digits between instruction sets, so results files and journals record it.
inline constexpr const char* instruction_set = BOSIM_INSTRUCTION_SET;
/// "bosim 0.1.0 for x86-64-v3": the runs of one study (a journal, the shards of a split) must all
/// come from one build, since floating-point results can differ between builds.
/// Without arguments: this build's; with them: the build a results file records.
inline std::string build_identity(const std::string& bosim_version = version,
                                  const std::string& built_for = instruction_set) {
  return "bosim " + bosim_version + " for " + built_for;
}
/// Bumped whenever the layout of the results file changes.
inline constexpr int results_schema_version = 1;
}  // namespace bosim
