// Command evaluation: rank 0's plan (cache, output and journal checks), the chunk hand-out over ranks, and the
// broadcast of the joined answers.
#include "distribution/command_evaluation.hpp"

#include <mpi.h>

#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>

#include "common/file_hash.hpp"
#include "common/input_error.hpp"
#include "common/output_path.hpp"
#include "distribution/journal.hpp"
#include "study/study_file.hpp"

namespace bosim {
namespace {

/// What rank 0 tells the workers first.
namespace decision {
const std::string nothing = "";  ///< not a command truth: go on
const std::string fail = "E";    ///< rank 0 found an input error: exit 2
const std::string cached = "R";  ///< the answers are cached: wait for them
const char evaluate = 'X';       ///< followed by the key: take part in the evaluation
}  // namespace decision

/// "bosim: model.py: 120 of 666 designs evaluated (18%), 4.2 s" on stderr: the progress line of an evaluation
/// over MPI ranks and of one on this process alike.
void print_evaluation_progress(const CommandJob& job, Eigen::Index done, std::chrono::duration<double> elapsed) {
  std::fprintf(stderr, "bosim: %s: %lld of %lld designs evaluated (%.0f%%), %.1f s\n", job.input_name().c_str(),
               static_cast<long long>(done), static_cast<long long>(job.size()),
               100.0 * static_cast<double>(done) / static_cast<double>(job.size()), elapsed.count());
}

struct Plan {
  std::optional<CommandJob> job;
  std::optional<std::string> cached;  ///< the joined answers from the cache file
};

/// The answers in the cache file when it exists and holds this job's key, else nothing.
std::optional<std::string> read_command_cache(const CommandJob& job, const std::string& cache) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(cache, error)) return std::nullopt;
  return job.from_cache_text(read_file_bytes(cache));
}

void write_command_cache(const std::string& cache, const CommandJob& job, const std::string& answers) {
  write_then_rename(cache, [&](const std::string& partial) {
    std::ofstream file(partial, std::ios::binary);
    file << job.cache_text(answers);
    if (!file.flush()) throw InputError("cannot write the command cache " + partial, {partial});
  });
}

/// --resume: the journal's key of the command must be this job's (else resuming would mix two models).
void check_journal_key(const RunRequest& request, const CommandJob& job) {
  const std::string journal_path = journal_path_for(request.output_path);
  const JournalContents journal = read_journal(journal_path);
  for (const InputFile& input : journal.header.inputs)
    if (input.path.rfind("command ", 0) == 0 && input.hash != job.key())
      throw InputError("the model of " + job.input_name() +
                           " (its program, the files it names or the designs) changed "
                           "since this study started (hash " +
                           input.hash + ", now " + job.key() +
                           "); resuming would mix results of two models. Pass --force instead of --resume to start "
                           "afresh",
                       {journal_path});
}

Plan plan_on_rank_zero(const RunRequest& request) {
  const ParsedStudy parsed = parse_study_text(read_file_bytes(request.study_path), request.study_path);
  Plan plan;
  if (parsed.study.truth_kind != TruthKind::command) return plan;
  plan.job.emplace(parsed.study.command, truth_seed(parsed.study));
  if (request.resume)
    check_journal_key(request, *plan.job);
  else
    check_output_path(request.output_path, request.force);
  plan.cached = read_command_cache(*plan.job, command_cache_path_for(request.output_path));
  return plan;
}

/// Rank 0's side of the evaluation: chunks handed out on request, its own chunks run in between.
class ChunkDealer {
 public:
  ChunkDealer(const CommandJob& job, int workers, bool quiet)
      : job_(job), workers_(workers), quiet_(quiet), chunk_size_(job.chunk_size(workers + 1)) {
    for (Eigen::Index first = 0; first < job.size(); first += chunk_size_)
      queue_.emplace_back(first, std::min(chunk_size_, job.size() - first));
    start_ = std::chrono::steady_clock::now();
  }

