// Output-path check shared by every command that writes a file: refuse before any work is done.
#pragma once

#include <string>

namespace bosim {

/// Throws InputError (key "--output") when `path` exists and `force` is false, or when the folder
/// it would be written to does not exist. Called before any compute is spent, so a mistake costs
/// nothing and leaves no file behind.
void check_output_path(const std::string& path, bool force);

}  // namespace bosim
