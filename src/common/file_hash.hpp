// Content hash of input files, stored in results so a study can tell when its inputs changed.
#pragma once

#include <cstdint>
#include <string>

namespace bosim {

/// 64-bit FNV-1a hash of a byte string (Fowler, Noll, Vo), as 16 hex digits.
/// Not cryptographic: it detects accidental change of an input file.
std::string fnv1a_hex(const std::string& bytes);

/// Reads a whole file into memory; throws InputError naming the path when it cannot.
std::string read_file_bytes(const std::string& path);

}  // namespace bosim
