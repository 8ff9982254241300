#include "distribution/study_runner.hpp"

#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <optional>
#include <set>
#include <utility>

#include "common/input_error.hpp"
#include "common/output_path.hpp"
#include "distribution/coordinator.hpp"
#include "distribution/journal.hpp"
#include "distribution/mpi_session.hpp"
#include "distribution/remote_worker.hpp"
#include "distribution/resume_command.hpp"
#include "distribution/stop_signal.hpp"
#include "results/results_file.hpp"
#include "results/results_merge.hpp"

namespace bosim {

namespace {

/// What rank 0 checks before any rank computes: the study, the output and the journal.
struct PreparedRun {
  LoadedStudy loaded;
  std::vector<Task> tasks;
  std::string journal_path;
  std::optional<JournalContents> resumed;  ///< set with --resume; its records deduplicated
  std::deque<Task> pending;                ///< tasks without a record yet
  /// --resume found a complete journal and a results file written after it: a kill struck between
  /// writing the results and deleting the journal, so only the journal is left to delete.
  bool results_already_written = false;
};

/// Keeps one record per task (the first when a task appears twice) and returns the tasks still to run.
std::deque<Task> split_resumed(const std::vector<Task>& tasks, std::vector<RunRecord>& records) {
  std::set<std::pair<std::uint32_t, std::uint32_t>> wanted;
  for (const Task& task : tasks) wanted.emplace(task.config_id, task.repeat);
  std::vector<RunRecord> kept;
  for (RunRecord& record : records)
    if (wanted.erase({record.config_id, record.repeat}) > 0) kept.push_back(std::move(record));
  records = std::move(kept);
  std::deque<Task> pending;
  for (const Task& task : tasks)
    if (wanted.count({task.config_id, task.repeat}) > 0) pending.push_back(task);
  return pending;
}

PreparedRun prepare(const RunRequest& request) {
  namespace fs = std::filesystem;
  PreparedRun run{load_study(request.study_path), {}, journal_path_for(request.output_path), std::nullopt, {}, false};
  run.tasks = expand_tasks(run.loaded.study);
  if (request.shard) run.tasks = select_shard(run.tasks, *request.shard);
  if (request.resume) {
    run.resumed = read_journal(run.journal_path);
    check_journal_matches(run.resumed->header, run.loaded.study, run.tasks.size(), request.shard, run.journal_path);
    check_journal_not_in_use(run.journal_path);
    run.pending = split_resumed(run.tasks, run.resumed->records);
    run.results_already_written =
        run.pending.empty() && !request.force &&
        results_file_written_for(request.output_path, run.loaded.study, request.shard ? request.shard->index : 0,
                                 request.shard ? request.shard->count : 0);
    if (run.results_already_written) return run;
  } else {
    run.pending.assign(run.tasks.begin(), run.tasks.end());
    if (fs::exists(run.journal_path)) {
      if (!request.force)
        throw InputError(
            "an interrupted run of this study left this journal; pass --resume to continue it, or --force "
            "to discard it and start again",
            {run.journal_path});
      check_journal_not_in_use(run.journal_path);
    }
  }
  check_output_path(request.output_path, request.force, run.loaded.study.input_paths());
  return run;
}

/// The hashes of a study's inputs in one string: ranks compare it to be sure they read the same files.
std::string inputs_fingerprint(const Study& study) {
  std::string fingerprint;
  for (const InputFile& input : study.inputs) fingerprint += input.path + "=" + input.hash + "\n";
  return fingerprint;
}

/// Rank 0 tells every rank whether to go on (go_on) or to exit with the given exit code.
constexpr int go_on = -1;
int broadcast_decision(int decision) {
  MPI_Bcast(&decision, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return decision;
}

std::vector<std::string> bosim_arguments(const RunRequest& request) {
  std::vector<std::string> arguments{"bosim", "run", request.study_path, "-o", request.output_path};
  if (request.force) arguments.push_back("--force");
  if (request.quiet) arguments.push_back("--quiet");
  if (request.shard) {
    arguments.push_back("--shard");
    arguments.push_back(std::to_string(request.shard->index) + "/" + std::to_string(request.shard->count));
  }
  if (request.grace_seconds != 30.0) {
    arguments.push_back("--grace-seconds");
    arguments.push_back(std::to_string(request.grace_seconds));
  }
  return arguments;
}

int run_as_master(const RunRequest& request, const MpiSession* mpi) {
  PreparedRun prepared;
  try {
    prepared = prepare(request);
  } catch (const InputError&) {
    if (mpi) broadcast_decision(exit_code::bad_input);
    throw;  // main prints it, once
  } catch (const std::exception&) {
    if (mpi) broadcast_decision(exit_code::internal_error);
    throw;
  }
  const LoadedStudy& loaded = prepared.loaded;
  if (prepared.results_already_written) {
    std::uint64_t failed = 0;
    for (const RunRecord& record : prepared.resumed->records) failed += record.status == RunStatus::failed ? 1 : 0;
    const int code = failed > 0 ? exit_code::runs_failed : exit_code::success;
    if (mpi) broadcast_decision(code);
    std::filesystem::remove(prepared.journal_path);
    std::fprintf(stderr, "bosim: %s already holds every run (stopped while deleting the journal); deleted %s\n",
                 request.output_path.c_str(), prepared.journal_path.c_str());
    return code;
  }
  const int ranks = mpi ? mpi->size() : 1;
  if (mpi) {
    broadcast_decision(go_on);
    std::string study_path = request.study_path;
    std::string fingerprint = inputs_fingerprint(loaded.study);
    broadcast_text(study_path, 0);
    broadcast_text(fingerprint, 0);
    // Every rank loads the study itself (they share only the input files); any failure stops all, once.
    std::string problems;
    for (int rank = 1; rank < ranks; ++rank) {
      const Message status = receive_when_ready(rank, message_tag::load_status);
      if (!status.bytes.empty()) problems += "\n  rank " + std::to_string(rank) + ": " + status.bytes;
    }
    if (broadcast_decision(problems.empty() ? go_on : exit_code::bad_input) != go_on)
      throw InputError("some ranks cannot load the study:" + problems, {request.study_path});
  }

  std::vector<RunRecord> resumed;
  std::optional<JournalWriter> journal;
  std::deque<Task> pending = std::move(prepared.pending);
  if (prepared.resumed) {
    resumed = std::move(prepared.resumed->records);
    journal.emplace(JournalWriter::reopen(prepared.journal_path, prepared.resumed->valid_bytes));
  } else {
    journal.emplace(
        JournalWriter::create(prepared.journal_path, {prepared.tasks.size(), loaded.study.inputs, request.shard}));
  }
  if (!request.quiet) {
    std::fprintf(stderr, "bosim: study '%s': %zu configurations x %u repeats = %llu runs on %s, %d rank%s\n",
                 loaded.study.name.c_str(), loaded.study.configurations.size(), loaded.study.repeats,
                 static_cast<unsigned long long>(loaded.study.total_runs()), loaded.truth->describe().c_str(), ranks,
                 ranks == 1 ? "" : "s");
    if (request.shard)
      std::fprintf(stderr, "bosim: shard %u/%u: %zu of these runs\n", request.shard->index, request.shard->count,
                   prepared.tasks.size());
    if (prepared.resumed) {
      std::fprintf(stderr, "bosim: resuming: %zu runs done, %zu to go%s\n", resumed.size(), pending.size(),
                   describe_dropped_bytes(*prepared.resumed).c_str());
    }
  }

  ProgressReporter progress(prepared.tasks.size(), resumed.size(), request.quiet ? nullptr : stderr);
  RecordKeeper keeper(std::move(journal), progress, std::move(resumed));
  Coordinator coordinator(loaded, std::move(pending), ranks - 1, keeper);
  CoordinatorOutcome outcome;
  try {
    outcome = coordinator.run(std::chrono::duration<double>(request.grace_seconds));
  } catch (const std::exception& error) {
    if (!mpi) throw;
    std::fprintf(stderr, "bosim: internal error: %s\n", error.what());
    MpiSession::abort_all(exit_code::internal_error);  // workers are mid-protocol: end them all
  }
  progress.finish();

  if (outcome != CoordinatorOutcome::completed) {
    std::fprintf(stderr, "bosim: stopped with %llu of %zu runs saved in %s\nbosim: to resume: %s\n",
                 static_cast<unsigned long long>(keeper.done()), prepared.tasks.size(), prepared.journal_path.c_str(),
                 resume_command(bosim_arguments(request)).c_str());
    if (outcome == CoordinatorOutcome::abandoned) {
      std::fprintf(stderr, "bosim: runs still in progress after %.0f s were abandoned\n", request.grace_seconds);
      std::fflush(stderr);
      if (mpi) MpiSession::abort_all(exit_code::interrupted);
      std::_Exit(exit_code::interrupted);  // the compute thread is inside a run; do not wait for it
    }
    return exit_code::interrupted;
  }

  try {
    if (request.shard)
      write_shard_results_file(request.output_path, loaded.study, *loaded.truth, std::move(keeper.records()),
                               request.force, {request.shard->index, request.shard->count, loaded.study.total_runs()});
    else
      write_results_file(request.output_path, loaded.study, *loaded.truth, std::move(keeper.records()), request.force);
  } catch (const InputError&) {
    coordinator.release_workers(exit_code::bad_input);
    throw;
  } catch (const std::exception&) {
    coordinator.release_workers(exit_code::internal_error);
    throw;
  }
  keeper.remove_journal();
  const int code = keeper.failed() > 0 ? exit_code::runs_failed : exit_code::success;
  coordinator.release_workers(code);
  if (!request.quiet) std::fprintf(stderr, "bosim: wrote %s\n", request.output_path.c_str());
  if (keeper.failed() > 0)
    std::fprintf(stderr, "bosim: %llu runs failed; see `bosim summary %s`\n",
                 static_cast<unsigned long long>(keeper.failed()), request.output_path.c_str());
  return code;
}

int run_as_worker_rank(const MpiSession& mpi) {
  if (const int decision = broadcast_decision(go_on); decision != go_on) return decision;
  std::string study_path, fingerprint;
  broadcast_text(study_path, mpi.rank());
  broadcast_text(fingerprint, mpi.rank());
  std::optional<LoadedStudy> loaded;
  std::string status;
  try {
    loaded = load_study(study_path);
    if (inputs_fingerprint(loaded->study) != fingerprint)
      status = "its input files differ from rank 0's (" + inputs_fingerprint(loaded->study) + ")";
  } catch (const std::exception& error) {
    status = error.what();
  }
  send_message(0, message_tag::load_status, status);
  if (const int decision = broadcast_decision(go_on); decision != go_on) return decision;
  try {
    return serve_as_worker(*loaded);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bosim: rank %d: internal error: %s\n", mpi.rank(), error.what());
    MpiSession::abort_all(exit_code::internal_error);
  }
}

}  // namespace

int run_study(const RunRequest& request) {
  install_stop_signal_handlers();
  if (!launched_by_mpi_launcher()) return run_as_master(request, nullptr);
  MpiSession mpi;
  return mpi.rank() == 0 ? run_as_master(request, &mpi) : run_as_worker_rank(mpi);
}

}  // namespace bosim
