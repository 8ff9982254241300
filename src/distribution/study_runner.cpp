#include "distribution/study_runner.hpp"

#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <utility>

#include "common/input_error.hpp"
#include "common/output_path.hpp"
#include "distribution/command_evaluation.hpp"
#include "distribution/coordinator.hpp"
#include "distribution/journal.hpp"
#include "distribution/journal_runs.hpp"
#include "distribution/mpi_session.hpp"
#include "distribution/pending_tasks.hpp"
#include "distribution/remote_worker.hpp"
#include "distribution/resume_command.hpp"
#include "distribution/stop_signal.hpp"
#include "results/racing_group.hpp"
#include "results/results_file.hpp"
#include "results/results_merge.hpp"

namespace bosim {

namespace {

/// What --resume found in the journal (the records themselves stay in it).
struct ResumedJournal {
  std::uint64_t valid_bytes = 0;  ///< up to the end of its last intact frame: the torn tail is cut there
  std::uint64_t done = 0;         ///< tasks with a record (failed ones included unless --retry-failed)
  std::uint64_t failed = 0;
  std::string dropped;  ///< describe_dropped_bytes
};

/// What rank 0 checks before any rank computes: the study, the output and the journal.
struct PreparedRun {
  LoadedStudy loaded;
  TaskList tasks;
  std::string journal_path;
  std::optional<ResumedJournal> resumed;  ///< set with --resume
  /// With --resume: which tasks the journal holds, read by `pending` as it hands them out.
  std::unique_ptr<JournalRunIndex> resumed_index;
  PendingTasks pending;  ///< tasks without a record yet
  /// --resume found a complete journal and a results file written after it: a kill struck between
  /// writing the results and deleting the journal, so only the journal is left to delete.
  bool results_already_written = false;
  /// A raced study's rounds ([racing]); `pending` then holds the current round's runs only.
  std::optional<RaceScheduler> race;
};

/// Racing: the current round's runs still to do.
PendingTasks race_round_tasks(RaceScheduler& race) {
  std::vector<Task> round;
  for (const RaceRun& race_run : race.next_runs()) round.push_back({race_run.config_id, race_run.repeat});
  PendingTasks pending;
  pending.append(round);
  return pending;
}

/// Racing: the resumed records replayed into the scheduler from the journal, a block at a time (the rounds they
/// complete are decided again, alike).
void replay_into_race(const JournalRunIndex& index, RaceScheduler& race) {
  constexpr std::uint64_t block_size = 1024;
  JournalRuns runs(index);
  std::vector<RunRecord> block;
  for (std::uint64_t left = runs.size(); left > 0; left -= block.size()) {
    runs.next(static_cast<std::size_t>(std::min(left, block_size)), block);
    for (const RunRecord& record : block) race.observe(record);
  }
}

/// Text of the refusal of --shard for a raced study.
const char* const shard_with_racing_problem =
    "--shard cannot split a raced study: each round's eliminations need every setting's runs of that round; run it "
    "as one job over MPI ranks (bosim run under mpirun/srun, or bosim submit without --array), or remove [racing]";

/// Reads the journal to resume: what it holds (one record per task, keep_one_record_per_run's rule) and
/// the tasks still to run into `run` (for a raced study: the current round's). With `retry_failed`, failed runs
/// count as not run, so they run again.
void resume_from_journal(const RunRequest& request, PreparedRun& run) {
  run.resumed_index = std::make_unique<JournalRunIndex>(run.journal_path, run.tasks);
  JournalRunIndex& index = *run.resumed_index;
  check_journal_matches(index.scan().header, run.loaded.study, run.tasks.size(), request.shard, run.journal_path);
  check_journal_not_in_use(run.journal_path);
  if (request.retry_failed) index.forget_failed();
  run.resumed = ResumedJournal{index.scan().valid_bytes, index.records(), index.failed_records(),
                               describe_dropped_bytes(index.scan())};
  if (run.loaded.study.racing) {
    run.race.emplace(run.loaded.study);
    replay_into_race(index, *run.race);
    run.pending = race_round_tasks(*run.race);
    return;
  }
  run.pending = PendingTasks(run.tasks, &index);
}

PreparedRun prepare(const RunRequest& request) {
  namespace fs = std::filesystem;
  PreparedRun run{load_study(request.study_path),
                  {},
                  journal_path_for(request.output_path),
                  std::nullopt,
                  nullptr,
                  {},
                  false,
                  std::nullopt};
  check_output_location(request.output_path);  // before any use of the journal's name beside it
  if (request.shard && run.loaded.study.racing) throw InputError(shard_with_racing_problem, {request.study_path});
  run.tasks = TaskList(run.loaded.study, request.shard);
  if (request.resume) {
    resume_from_journal(request, run);
    run.results_already_written =
        run.pending.empty() && !request.force &&
        results_file_written_for(request.output_path, run.loaded.study, request.shard ? request.shard->index : 0,
                                 request.shard ? request.shard->count : 0);
    if (run.results_already_written) return run;
  } else {
    if (run.loaded.study.racing) {
      run.race.emplace(run.loaded.study);
      run.pending = race_round_tasks(*run.race);
    } else {
      run.pending = PendingTasks(run.tasks);
    }
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
  if (request.retry_failed) arguments.push_back("--retry-failed");
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

// ---- rank 0, phase by phase: prepare, handshake, journal, run, finish --------------------------
// Until the last decision of the handshake, a failure reaches the other ranks as that decision (they
// exit with its code); after it, the workers are in their serve loop and are released by the
// coordinator (stop with the exit code) or, when rank 0 cannot go on talking to them, by MPI_Abort.

/// Thrown when a failure before the run has been printed and sent to the other ranks as their decision:
/// run_as_master returns its exit code.
struct RanksStopped {
  int exit_code;
};

/// Called in a catch block for `error`. Without MPI, rethrows it (main prints it, once). Under MPI, prints it,
/// then tells the other ranks to exit with its exit code, and throws RanksStopped: printed first, because
/// mpirun may end this rank as soon as another one exits with a nonzero code.
[[noreturn]] void stop_ranks(const std::exception& error, const MpiSession* mpi) {
  if (!mpi) throw;
  const int code = report_error(error);
  broadcast_decision(code);
  throw RanksStopped{code};
}

/// Phase 1: the study, the tasks, the journal to resume and the output location, checked before
/// any rank computes; a failure is broadcast as the first decision.
PreparedRun prepare_or_stop_ranks(const RunRequest& request, const MpiSession* mpi) {
  try {
    return prepare(request);
  } catch (const std::exception& error) {
    stop_ranks(error, mpi);
  }
}

/// --resume after a kill that struck between writing the results and deleting the journal.
int finish_already_written(const RunRequest& request, const PreparedRun& prepared, const MpiSession* mpi) {
  const int code = prepared.resumed->failed > 0 ? exit_code::runs_failed : exit_code::success;
  if (mpi) broadcast_decision(code);
  std::filesystem::remove(prepared.journal_path);
  std::fprintf(stderr, "bosim: %s already holds every run (stopped while deleting the journal); deleted %s\n",
               request.output_path.c_str(), prepared.journal_path.c_str());
  return code;
}

/// Phase 2 (MPI): every rank loads the study itself (they share only the input files) and reports
/// whether it could, and whether its inputs hash like rank 0's; returns the problems ("" when none).
std::string gather_load_problems(const RunRequest& request, const Study& study, int ranks) {
  broadcast_decision(go_on);
  std::string study_path = request.study_path;
  std::string fingerprint = inputs_fingerprint(study);
  broadcast_text(study_path, 0);
  broadcast_text(fingerprint, 0);
  std::string problems;
  for (int rank = 1; rank < ranks; ++rank) {
    const Message status = receive_when_ready(rank, message_tag::load_status);
    if (!status.bytes.empty()) problems += "\n  rank " + std::to_string(rank) + ": " + status.bytes;
  }
  return problems;
}

/// Phase 3: a fresh journal, or the resumed one without its torn tail.
JournalWriter open_journal(const RunRequest& request, const PreparedRun& prepared) {
  if (prepared.resumed) return JournalWriter::reopen(prepared.journal_path, prepared.resumed->valid_bytes);
  return JournalWriter::create(prepared.journal_path,
                               {prepared.tasks.size(), prepared.loaded.study.inputs, request.shard});
}

/// Phases 2 and 3: the handshake with the other ranks and the journal, which is opened before the
/// final decision so that a failure to write it (a full disk, a read-only folder) still ends every
/// rank at once with exit code 2.
JournalWriter handshake_and_journal(const RunRequest& request, const PreparedRun& prepared, const MpiSession* mpi) {
  if (!mpi) return open_journal(request, prepared);
  const std::string problems = gather_load_problems(request, prepared.loaded.study, mpi->size());
  try {
    if (!problems.empty()) throw InputError("some ranks cannot load the study:" + problems, {request.study_path});
    JournalWriter journal = open_journal(request, prepared);
    broadcast_decision(go_on);
    return journal;
  } catch (const std::exception& error) {
    stop_ranks(error, mpi);
  }
}

void print_start(const RunRequest& request, const PreparedRun& prepared, int ranks) {
  if (request.quiet) return;
  const Study& study = prepared.loaded.study;
  std::fprintf(stderr, "bosim: study '%s': %zu configurations x %u repeats = %llu runs on %s, %d rank%s\n",
               study.name.c_str(), study.configurations.size(), study.repeats,
               static_cast<unsigned long long>(study.total_runs()), prepared.loaded.truth->describe().c_str(), ranks,
               ranks == 1 ? "" : "s");
  if (study.racing)
    std::fprintf(stderr,
                 "bosim: racing: %u repeats per setting first, then %u per round while settings are still in "
                 "contention; the runs above are the worst case\n",
                 study.racing->first_round, study.racing->round);
  if (request.shard)
    std::fprintf(stderr, "bosim: shard %u/%u: %llu of these runs\n", request.shard->index, request.shard->count,
                 static_cast<unsigned long long>(prepared.tasks.size()));
  if (prepared.resumed) {
    std::fprintf(stderr, "bosim: resuming: %llu runs done, %llu to go%s\n",
                 static_cast<unsigned long long>(prepared.resumed->done),
                 static_cast<unsigned long long>(prepared.pending.size()), prepared.resumed->dropped.c_str());
  }
}

/// After a signal: where the runs are and the command that resumes them; exit 75.
int report_stop(const RunRequest& request, const PreparedRun& prepared, const RecordKeeper& keeper,
                CoordinatorOutcome outcome, const MpiSession* mpi) {
  std::fprintf(stderr, "bosim: stopped with %llu of %llu runs saved in %s\nbosim: to resume: %s\n",
               static_cast<unsigned long long>(keeper.done()), static_cast<unsigned long long>(prepared.tasks.size()),
               prepared.journal_path.c_str(), resume_command(bosim_arguments(request)).c_str());
  if (outcome == CoordinatorOutcome::abandoned) {
    std::fprintf(stderr, "bosim: runs still in progress after %.0f s were abandoned\n", request.grace_seconds);
    std::fflush(stderr);
    if (mpi) MpiSession::abort_all(exit_code::interrupted);
    std::_Exit(exit_code::interrupted);  // the compute thread is inside a run; do not wait for it
  }
  return exit_code::interrupted;
}

/// Racing: rounds and runs spent, and the share of rank time spent idle at round boundaries.
void print_race(const RaceReport& report, const Coordinator& coordinator, double wall_seconds, int ranks) {
  std::uint64_t runs = 0;
  for (const RacedConfiguration& raced : report.configurations) runs += raced.repeats;
  const double idle_share = wall_seconds > 0.0 ? coordinator.round_boundary_idle_seconds() / (wall_seconds * ranks) : 0;
  std::fprintf(stderr,
               "bosim: race: %zu rounds, %llu of %llu runs (%.1f %% of the study without racing); ranks idle at "
               "round boundaries %.1f %% of %.1f rank-seconds\n",
               report.rounds.size(), static_cast<unsigned long long>(runs),
               static_cast<unsigned long long>(report.full_runs),
               100.0 * static_cast<double>(runs) / static_cast<double>(std::max<std::uint64_t>(report.full_runs, 1)),
               100.0 * idle_share, wall_seconds * ranks);
}

/// The results file from the journal: every task's record read back from it in (config_id, repeat)
/// order, a block at a time, so rank 0 never holds the study's records (docs/distribution.md).
void write_results_from_journal(const RunRequest& request, const PreparedRun& prepared) {
  const LoadedStudy& loaded = prepared.loaded;
  const JournalRunIndex index(prepared.journal_path, prepared.tasks);
  // A raced study ran the repeats its race gave each setting; any other study every task.
  std::uint64_t expected = prepared.tasks.size();
  if (prepared.race) {
    expected = 0;
    for (const RacedConfiguration& raced : prepared.race->report().configurations) expected += raced.repeats;
  }
  if (index.records() != expected)
    throw std::logic_error("the journal holds " + std::to_string(index.records()) + " of " + std::to_string(expected) +
                           " runs at the end of the study");
  JournalRuns runs(index);
  if (request.shard)
    write_shard_results_file(request.output_path, loaded.study, *loaded.truth, runs, request.force,
                             {request.shard->index, request.shard->count, loaded.study.total_runs()});
  else if (prepared.race)
    write_results_file(request.output_path, loaded.study, *loaded.truth, runs, request.force,
                       [report = prepared.race->report()](hid_t file) { write_racing_group(file, report); });
  else
    write_results_file(request.output_path, loaded.study, *loaded.truth, runs, request.force);
}

/// Phase 5: the results file, then the journal's deletion; the waiting workers are released with
/// the study's exit code, also when the file cannot be written (then the journal stays for --resume).
int finish(const RunRequest& request, const PreparedRun& prepared, RecordKeeper& keeper, Coordinator& coordinator) {
  try {
    keeper.make_durable();
    write_results_from_journal(request, prepared);
  } catch (const std::exception& error) {
    const int code = report_error(error);
    coordinator.release_workers(code);
    std::fprintf(stderr, "bosim: the finished runs are kept in %s; to write the results once fixed: %s\n",
                 prepared.journal_path.c_str(), resume_command(bosim_arguments(request)).c_str());
    return code;
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

/// Phases 4 and 5: the master loop and the results. Throws only before the workers are released.
int run_and_finish(const RunRequest& request, PreparedRun& prepared, JournalWriter journal, const MpiSession* mpi) {
  const int ranks = mpi ? mpi->size() : 1;
  const ResumedJournal resumed = prepared.resumed.value_or(ResumedJournal{});
  ProgressReporter progress(prepared.tasks.size(), resumed.done, request.quiet ? nullptr : stderr);
  if (prepared.race) progress.set_total(prepared.race->worst_case_runs(), !prepared.race->over());
  RecordKeeper keeper(std::move(journal), progress, resumed.done, resumed.failed);
  Coordinator coordinator(prepared.loaded, std::move(prepared.pending), ranks - 1, keeper,
                          prepared.race ? &*prepared.race : nullptr);
  const auto start = std::chrono::steady_clock::now();
  const CoordinatorOutcome outcome = coordinator.run(std::chrono::duration<double>(request.grace_seconds));
  progress.finish();
  if (prepared.race && outcome == CoordinatorOutcome::completed && !request.quiet)
    print_race(prepared.race->report(), coordinator,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), ranks);
  if (outcome != CoordinatorOutcome::completed) return report_stop(request, prepared, keeper, outcome, mpi);
  return finish(request, prepared, keeper, coordinator);
}

int run_as_master(const RunRequest& request, const MpiSession* mpi) {
  std::optional<PreparedRun> prepared_or_none;
  std::optional<JournalWriter> journal_or_none;
  try {
    prepared_or_none.emplace(prepare_or_stop_ranks(request, mpi));
    if (prepared_or_none->results_already_written) return finish_already_written(request, *prepared_or_none, mpi);
    journal_or_none.emplace(handshake_and_journal(request, *prepared_or_none, mpi));
  } catch (const RanksStopped& stopped) {
    return stopped.exit_code;
  }
  PreparedRun& prepared = *prepared_or_none;
  print_start(request, prepared, mpi ? mpi->size() : 1);
  try {
    return run_and_finish(request, prepared, std::move(*journal_or_none), mpi);
  } catch (const std::exception& error) {
    // The workers are mid-protocol (a journal write failed, say): report once and end them all.
    const int code = report_error(error);
    std::fflush(stderr);
    if (mpi) MpiSession::abort_all(code);
    return code;
  }
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

std::string grace_seconds_problem(double seconds) {
  if (seconds >= 0.0 && seconds <= max_grace_seconds) return "";
  return "--grace-seconds must be a number of seconds from 0 to " +
         std::to_string(static_cast<long>(max_grace_seconds));
}

int run_study(const RunRequest& request) {
  install_stop_signal_handlers();
  if (!launched_by_mpi_launcher()) {
    evaluate_command_truth(request, nullptr);
    return run_as_master(request, nullptr);
  }
  MpiSession mpi;
  if (const int code = evaluate_command_truth(request, &mpi); code >= 0) return code;
  return mpi.rank() == 0 ? run_as_master(request, &mpi) : run_as_worker_rank(mpi);
}

}  // namespace bosim
