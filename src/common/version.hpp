// Version of bosim and of the HDF5 results schema.
#pragma once

namespace bosim {
inline constexpr const char* version = "0.1.0";
/// Bumped whenever the layout of the results file changes.
inline constexpr int results_schema_version = 1;
}  // namespace bosim
