// Output files: the check every command makes before any work, and the write-then-rename that never leaves half a file.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace bosim {

/// Name of the temporary file write_then_rename fills beside PATH: PATH + partial_suffix_pattern,
/// the X's replaced by mkstemp, so two processes writing one output never touch each other's file.
inline constexpr std::string_view partial_suffix_pattern = ".partial-XXXXXX";
/// bosim run's journal beside PATH (distribution/journal.hpp).
inline constexpr std::string_view journal_suffix = ".journal";
/// The longest name bosim derives from an output name: the journal's own temporary file.
inline constexpr std::size_t longest_derived_suffix = journal_suffix.size() + partial_suffix_pattern.size();

/// Permissions of a new file as open(..., 0666) would give them under this process's umask
/// (mkstemp's files start as 0600).
mode_t new_file_mode();

/// Throws InputError (key "--output") when the output file name is empty (`-o "$UNSET"`).
void check_output_name(const std::string& path);

/// Throws InputError (key "--output") when `path` is empty, is one of `inputs` (the files the command reads:
/// the study and its data files, or the shards of a merge; refused even with --force), is a folder, exists and
/// `force` is false, when the folder it would be written to does not exist, or when check_output_location
/// refuses it. Called before any compute is spent, so a mistake costs nothing and leaves no file behind.
void check_output_path(const std::string& path, bool force, const std::vector<std::string>& inputs = {});

/// Throws InputError (key "--output") unless bosim can create files in the folder of `path` (it
/// creates and deletes a probe file there: permissions, read-only mounts and pseudo file systems
/// such as /proc all show) and the names derived from `path` (longest_derived_suffix longer) fit
/// the file system's limit on a name. check_output_path calls it.
void check_output_location(const std::string& path);

/// Writes `path` so that no reader ever sees half of it: `write` fills a temporary file named
/// PATH.partial-XXXXXX (unique to this call), which is then renamed onto `path`. If `write` or the
/// rename throws, the temporary file is removed and the exception propagates.
void write_then_rename(const std::string& path, const std::function<void(const std::string& partial)>& write);

/// Writes `bytes` to `path` with write_then_rename, fsync'd before the rename. Throws InputError
/// naming `path` and the system's reason (e.g. "No space left on device") when the bytes cannot
/// be written: the output's file system, not bosim, is at fault.
void write_file_durably(const std::string& path, std::string_view bytes);

/// Throws InputError "cannot write the output: <strerror(error_number)>" naming `path` (key "--output"): the
/// output's file system, not bosim, failed (a full disk, a file size limit).
[[noreturn]] void throw_output_write_error(const std::string& path, int error_number);

/// fsync's the file `written` (a finished PATH.partial-XXXXXX of write_then_rename) before its rename onto
/// `path`; throws as throw_output_write_error when the system refuses.
void sync_written_file(const std::string& written, const std::string& path);

}  // namespace bosim
