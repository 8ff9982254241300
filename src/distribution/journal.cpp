#include "distribution/journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>

#include "common/file_hash.hpp"
#include "common/input_error.hpp"
#include "common/output_path.hpp"
#include "distribution/byte_archive.hpp"

namespace bosim {

namespace {

constexpr char journal_magic[8] = {'B', 'O', 'S', 'I', 'M', 'J', 'N', 'L'};
constexpr std::string_view frame_marker("BOSIMFRM", 8);

/// The journal's file system refused an operation (full disk, read-only, permissions): the
/// environment's fault, so an InputError (exit 2) naming the journal and the system's reason.
[[noreturn]] void throw_system_error(const std::string& what, const std::string& path) {
  throw InputError(what + ": " + std::strerror(errno), {path});
}

template <class T>
void put(std::string& bytes, T value) {
  bytes.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void put_text(std::string& bytes, const std::string& text) {
  put(bytes, static_cast<std::uint32_t>(text.size()));
  bytes += text;
}

/// Sequential reader over the journal bytes; every take() reports whether enough bytes remained.
class ByteCursor {
 public:
  explicit ByteCursor(std::string_view bytes, std::size_t offset = 0) : bytes_(bytes), offset_(offset) {}

  template <class T>
  bool take(T& value) {
    if (remaining() < sizeof value) return false;
    std::memcpy(&value, bytes_.data() + offset_, sizeof value);
    offset_ += sizeof value;
    return true;
  }
  bool take_text(std::string& text, std::size_t length) {
    if (remaining() < length) return false;
    text.assign(bytes_.substr(offset_, length));
    offset_ += length;
    return true;
  }
  std::size_t offset() const { return offset_; }
  std::size_t remaining() const { return offset_ < bytes_.size() ? bytes_.size() - offset_ : 0; }

 private:
  std::string_view bytes_;
  std::size_t offset_ = 0;
};

std::string encode_header(const JournalHeader& header) {
  std::string bytes(journal_magic, sizeof journal_magic);
  put(bytes, journal_format_version);
  put_text(bytes, header.build);
  put(bytes, header.total_tasks);
  put(bytes, header.shard ? header.shard->index : std::uint32_t{0});
  put(bytes, header.shard ? header.shard->count : std::uint32_t{0});
  put(bytes, static_cast<std::uint32_t>(header.inputs.size()));
  for (const InputFile& input : header.inputs) {
    put_text(bytes, input.path);
    put_text(bytes, input.hash);
  }
  put(bytes, fnv1a_64(bytes));
  return bytes;
}

JournalHeader decode_header(ByteCursor& cursor, std::string_view bytes, const std::string& path) {
  const auto damaged = [&](const std::string& why) {
    return InputError("not a bosim journal or its header is damaged (" + why +
                          "); pass --force instead of --resume to start the study afresh",
                      {path});
  };
  std::string magic;
  if (!cursor.take_text(magic, sizeof journal_magic) || magic != std::string(journal_magic, sizeof journal_magic))
    throw damaged("no BOSIMJNL signature");
  std::uint32_t version = 0;
  if (!cursor.take(version)) throw damaged("truncated");
  if (version != journal_format_version)
    throw damaged("format version " + std::to_string(version) + ", this bosim reads version " +
                  std::to_string(journal_format_version));
  JournalHeader header;
  std::uint32_t build_length = 0;
  if (!cursor.take(build_length) || !cursor.take_text(header.build, build_length)) throw damaged("truncated");
  std::uint32_t input_count = 0;
  Shard shard{0, 0};
  if (!cursor.take(header.total_tasks) || !cursor.take(shard.index) || !cursor.take(shard.count) ||
      !cursor.take(input_count))
    throw damaged("truncated");
  if (shard.count > 0) header.shard = shard;
  for (std::uint32_t i = 0; i < input_count; ++i) {
    InputFile input;
    std::uint32_t length = 0;
    if (!cursor.take(length) || !cursor.take_text(input.path, length)) throw damaged("truncated");
    if (!cursor.take(length) || !cursor.take_text(input.hash, length)) throw damaged("truncated");
    header.inputs.push_back(std::move(input));
  }
  const std::uint64_t expected = fnv1a_64(bytes.substr(0, cursor.offset()));
  std::uint64_t stored = 0;
  if (!cursor.take(stored) || stored != expected) throw damaged("checksum mismatch");
  return header;
}

void write_all(int descriptor, const std::string& bytes, const std::string& path) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(descriptor, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_system_error("cannot write the journal", path);
    written += static_cast<std::size_t>(n);
  }
}

/// fsync of the folder, so that a rename or creation inside it survives a crash.
void sync_folder_of(const std::string& path) {
  const std::filesystem::path folder = std::filesystem::path(path).has_parent_path()
                                           ? std::filesystem::path(path).parent_path()
                                           : std::filesystem::path(".");
  const int descriptor = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (descriptor < 0) return;  // best effort: some file systems refuse to open folders
  ::fsync(descriptor);
  ::close(descriptor);
}

int open_locked(const std::string& path) {
  const int descriptor = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (descriptor < 0) throw_system_error("cannot open journal", path);
  if (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
    ::close(descriptor);
    throw InputError("the journal is in use by another bosim run; wait for it to end", {path});
  }
  return descriptor;
}

}  // namespace

std::string journal_path_for(const std::string& output_path) {
  check_output_name(output_path);  // "" would give a hidden ./.journal
  return output_path + std::string(journal_suffix);
}

namespace {

/// The records of the frame at `offset` when one starts there and passes its checksum, with `next` set
/// to the offset after it; std::nullopt otherwise.
std::optional<std::vector<RunRecord>> frame_at(std::string_view bytes, std::size_t offset, std::size_t& next) {
  if (bytes.compare(offset, frame_marker.size(), frame_marker) != 0) return std::nullopt;
  ByteCursor cursor(bytes, offset + frame_marker.size());
  std::uint32_t length = 0;
  std::string payload;
  std::uint64_t stored = 0;
  if (!cursor.take(length) || !cursor.take_text(payload, length) || !cursor.take(stored)) return std::nullopt;
  if (stored != fnv1a_64(payload)) return std::nullopt;
  try {
    next = cursor.offset();
    return from_bytes<std::vector<RunRecord>>(payload);
  } catch (const std::exception&) {
    return std::nullopt;  // checksum right but not an archive of records
  }
}

/// A journal mapped read-only. Pages already scanned are handed back to the kernel (release_before), so
/// reading a journal of any size keeps only a window of it resident.
class MappedJournal {
 public:
  explicit MappedJournal(const std::string& path) {
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) throw_system_error("cannot read the journal", path);
    struct stat status {};
    if (::fstat(descriptor, &status) != 0) {
      ::close(descriptor);
      throw_system_error("cannot read the journal", path);
    }
    size_ = static_cast<std::size_t>(status.st_size);
    if (size_ > 0) data_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, descriptor, 0);
    ::close(descriptor);
    if (data_ == MAP_FAILED) {
      data_ = nullptr;
      throw_system_error("cannot map the journal", path);
    }
  }
  MappedJournal(const MappedJournal&) = delete;
  MappedJournal& operator=(const MappedJournal&) = delete;
  ~MappedJournal() {
    if (data_ != nullptr) ::munmap(data_, size_);
  }
  std::string_view bytes() const { return {static_cast<const char*>(data_), data_ ? size_ : 0}; }
  /// Drops the resident pages before `offset` (they are read again from the file if touched).
  void release_before(std::size_t offset) {
    const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t end = offset / page * page;
    if (data_ != nullptr && end > released_) {
      ::madvise(static_cast<char*>(data_) + released_, end - released_, MADV_DONTNEED);
      released_ = end;
    }
  }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t released_ = 0;
};

