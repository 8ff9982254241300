#include "distribution/local_worker.hpp"

namespace bosim {

LocalWorker::LocalWorker(const LoadedStudy& loaded) : loaded_(loaded), thread_([this] { serve(); }) {}

LocalWorker::~LocalWorker() {
  stop();
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
  }
  work_arrived_.notify_one();
  thread_.join();
}

void LocalWorker::assign(std::vector<Task> chunk) {
  {
    std::lock_guard lock(mutex_);
    chunk_ = std::move(chunk);
    busy_ = true;
  }
  work_arrived_.notify_one();
}

bool LocalWorker::idle() const {
  std::lock_guard lock(mutex_);
  return !busy_;
}

std::vector<RunRecord> LocalWorker::take_finished() {
  std::lock_guard lock(mutex_);
  return std::exchange(finished_, {});
}

void LocalWorker::wait_until_idle(std::chrono::microseconds timeout) {
  std::unique_lock lock(mutex_);
  if (busy_) {
    chunk_finished_.wait_for(lock, timeout, [this] { return !busy_; });
  } else {
    lock.unlock();
    std::this_thread::sleep_for(timeout);  // nothing to wait for here: just pause
  }
}

void LocalWorker::stop() { stop_ = true; }

void LocalWorker::serve() {
  std::unique_lock lock(mutex_);
  while (true) {
    work_arrived_.wait(lock, [this] { return busy_ || shutting_down_; });
    if (shutting_down_) return;
    const std::vector<Task> chunk = std::move(chunk_);
    lock.unlock();
    for (const Task& task : chunk) {
      if (stop_) break;
      RunRecord record = execute_task(loaded_, task);
      std::lock_guard append(mutex_);
      finished_.push_back(std::move(record));
    }
    lock.lock();
    busy_ = false;
    chunk_finished_.notify_one();
  }
}

}  // namespace bosim
