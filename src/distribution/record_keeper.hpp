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

/// Every record that reaches rank 0 goes through keep(): appended to the journal (so it survives a
/// kill), then counted by the progress line. Records are not kept in memory: the results file is
/// written from the journal at the end (JournalRuns), so rank 0's memory does not grow with the runs.
class RecordKeeper {
 public:
  /// `resumed_done` and `resumed_failed`: the runs the journal already holds (--resume).
  RecordKeeper(JournalWriter journal, ProgressReporter& progress, std::uint64_t resumed_done,
               std::uint64_t resumed_failed);

  /// `serialized`, when given, is the records' Boost archive as received from a worker; the
  /// journal takes those bytes as they are.
  void keep(std::vector<RunRecord>&& records, std::string_view serialized = {});
  /// Periodic duties: fsync the journal when due.
  void tick();
  /// fsync the journal now (before a stop message or exit).
  void make_durable();
  /// Deletes the journal once the results file holds every record.
  void remove_journal();

  std::uint64_t done() const { return done_; }
  ProgressReporter& progress() { return progress_; }
  std::uint64_t failed() const { return failed_; }

 private:
  std::optional<JournalWriter> journal_;
  ProgressReporter& progress_;
  std::uint64_t done_ = 0;
  std::uint64_t failed_ = 0;
};

}  // namespace bosim
