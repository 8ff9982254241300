#include "distribution/partial_results.hpp"

#include <unistd.h>

#include <filesystem>

#include "common/input_error.hpp"
#include "common/output_path.hpp"
#include "distribution/command_evaluation.hpp"
#include "distribution/journal.hpp"
#include "distribution/journal_runs.hpp"
#include "distribution/task_list.hpp"
#include "results/results_file.hpp"
#include "study/study.hpp"

namespace bosim {

namespace {

namespace fs = std::filesystem;

bool is_journal_name(const std::string& path) {
  return path.size() > journal_suffix.size() &&
         path.compare(path.size() - journal_suffix.size(), journal_suffix.size(), journal_suffix) == 0;
}

/// A new, empty, uniquely named file in the temporary folder ($TMPDIR or /tmp).
std::string create_temporary_results_path() {
  std::string path = (fs::temp_directory_path() / "bosim-partial-XXXXXX").string();
  const int descriptor = ::mkstemp(path.data());
  if (descriptor < 0) throw InputError("cannot create a temporary file in " + fs::temp_directory_path().string());
  ::close(descriptor);
  return path;
}

}  // namespace

SummarySource::SummarySource(const std::string& path) : results_path_(path) {
  if (!is_journal_name(path)) {
    const std::string journal = journal_path_for(path);
    if (!fs::exists(path) && fs::exists(journal))
      throw InputError(
          "no results file yet, but its study's journal exists (the study is running or was "
          "interrupted): `bosim summary " +
              journal + "` summarizes the runs finished so far",
          {path});
    return;  // the results reader reports a missing or bad file itself
  }
  const JournalHeader header = read_journal_header(path);
  if (header.inputs.empty()) throw InputError("the journal names no study file", {path});
  const std::string study_path = header.inputs.front().path;
  prepare_command_answers(study_path, path.substr(0, path.size() - journal_suffix.size()), UncachedCommand::run, true);
  const LoadedStudy loaded = load_study(study_path);
  check_journal_matches(header, loaded.study, header.total_tasks, header.shard, path);
  const JournalRunIndex index(path, TaskList(loaded.study, header.shard));
  runs_done_ = index.records();
  runs_total_ = header.total_tasks;
  journal_path_ = path;
  results_path_ = create_temporary_results_path();
  is_partial_ = true;
  try {
    JournalRuns runs(index);
    write_results_file(results_path_, loaded.study, *loaded.truth, runs, true);
  } catch (...) {
    std::error_code ignored;
    fs::remove(results_path_, ignored);
    throw;
  }
}

SummarySource::~SummarySource() {
  if (!is_partial_) return;
  std::error_code ignored;
  fs::remove(results_path_, ignored);
}

std::string SummarySource::note() const {
  if (!is_partial_) return "";
  return "partial results from " + journal_path_ + ": " + std::to_string(runs_done_) + " of " +
         std::to_string(runs_total_) + " runs finished";
}

}  // namespace bosim
