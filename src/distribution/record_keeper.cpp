#include "distribution/record_keeper.hpp"

namespace bosim {

RecordKeeper::RecordKeeper(JournalWriter journal, ProgressReporter& progress, std::uint64_t resumed_done,
                           std::uint64_t resumed_failed)
    : journal_(std::move(journal)), progress_(progress), done_(resumed_done), failed_(resumed_failed) {
  progress_.advance(0, failed_);
}

void RecordKeeper::keep(std::vector<RunRecord>&& records, std::string_view serialized) {
  if (records.empty()) return;
  if (serialized.empty())
    journal_->append(records);
  else
    journal_->append_serialized(serialized, records.size());
  std::uint64_t failed = 0;
  for (const RunRecord& record : records) failed += record.status == RunStatus::failed ? 1 : 0;
  done_ += records.size();
  failed_ += failed;
  progress_.advance(records.size(), failed);
}

void RecordKeeper::tick() {
  if (journal_) journal_->sync_if_due();
}

void RecordKeeper::make_durable() {
  if (journal_) journal_->sync();
}

void RecordKeeper::remove_journal() {
  if (journal_) journal_->remove();
  journal_.reset();
}

}  // namespace bosim
