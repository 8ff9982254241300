#include "common/file_hash.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/input_error.hpp"

namespace bosim {

std::uint64_t fnv1a_64(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char byte : bytes) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string fnv1a_hex(const std::string& bytes) {
  std::uint64_t hash = fnv1a_64(bytes);
  static const char* digits = "0123456789abcdef";
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) hex[static_cast<size_t>(i)] = digits[hash & 0xF];
  return hex;
}

std::string read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(std::string("cannot open file: ") + std::strerror(errno), {path});
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace bosim
