// ProgressReporter: runs done/total, runs per second, ETA and failures on stderr, sized for terminals and job logs.
// The total of a raced study is a worst case until its race is over, and the line says so.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace bosim {

/// On a terminal, one line rewritten in place (at most 5 times a second); otherwise
/// (a batch job's log) a plain line every `log_interval` seconds. finish() prints
/// the final line either way. A null stream makes it silent (it still counts).
class ProgressReporter {
 public:
  ProgressReporter(std::uint64_t total, std::uint64_t already_done, std::FILE* stream = stderr,
                   double log_interval_seconds = 10.0);

  /// A new total; `upper_bound`: the total is a worst case (a race still running: settings eliminated later take
  /// fewer runs), so the line shows "<=" before the total and the ETA and ">=" before the percentage.
  void set_total(std::uint64_t total, bool upper_bound);

  /// Records finished runs; prints when due.
  void advance(std::uint64_t runs, std::uint64_t failed_runs);
  void finish();

  std::uint64_t done() const { return done_; }
  std::uint64_t failed() const { return failed_; }

 private:
  void print(bool final_line);

  std::uint64_t total_;
  bool upper_bound_ = false;
  std::uint64_t done_;
  std::uint64_t done_at_start_;
  std::uint64_t failed_ = 0;
  std::FILE* stream_;
  bool terminal_;
  double interval_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_print_;
};

}  // namespace bosim
