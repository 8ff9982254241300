// Partial results: the runs a running or interrupted study has journaled so far, as a results file `bosim summary`
// reads.
#pragma once

#include <cstdint>
#include <string>

namespace bosim {

/// The results file `bosim summary PATH` reads. For a results file that is PATH itself. For a
/// journal (OUTPUT.journal of a `bosim run` still running or interrupted) it is a temporary results
/// file written from the runs journaled so far (its /summary covers those runs only), deleted with
/// this object: the study file named in the journal is loaded and must be unchanged
/// (check_journal_matches), and the journal is only read, so a running study goes on undisturbed.
///
/// Throws InputError when PATH does not exist — saying so when OUTPUT.journal exists beside it, since
/// then the study is running or was interrupted — or when the journal cannot be read or no longer
/// matches its study.
class SummarySource {
 public:
  explicit SummarySource(const std::string& path);
  SummarySource(const SummarySource&) = delete;
  SummarySource& operator=(const SummarySource&) = delete;
  ~SummarySource();

  const std::string& results_path() const { return results_path_; }
  bool is_partial() const { return is_partial_; }
  std::uint64_t runs_done() const { return runs_done_; }
  std::uint64_t runs_total() const { return runs_total_; }
  /// For a journal: "partial results from JOURNAL: D of T runs finished"; "" for a results file.
  std::string note() const;

 private:
  std::string journal_path_;
  std::string results_path_;
  bool is_partial_ = false;
  std::uint64_t runs_done_ = 0;
  std::uint64_t runs_total_ = 0;
};

}  // namespace bosim