constexpr std::size_t release_interval = std::size_t{64} << 20;

}  // namespace

JournalScan scan_journal(const std::string& path, const JournalFrameVisitor& visit) {
  if (!std::filesystem::exists(path))
    throw InputError("no journal to resume: this file does not exist; run without --resume to start the study", {path});
  MappedJournal mapped(path);
  const std::string_view bytes = mapped.bytes();
  ByteCursor cursor(bytes);
  JournalScan scan;
  scan.header = decode_header(cursor, bytes, path);
  scan.file_bytes = bytes.size();
  scan.valid_bytes = cursor.offset();
  // Intact frames one after the other. Where one is not intact, the next intact frame (a marker whose frame
  // passes its checksum) resumes the reading; when none follows, the rest is the torn tail of a kill.
  std::size_t offset = cursor.offset();
  while (offset < bytes.size()) {
    std::size_t next = 0;
    std::optional<std::vector<RunRecord>> records = frame_at(bytes, offset, next);
    if (!records) {
      std::size_t candidate = offset;
      while ((candidate = bytes.find(frame_marker, candidate + 1)) != std::string_view::npos)
        if ((records = frame_at(bytes, candidate, next))) break;
      if (!records) break;
      scan.damaged_bytes += candidate - offset;
      ++scan.damaged_stretches;
      offset = candidate;
    }
    visit(offset, *records);
    offset = next;
    scan.valid_bytes = next;
    if (offset > release_interval) mapped.release_before(offset - release_interval);
  }
  return scan;
}

