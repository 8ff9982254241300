// Output files: the check every command makes before any work, and the write-then-rename that never leaves half a file.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace bosim {

/// Throws InputError (key "--output") when the output file name is empty (`-o "$UNSET"`).
void check_output_name(const std::string& path);

/// Throws InputError (key "--output") when `path` is empty, is one of `inputs` (the files the command reads:
/// the study and its data files, or the shards of a merge; refused even with --force), is a folder, exists and
/// `force` is false, or when the folder it would be written to does not exist. Called before any compute is
/// spent, so a mistake costs nothing and leaves no file behind.
void check_output_path(const std::string& path, bool force, const std::vector<std::string>& inputs = {});

/// Writes `path` so that no reader ever sees half of it: `write` fills PATH.partial, which is then
/// renamed onto `path`. If `write` or the rename throws, the partial file is removed and the
/// exception propagates.
void write_then_rename(const std::string& path, const std::function<void(const std::string& partial)>& write);

}  // namespace bosim
