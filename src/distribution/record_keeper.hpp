// Record keeper: rank 0's store of finished runs — journaled for durability, counted for progress.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "campaign/run_record.hpp"
#include "distribution/journal.hpp"
#include "distribution/progress_reporter.hpp"

namespace bosim {

/// Every record that reaches rank 0 goes through keep(): appended to the journal first (so it
/// survives a kill), then kept in memory for the results file, then counted by the progress line.
/// Without a journal (none open) it only keeps and counts.
class RecordKeeper {
 public:
  RecordKeeper(std::optional<JournalWriter> journal, ProgressReporter& progress, std::vector<RunRecord> resumed);

  /// `serialized`, when given, is the records' Boost archive as received from a worker; the
  /// journal takes those bytes as they are.
  void keep(std::vector<RunRecord>&& records, std::string_view serialized = {});
  /// Periodic duties: fsync the journal when due.
  void tick();
  /// fsync the journal now (before a stop message or exit).
  void make_durable();
  /// Deletes the journal once the results file holds every record.
  void remove_journal();

  std::uint64_t done() const { return records_.size(); }
  std::uint64_t failed() const { return failed_; }
  std::vector<RunRecord>& records() { return records_; }

 private:
  std::optional<JournalWriter> journal_;
  ProgressReporter& progress_;
  std::vector<RunRecord> records_;
  std::uint64_t failed_ = 0;
};

}  // namespace bosim