JournalHeader read_journal_header(const std::string& path) {
  if (!std::filesystem::exists(path))
    throw InputError("no journal to resume: this file does not exist; run without --resume to start the study", {path});
  MappedJournal mapped(path);
  ByteCursor cursor(mapped.bytes());
  return decode_header(cursor, mapped.bytes(), path);
}

JournalContents read_journal(const std::string& path) {
  JournalContents contents;
  static_cast<JournalScan&>(contents) = scan_journal(path, [&](std::uint64_t, std::vector<RunRecord>& records) {
    for (RunRecord& record : records) contents.records.push_back(std::move(record));
  });
  return contents;
}

std::vector<RunRecord> read_journal_frame(const std::string& path, int descriptor, std::uint64_t frame_offset) {
  // Up to `size` bytes at `at` (fewer only at the end of the file).
  const auto read_at = [&](std::size_t size, std::uint64_t at) {
    std::string bytes(size, '\0');
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = ::pread(descriptor, bytes.data() + done, size - done, static_cast<off_t>(at + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw_system_error("cannot read the journal", path);
      if (n == 0) break;
      done += static_cast<std::size_t>(n);
    }
    bytes.resize(done);
    return bytes;
  };
  constexpr std::size_t first_read = 4096;  // most frames: one system call
  std::string frame = read_at(first_read, frame_offset);
  std::uint32_t length = 0;
  if (frame.size() >= frame_marker.size() + sizeof length) {
    std::memcpy(&length, frame.data() + frame_marker.size(), sizeof length);
    const std::size_t whole = frame_marker.size() + sizeof length + length + sizeof(std::uint64_t);
    if (whole > frame.size()) frame += read_at(whole - frame.size(), frame_offset + frame.size());
  }
  std::size_t next = 0;
  std::optional<std::vector<RunRecord>> records = frame_at(frame, 0, next);
  if (!records) throw InputError("a journal frame changed while the results were written from it", {path});
  return std::move(*records);
}

void keep_one_record_per_run(std::vector<RunRecord>& records) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> position;  // run -> index in kept
  std::vector<RunRecord> kept;
  for (RunRecord& record : records) {
    const auto [found, first] = position.emplace(std::make_pair(record.config_id, record.repeat), kept.size());
    if (first)
      kept.push_back(std::move(record));
    else if (kept[found->second].status == RunStatus::failed && record.status != RunStatus::failed)
      kept[found->second] = std::move(record);
  }
  records = std::move(kept);
}

std::string describe_dropped_bytes(const JournalScan& contents) {
  std::vector<std::string> parts;
  if (const std::uint64_t torn = contents.file_bytes - contents.valid_bytes; torn > 0)
    parts.push_back("dropped a torn journal tail of " + std::to_string(torn) + " bytes");
  if (contents.damaged_stretches > 0)
    parts.push_back("skipped " + std::to_string(contents.damaged_stretches) + " damaged stretch" +
                    (contents.damaged_stretches == 1 ? "" : "es") + " of " + std::to_string(contents.damaged_bytes) +
                    " bytes in the middle of the journal, whose runs are run again");
  if (parts.empty()) return "";
  std::string text = " (" + parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) text += "; " + parts[i];
  return text + ")";
}

namespace {

std::string describe_shard(const std::optional<Shard>& shard) {
  return shard ? "--shard " + std::to_string(shard->index) + "/" + std::to_string(shard->count)
               : std::string("the whole study (no --shard)");
}

}  // namespace

void check_journal_matches(const JournalHeader& header, const Study& study, std::uint64_t total_tasks,
                           const std::optional<Shard>& shard, const std::string& journal_path) {
  const std::string advice =
      "; resuming would mix results of two different studies. Pass --force instead of "
      "--resume to discard the journal and start afresh";
  for (std::size_t i = 0; i < study.inputs.size(); ++i) {
    const InputFile& now = study.inputs[i];
    const std::string was = i < header.inputs.size() ? header.inputs[i].hash : std::string("(absent)");
    if (was != now.hash)
      throw InputError((i == 0 ? "the study file " : "the input file ") + now.path +
                           " changed since this study started (hash " + was + ", now " + now.hash + ")" + advice,
                       {journal_path});
  }
  if (header.build != build_identity())
    throw InputError("the journal was written by " + header.build + ", this is " + build_identity() +
                         "; floating-point results can differ between builds, so resuming would mix them. "
                         "Resume with the bosim that started the study, or pass --force instead of --resume "
                         "to start afresh",
                     {journal_path});
  const bool same_shard = header.shard.has_value() == shard.has_value() &&
                          (!shard || (header.shard->index == shard->index && header.shard->count == shard->count));
  if (!same_shard)
    throw InputError("the journal was written for " + describe_shard(header.shard) + ", this run is for " +
                         describe_shard(shard) +
                         "; resuming would drop the journal's runs. Resume with the journal's --shard, or give "
                         "each shard its own output file",
                     {journal_path});
  if (header.inputs.size() != study.inputs.size() || header.total_tasks != total_tasks)
    throw InputError("the journal was written for a study with " + std::to_string(header.total_tasks) +
                         " runs, this one has " + std::to_string(total_tasks) + advice,
                     {journal_path});
}

