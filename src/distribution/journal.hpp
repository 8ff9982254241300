// Journal: the append-only file beside the output that makes finished runs durable and a study resumable.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "campaign/run_record.hpp"
#include "common/version.hpp"
#include "distribution/shard.hpp"
#include "study/study.hpp"

namespace bosim {

/// File layout (native byte order; the journal is read back by the same build on the same machine type):
///   header  "BOSIMJNL", uint32 format version, uint32 length + build_identity() of the writer,
///           uint64 total task count, uint32 shard index, uint32 shard count (0, 0 without --shard),
///           uint32 input count, per input: uint32 length + path, uint32 length + hash (Study::inputs),
///           uint64 FNV-1a of the header bytes before it
///   frames  "BOSIMFRM", uint32 payload length, payload = binary archive of std::vector<RunRecord>,
///           uint64 FNV-1a of the payload
/// The header is written to a temporary file, fsync'd and renamed, so a journal either has a whole
/// header or does not exist. A kill while appending leaves a short or mismatching last frame: the
/// torn tail, which read_journal detects and JournalWriter::reopen truncates. Damage anywhere else (a
/// disk or copy error: bosim only ever appends) is skipped: the reader looks for the next "BOSIMFRM"
/// whose frame passes its checksum and goes on from there, so valid later frames are kept; the runs of
/// the damaged frames are computed again.
struct JournalHeader {
  std::uint64_t total_tasks = 0;
  std::vector<InputFile> inputs;
  std::optional<Shard> shard = std::nullopt;  ///< the --shard k/K of the run that wrote it
  std::string build = build_identity();       ///< bosim version, source revision and instruction set of the writer
};

inline constexpr std::uint32_t journal_format_version = 3;

/// The journal of an output file: OUTPUT.journal. Throws InputError for an empty output name.
std::string journal_path_for(const std::string& output_path);

/// What reading a journal found besides its records.
struct JournalScan {
  JournalHeader header;
  std::uint64_t valid_bytes = 0;  ///< up to the end of the last intact frame
  std::uint64_t file_bytes = 0;   ///< file size; more than valid_bytes when the tail is torn
  /// Bytes between intact frames that belong to no intact frame (damage in the middle of the journal),
  /// and the number of such stretches. They stay in the file and are skipped again by a later read.
  std::uint64_t damaged_bytes = 0;
  std::uint64_t damaged_stretches = 0;
};

struct JournalContents : JournalScan {
  std::vector<RunRecord> records;  ///< from every intact frame, in the order appended
};

/// Called with the offset of every intact frame and its records, in file order.
using JournalFrameVisitor = std::function<void(std::uint64_t frame_offset, std::vector<RunRecord>& records)>;

/// Reads a journal frame by frame without holding it: the file is mapped and the pages behind the
/// reading position released, so memory stays bounded by one frame whatever the journal's size. Throws
/// InputError when the file is missing, not a journal, or has a damaged header.
JournalScan scan_journal(const std::string& path, const JournalFrameVisitor& visit);

/// Reads only the header of a journal; throws as scan_journal does.
JournalHeader read_journal_header(const std::string& path);

/// Reads a journal whole (scan_journal keeping every record); for journals that fit in memory.
JournalContents read_journal(const std::string& path);

/// The records of the intact frame at `frame_offset` of the journal open as `descriptor` (an offset
/// scan_journal reported); throws InputError when it is no longer intact.
std::vector<RunRecord> read_journal_frame(const std::string& path, int descriptor, std::uint64_t frame_offset);

/// Keeps one record per run (config_id, repeat): the first that succeeded, else the first, in the
/// order of first appearance. A journal holds a run twice when a resumed study re-ran it
/// (--retry-failed, or a frame sent twice); a run is a pure function of its seeds, so which
/// successful copy is kept does not matter.
void keep_one_record_per_run(std::vector<RunRecord>& records);

/// What reading dropped, for the "resuming" line: "" when nothing, else e.g. " (dropped a torn journal
/// tail of 812 bytes; skipped 2 damaged stretches of 4096 bytes in the middle, whose runs are run again)".
std::string describe_dropped_bytes(const JournalScan& contents);

/// Throws InputError (naming the changed file and both hashes, both builds or both shards) unless the
/// journal was written for a study with the same inputs and task count, for the same shard, by the same
/// build: resuming must not mix results of two studies, nor of two builds whose floating-point results can
/// differ, nor drop the runs of another shard.
void check_journal_matches(const JournalHeader& header, const Study& study, std::uint64_t total_tasks,
                           const std::optional<Shard>& shard, const std::string& journal_path);

/// Throws InputError when another process holds the journal's lock (a bosim run still writing it).
void check_journal_not_in_use(const std::string& path);

/// Appends frames and makes them durable. Holds an exclusive flock on the file while open, so two
/// runs never write one journal. write() hands each frame to the kernel at once (a killed process
/// loses nothing appended); fsync follows at least every `sync_interval` or `sync_runs` runs.
class JournalWriter {
 public:
  /// Writes a fresh journal (replacing any file at `path`) with `header`, durably, and opens it.
  static JournalWriter create(const std::string& path, const JournalHeader& header);
  /// Opens an existing journal for appending after truncating it to `valid_bytes` (drops a torn tail).
  static JournalWriter reopen(const std::string& path, std::uint64_t valid_bytes);

  JournalWriter(JournalWriter&& other) noexcept;
  JournalWriter& operator=(JournalWriter&&) = delete;
  JournalWriter(const JournalWriter&) = delete;
  ~JournalWriter();

  void append(const std::vector<RunRecord>& records);
  /// Appends a frame whose payload is already a serialized vector<RunRecord> of run_count
  /// records (a worker's message, as received): rank 0 journals it without serializing again.
  void append_serialized(std::string_view payload, std::size_t run_count);
  /// fsync when runs are unsynced and an interval or run count is due.
  void sync_if_due();
  /// fsync now if anything is unsynced.
  void sync();
  /// Closes and deletes the journal (after the results file is written).
  void remove();

  std::chrono::duration<double> sync_interval{2.0};
  std::uint64_t sync_runs = 1000;

 private:
  JournalWriter(std::string path, int descriptor);

  std::string path_;
  int descriptor_;
  std::uint64_t unsynced_runs_ = 0;
  bool unsynced_ = false;
  std::chrono::steady_clock::time_point last_sync_;
};

}  // namespace bosim