  /// Every chunk's answers joined in design order; throws the first InputError any rank met.
  std::string run() {
    // Without other ranks (no MPI) there is nobody to serve, and MPI must not be called.
    std::function<void()> service;
    if (workers_ > 0) service = [this] { serve_waiting_workers(); };
    while (!queue_.empty() && error_.empty()) {
      const auto [first, count] = queue_.front();
      queue_.pop_front();
      try {
        finished(first, count, job_.evaluate(first, count, service));
      } catch (const InputError& error) {
        failed(error.what());
      }
    }
    while (workers_ > 0) handle(receive_when_ready(MPI_ANY_SOURCE, message_tag::command_ready));
    report(true);
    if (!error_.empty()) throw InputError(error_);
    std::vector<std::string> outputs;
    for (auto& [first, output] : outputs_) outputs.push_back(std::move(output));
    return job_.join_outputs(outputs);
  }

 private:
  void serve_waiting_workers() {
    while (auto message = try_receive(MPI_ANY_SOURCE, message_tag::command_ready)) handle(*message);
  }

  /// A worker's message: its answer to the last chunk (if any); it gets the next chunk or "" (none left).
  void handle(const Message& message) {
    if (!message.bytes.empty()) {
      const auto line_end = message.bytes.find('\n');
      const std::string head = message.bytes.substr(0, line_end);
      const std::string body = line_end == std::string::npos ? std::string() : message.bytes.substr(line_end + 1);
      if (head.rfind("ok ", 0) == 0) {
        const Eigen::Index first = std::stoll(head.substr(3));
        finished(first, std::min(chunk_size_, job_.size() - first), body);
      } else {
        failed("rank " + std::to_string(message.source) + ": " + body);
      }
    }
    if (!queue_.empty() && error_.empty()) {
      const auto [first, count] = queue_.front();
      queue_.pop_front();
      send_message(message.source, message_tag::command_chunk, std::to_string(first) + " " + std::to_string(count));
    } else {
      send_message(message.source, message_tag::command_chunk, "");
      --workers_;
    }
  }

  void finished(Eigen::Index first, Eigen::Index count, std::string output) {
    outputs_[first] = std::move(output);
    done_ += count;
    report(false);
  }

  void failed(const std::string& message) {
    if (error_.empty()) error_ = message;
    queue_.clear();
  }

  void report(bool last) {
    if (quiet_) return;
    const auto now = std::chrono::steady_clock::now();
    if (!last && now - last_report_ < std::chrono::seconds(2) && done_ < job_.size()) return;
    if (last && reported_done_ == done_) return;
    last_report_ = now;
    reported_done_ = done_;
    print_evaluation_progress(job_, done_, now - start_);
  }

  const CommandJob& job_;
  int workers_;  ///< workers not yet told that no chunk is left
  bool quiet_;
  Eigen::Index chunk_size_;
  std::deque<std::pair<Eigen::Index, Eigen::Index>> queue_;
  std::map<Eigen::Index, std::string> outputs_;  ///< by first design
  std::string error_;
  Eigen::Index done_ = 0, reported_done_ = -1;
  std::chrono::steady_clock::time_point start_, last_report_;
};

/// A worker's side: build the same job, then answer chunks until rank 0 sends "".
void serve_chunks(const RunRequest& request, const std::string& key) {
  std::optional<CommandJob> job;
  std::string reply;
  try {
    const ParsedStudy parsed = parse_study_text(read_file_bytes(request.study_path), request.study_path);
    job.emplace(parsed.study.command, truth_seed(parsed.study));
    if (job->key() != key) reply = "error\nits command key " + job->key() + " differs from rank 0's " + key;
  } catch (const std::exception& error) {
    reply = std::string("error\n") + error.what();
  }
  for (;;) {
    send_message(0, message_tag::command_ready, reply);
    const Message chunk = receive_when_ready(0, message_tag::command_chunk);
    if (chunk.bytes.empty()) return;
    const auto space = chunk.bytes.find(' ');
    const Eigen::Index first = std::stoll(chunk.bytes.substr(0, space));
    const Eigen::Index count = std::stoll(chunk.bytes.substr(space + 1));
    try {
      reply = "ok " + std::to_string(first) + "\n" + job->evaluate(first, count);
    } catch (const std::exception& error) {
      reply = std::string("error\n") + error.what();
    }
  }
}