void check_journal_not_in_use(const std::string& path) {
  if (!std::filesystem::exists(path)) return;
  ::close(open_locked(path));
}

JournalWriter::JournalWriter(std::string path, int descriptor)
    : path_(std::move(path)), descriptor_(descriptor), last_sync_(std::chrono::steady_clock::now()) {}

JournalWriter::JournalWriter(JournalWriter&& other) noexcept
    : sync_interval(other.sync_interval),
      sync_runs(other.sync_runs),
      path_(std::move(other.path_)),
      descriptor_(other.descriptor_),
      unsynced_runs_(other.unsynced_runs_),
      unsynced_(other.unsynced_),
      last_sync_(other.last_sync_) {
  other.descriptor_ = -1;
}

JournalWriter::~JournalWriter() {
  if (descriptor_ < 0) return;
  if (unsynced_) ::fsync(descriptor_);
  ::close(descriptor_);  // releases the lock
}

JournalWriter JournalWriter::create(const std::string& path, const JournalHeader& header) {
  std::string partial = path + std::string(partial_suffix_pattern);  // unique: mkstemp fills in the X's
  int descriptor = ::mkstemp(partial.data());
  if (descriptor < 0) throw_system_error("cannot create the journal", path);
  try {
    if (::fchmod(descriptor, new_file_mode()) != 0) throw_system_error("cannot create the journal", partial);
    write_all(descriptor, encode_header(header), partial);
    if (::fsync(descriptor) != 0) throw_system_error("cannot sync the journal", partial);
    const int closed = ::close(std::exchange(descriptor, -1));
    if (closed != 0) throw_system_error("cannot write the journal", partial);
    if (::rename(partial.c_str(), path.c_str()) != 0) throw_system_error("cannot rename the journal into place", path);
  } catch (...) {
    if (descriptor >= 0) ::close(descriptor);
    ::unlink(partial.c_str());
    throw;
  }
  sync_folder_of(path);
  return JournalWriter(path, open_locked(path));
}

JournalWriter JournalWriter::reopen(const std::string& path, std::uint64_t valid_bytes) {
  JournalWriter writer(path, open_locked(path));
  if (::ftruncate(writer.descriptor_, static_cast<off_t>(valid_bytes)) != 0)
    throw_system_error("cannot truncate the torn tail of journal", path);
  if (::fsync(writer.descriptor_) != 0) throw_system_error("cannot sync journal", path);
  return writer;
}

void JournalWriter::append(const std::vector<RunRecord>& records) {
  if (records.empty()) return;
  append_serialized(to_bytes(records), records.size());
}

void JournalWriter::append_serialized(std::string_view payload, std::size_t run_count) {
  if (run_count == 0) return;
  if (payload.size() > UINT32_MAX) throw std::length_error("journal frame larger than 4 GiB");
  std::string frame(frame_marker);
  frame.reserve(frame_marker.size() + payload.size() + 12);
  put(frame, static_cast<std::uint32_t>(payload.size()));
  frame += payload;
  put(frame, fnv1a_64(payload));
  write_all(descriptor_, frame, path_);  // one write per frame keeps a torn tail to the last frame
  unsynced_ = true;
  unsynced_runs_ += run_count;
  sync_if_due();
}

void JournalWriter::sync_if_due() {
  if (!unsynced_) return;
  if (unsynced_runs_ >= sync_runs || std::chrono::steady_clock::now() - last_sync_ >= sync_interval) sync();
}

void JournalWriter::sync() {
  if (unsynced_ && ::fsync(descriptor_) != 0) throw_system_error("cannot sync journal", path_);
  unsynced_ = false;
  unsynced_runs_ = 0;
  last_sync_ = std::chrono::steady_clock::now();
}

void JournalWriter::remove() {
  if (descriptor_ >= 0) ::close(descriptor_);
  descriptor_ = -1;
  std::filesystem::remove(path_);
}

}  // namespace bosim
