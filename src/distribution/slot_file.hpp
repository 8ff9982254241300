// Slot file: an array of 64-bit slots of any length kept on disk, read and written through a small fixed cache.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bosim {

/// An array of 64-bit slots, all 0 at first, as long as the highest slot set, kept in a temporary file and
/// accessed through a direct-mapped write-back cache of cache_blocks blocks of block_slots slots. Memory stays at
/// cache_blocks × block_slots × 8 bytes (1 MiB) whatever the number of slots; access in roughly ascending order
/// (a journal's records, a task list read in order) costs one pread and at most one pwrite per block of 8 KiB.
/// Slots never set cost no disk space (the file is sparse).
///
/// The file is created beside `near` (on the disk of the file it indexes: /tmp may be a small RAM-backed tmpfs)
/// as NEAR.slots-XXXXXX, or in the temporary folder when that folder is not writable, and unlinked at once: no
/// exit, error, crash or kill leaves it behind.
class SlotFile {
 public:
  static constexpr std::size_t block_slots = 1024;
  static constexpr std::size_t cache_blocks = 128;

  /// Throws InputError naming `near` when no temporary file can be created.
  explicit SlotFile(const std::string& near);
  SlotFile(const SlotFile&) = delete;
  SlotFile& operator=(const SlotFile&) = delete;
  ~SlotFile();

  /// Slot `slot`'s value (0 when never set). Throws InputError naming `near` when the file cannot be read or a
  /// block evicted to make room cannot be written (a full disk).
  std::uint64_t get(std::uint64_t slot) const;
  /// Sets slot `slot`; throws as get().
  void set(std::uint64_t slot, std::uint64_t value);

 private:
  static constexpr std::uint64_t no_block = ~std::uint64_t{0};
  struct Block {
    std::uint64_t number = no_block;
    bool dirty = false;
    std::vector<std::uint64_t> slots;
  };

  /// The cached block holding `slot`, read in (and its cache line's previous block written out) when needed.
  Block& block_of(std::uint64_t slot) const;
  [[noreturn]] void fail(const char* what, int error_number) const;

  std::string near_;
  int descriptor_ = -1;
  mutable std::vector<Block> cache_;
};

}  // namespace bosim