int evaluate_on_worker(const RunRequest& request, int rank) {
  std::string what;
  broadcast_text(what, rank);
  if (what == decision::nothing) return -1;
  if (what == decision::fail) return exit_code::bad_input;
  std::string key = what.substr(1);
  if (what.front() == decision::evaluate) serve_chunks(request, key);
  std::string answers;
  broadcast_text(answers, rank);
  if (answers.empty()) return exit_code::bad_input;
  broadcast_text(key, rank);
  remember_command_output(key, answers.substr(1));
  return -1;
}

/// Rank 0 (or the only process): plan, evaluate or read the cache, write it, share the answers.
void evaluate_on_rank_zero(const RunRequest& request, const MpiSession* mpi) {
  Plan plan;
  try {
    plan = plan_on_rank_zero(request);
  } catch (const std::exception&) {
    std::string what = decision::fail;
    if (mpi) broadcast_text(what, 0);
    throw;
  }
  std::string what = !plan.job     ? decision::nothing
                     : plan.cached ? decision::cached
                                   : decision::evaluate + plan.job->key();
  if (mpi) broadcast_text(what, 0);
  if (!plan.job) return;
  const CommandJob& job = *plan.job;
  const std::string cache = command_cache_path_for(request.output_path);
  std::string answers;
  try {
    if (plan.cached) {
      answers = *plan.cached;
      job.check_output(answers, 0, job.size());
      if (!request.quiet)
        std::fprintf(stderr, "bosim: %s: %lld designs from the cache %s\n", job.input_name().c_str(),
                     static_cast<long long>(job.size()), cache.c_str());
    } else {
      answers = ChunkDealer(job, mpi ? mpi->size() - 1 : 0, request.quiet).run();
      job.check_output(answers, 0, job.size());
      write_command_cache(cache, job, answers);
    }
  } catch (const std::exception&) {
    std::string failed;
    if (mpi) broadcast_text(failed, 0);
    throw;
  }
  std::string shared = "A" + answers, key = job.key();
  if (mpi) {
    broadcast_text(shared, 0);
    broadcast_text(key, 0);
  }
  remember_command_output(key, answers);
}

}  // namespace

std::string default_output_path(const Study& study) { return study.name + ".h5"; }

std::string command_cache_path_for(const std::string& output_path) { return output_path + ".command-cache.csv"; }

CommandAnswersSource prepare_command_answers(const std::string& study_path, const std::string& output_path,
                                             UncachedCommand uncached, bool quiet) {
  CommandAnswersSource source;
  const ParsedStudy parsed = parse_study_text(read_file_bytes(study_path), study_path);
  if (parsed.study.truth_kind != TruthKind::command) return source;
  source.command_truth = true;
  source.cache_path = command_cache_path_for(output_path.empty() ? default_output_path(parsed.study) : output_path);
  const CommandJob job(parsed.study.command, truth_seed(parsed.study));
  if (const std::optional<std::string> cached = read_command_cache(job, source.cache_path)) {
    job.check_output(*cached, 0, job.size());
    remember_command_output(job.key(), *cached);
    source.from_cache = true;
    return source;
  }
  if (uncached == UncachedCommand::placeholder) {
    remember_command_output(job.key(), job.placeholder_output());
    source.placeholder = true;
    return source;
  }
  const auto start = std::chrono::steady_clock::now();
  auto progress = [&](Eigen::Index done) {
    if (quiet) return;
    print_evaluation_progress(job, done, std::chrono::steady_clock::now() - start);
  };
  const std::string answers = job.evaluate_all(job.chunk_size(1), progress);
  if (uncached == UncachedCommand::run_and_cache) write_command_cache(source.cache_path, job, answers);
  remember_command_output(job.key(), answers);
  return source;
}

int evaluate_command_truth(const RunRequest& request, const MpiSession* mpi) {
  if (mpi && mpi->rank() != 0) return evaluate_on_worker(request, mpi->rank());
  evaluate_on_rank_zero(request, mpi);
  return -1;
}

}  // namespace bosim
