#include "distribution/slot_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/input_error.hpp"

namespace bosim {

namespace {

constexpr std::size_t block_bytes = SlotFile::block_slots * sizeof(std::uint64_t);

/// An unlinked temporary file named from `pattern` (ending in XXXXXX), or -1 with errno set.
int unlinked_temporary_file(std::string pattern) {
  const int descriptor = ::mkstemp(pattern.data());
  if (descriptor >= 0) ::unlink(pattern.c_str());
  return descriptor;
}

}  // namespace

SlotFile::SlotFile(const std::string& near) : near_(near), cache_(cache_blocks) {
  descriptor_ = unlinked_temporary_file(near + ".slots-XXXXXX");
  if (descriptor_ < 0)
    descriptor_ = unlinked_temporary_file((std::filesystem::temp_directory_path() / "bosim-slots-XXXXXX").string());
  if (descriptor_ < 0) fail("cannot create the temporary index of", errno);
}

SlotFile::~SlotFile() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

void SlotFile::fail(const char* what, int error_number) const {
  throw InputError(std::string(what) + " this file: " + std::strerror(error_number), {near_});
}

SlotFile::Block& SlotFile::block_of(std::uint64_t slot) const {
  const std::uint64_t number = slot / block_slots;
  Block& block = cache_[number % cache_blocks];
  if (block.number == number) return block;
  if (block.slots.empty()) block.slots.resize(block_slots);
  if (block.dirty) {
    const auto offset = static_cast<off_t>(block.number * block_bytes);
    if (::pwrite(descriptor_, block.slots.data(), block_bytes, offset) != static_cast<ssize_t>(block_bytes))
      fail("cannot write the temporary index of", errno == 0 ? ENOSPC : errno);
  }
  const ssize_t read = ::pread(descriptor_, block.slots.data(), block_bytes, static_cast<off_t>(number * block_bytes));
  if (read < 0) fail("cannot read the temporary index of", errno);
  std::fill(block.slots.begin() + read / static_cast<ssize_t>(sizeof(std::uint64_t)), block.slots.end(), 0);
  block.number = number;
  block.dirty = false;
  return block;
}

std::uint64_t SlotFile::get(std::uint64_t slot) const { return block_of(slot).slots[slot % block_slots]; }

void SlotFile::set(std::uint64_t slot, std::uint64_t value) {
  Block& block = block_of(slot);
  block.slots[slot % block_slots] = value;
  block.dirty = true;
}

}  // namespace bosim
