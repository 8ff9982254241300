// Content hash of input files, stored in results so a study can tell when its inputs changed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace bosim {

/// 64-bit FNV-1a hash of a byte string (Fowler, Noll, Vo): offset basis 0xcbf29ce484222325,
/// prime 0x100000001b3. Not cryptographic: it detects accidental change or truncation.
std::uint64_t fnv1a_64(std::string_view bytes);

/// fnv1a_64 as 16 hex digits (the form stored for input files).
std::string fnv1a_hex(const std::string& bytes);

/// Reads a whole file into memory; throws InputError naming the path when it cannot.
std::string read_file_bytes(const std::string& path);

}  // namespace bosim
