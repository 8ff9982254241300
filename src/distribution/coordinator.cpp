#include "distribution/coordinator.hpp"

#include <mpi.h>

#include <cstdio>
#include <cstring>

#include "common/input_error.hpp"
#include "distribution/byte_archive.hpp"
#include "distribution/mpi_session.hpp"
#include "distribution/stop_signal.hpp"

namespace bosim {

Coordinator::Coordinator(const LoadedStudy& loaded, PendingTasks pending, int remote_workers, RecordKeeper& keeper,
                         RaceScheduler* race)
    : pending_(std::move(pending)),
      keeper_(keeper),
      chunk_sizer_(remote_workers + 1),
      workers_(static_cast<std::size_t>(remote_workers) + 1, WorkerState::starting),
      total_tasks_(keeper.done() + pending_.size()),
      race_(race),
      idle_since_(workers_.size(), std::chrono::steady_clock::time_point::max()),
      local_(loaded) {
  workers_[0] = WorkerState::ended;
}

std::vector<Task> Coordinator::next_chunk() { return pending_.take(chunk_sizer_.next(pending_.size())); }

void Coordinator::observe(const std::vector<RunRecord>& records) {
  if (race_)
    for (const RunRecord& record : records) race_->observe(record);
}

bool Coordinator::start_next_round() {
  if (race_ == nullptr) return false;
  const std::vector<RaceRun> runs = race_->next_runs();
  keeper_.progress().set_total(race_->worst_case_runs(), !race_->over());
  if (runs.empty()) return false;
  std::vector<Task> round;
  for (const RaceRun& run : runs) round.push_back({run.config_id, run.repeat});
  pending_.append(round);
  total_tasks_ += runs.size();
  const auto now = std::chrono::steady_clock::now();
  for (std::size_t rank = 1; rank < workers_.size() && !pending_.empty(); ++rank)
    if (workers_[rank] == WorkerState::waiting) {
      send_message(static_cast<int>(rank), message_tag::work, to_bytes(next_chunk()));
      workers_[rank] = WorkerState::busy;
    }
  for (auto& since : idle_since_)  // rank 0's thread takes its chunk in the loop, a poll (≤ 1 ms) later
    if (since != std::chrono::steady_clock::time_point::max()) {
      boundary_idle_seconds_ += std::chrono::duration<double>(now - since).count();
      since = std::chrono::steady_clock::time_point::max();
    }
  return true;
}

void Coordinator::send_stop(int rank, int exit_code) { send_message(rank, message_tag::stop, to_bytes(exit_code)); }

bool Coordinator::all_remote_ended() const {
  for (WorkerState state : workers_)
    if (state != WorkerState::ended) return false;
  return true;
}

void Coordinator::handle(const Message& message) {
  WorkerState& state = workers_.at(static_cast<std::size_t>(message.source));
  auto records = from_bytes<std::vector<RunRecord>>(message.bytes);
  for (const RunRecord& record : records) chunk_sizer_.observe(record.wall_seconds);
  if (message.tag == message_tag::final_records) {
    state = WorkerState::ended;
  } else if (stopping_) {
    // A worker sent `stop` while busy reads it as this request's reply; one that had not asked
    // yet (starting) is sent it now.
    if (state == WorkerState::starting) send_stop(message.source, exit_code::interrupted);
    state = WorkerState::ended;
  } else if (!pending_.empty()) {
    send_message(message.source, message_tag::work, to_bytes(next_chunk()));  // new work first, journal I/O after
    state = WorkerState::busy;
  } else {
    state = WorkerState::waiting;  // parked until the study ends (or, racing, the next round starts)
    idle_since_[static_cast<std::size_t>(message.source)] = std::chrono::steady_clock::now();
  }
  observe(records);
  keeper_.keep(std::move(records), message.bytes);
}

void Coordinator::begin_stop() {
  stopping_ = true;
  keeper_.make_durable();
  local_.stop();
  for (std::size_t rank = 1; rank < workers_.size(); ++rank) {
    if (workers_[rank] == WorkerState::waiting) {
      send_stop(static_cast<int>(rank), exit_code::interrupted);
      workers_[rank] = WorkerState::ended;
    } else if (workers_[rank] == WorkerState::busy) {
      send_stop(static_cast<int>(rank), exit_code::interrupted);  // answered by final_records or a request
    }
  }
}

CoordinatorOutcome Coordinator::run(std::chrono::duration<double> grace) {
  using clock = std::chrono::steady_clock;
  clock::time_point deadline = clock::time_point::max();
  while (true) {
    bool active = false;
    if (!stopping_ && stop_signal_count() > 0) {
      std::fprintf(stderr, "\nbosim: %s received: stopping; collecting the runs in progress (up to %.0f s)\n",
                   strsignal(first_stop_signal()), grace.count());
      begin_stop();
      deadline = clock::now() + std::chrono::duration_cast<clock::duration>(grace);
    }
    if (stopping_ && stop_signal_count() > 1) deadline = clock::now();  // asked twice: leave now

    // Idle first, then take: a chunk's records are all in before the thread reports idle.
    bool local_idle = local_.idle();
    std::vector<RunRecord> local_records = local_.take_finished();
    for (const RunRecord& record : local_records) chunk_sizer_.observe(record.wall_seconds);
    if (!stopping_ && local_idle && !pending_.empty()) {  // new work first, journal I/O after
      local_.assign(next_chunk());
      local_idle = false;
      active = true;
    }
    if (!stopping_ && local_idle && pending_.empty() && idle_since_[0] == clock::time_point::max())
      idle_since_[0] = clock::now();
    if (!local_records.empty()) {
      observe(local_records);
      keeper_.keep(std::move(local_records));
      active = true;
    }
    if (workers_.size() > 1) {
      while (auto message = try_receive(MPI_ANY_SOURCE, MPI_ANY_TAG)) {
        handle(*message);
        active = true;
      }
    }
    keeper_.tick();

    if (!stopping_ && keeper_.done() == total_tasks_ && start_next_round()) continue;
    if (!stopping_ && keeper_.done() == total_tasks_) {
      bool all_parked = true;  // a worker that has not asked yet must still be answered
      for (std::size_t rank = 1; rank < workers_.size(); ++rank)
        all_parked = all_parked && workers_[rank] == WorkerState::waiting;
      if (all_parked) return CoordinatorOutcome::completed;
    }
    if (stopping_ && all_remote_ended() && local_idle) {
      keeper_.make_durable();
      return CoordinatorOutcome::interrupted;
    }
    if (stopping_ && clock::now() >= deadline) {
      keeper_.keep(local_.take_finished());
      keeper_.make_durable();
      return CoordinatorOutcome::abandoned;
    }
    if (!active) local_.wait_until_idle(std::chrono::milliseconds(1));
  }
}

void Coordinator::release_workers(int exit_code) {
  for (std::size_t rank = 1; rank < workers_.size(); ++rank)
    if (workers_[rank] == WorkerState::waiting) {
      send_stop(static_cast<int>(rank), exit_code);
      workers_[rank] = WorkerState::ended;
    }
}

}  // namespace bosim
