#include "distribution/progress_reporter.hpp"

#include <unistd.h>

#include <cmath>

namespace bosim {

ProgressReporter::ProgressReporter(std::uint64_t total, std::uint64_t already_done, std::FILE* stream,
                                   double log_interval_seconds)
    : total_(total),
      done_(already_done),
      done_at_start_(already_done),
      stream_(stream),
      terminal_(stream != nullptr && isatty(fileno(stream)) != 0),
      interval_(terminal_ ? 0.2 : log_interval_seconds),
      started_(std::chrono::steady_clock::now()),
      last_print_(started_) {}

void ProgressReporter::advance(std::uint64_t runs, std::uint64_t failed_runs) {
  done_ += runs;
  failed_ += failed_runs;
  const auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - last_print_).count() >= interval_) {
    last_print_ = now;
    print(false);
  }
}

void ProgressReporter::set_total(std::uint64_t total, bool upper_bound) {
  total_ = total;
  upper_bound_ = upper_bound;
}

void ProgressReporter::finish() { print(true); }

void ProgressReporter::print(bool final_line) {
  if (stream_ == nullptr) return;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const double rate = elapsed > 0.0 ? static_cast<double>(done_ - done_at_start_) / elapsed : 0.0;
  const std::uint64_t left = total_ > done_ ? total_ - done_ : 0;
  const double remaining = rate > 0.0 ? static_cast<double>(left) / rate : NAN;
  const double percent = total_ ? 100.0 * static_cast<double>(done_) / static_cast<double>(total_) : 100.0;
  char eta[32];
  if (std::isfinite(remaining))
    std::snprintf(eta, sizeof eta, "%lld:%02lld:%02lld", static_cast<long long>(remaining) / 3600,
                  static_cast<long long>(remaining) / 60 % 60, static_cast<long long>(remaining) % 60);
  else
    std::snprintf(eta, sizeof eta, "--:--:--");
  const char* at_most = upper_bound_ ? "<=" : "";
  std::fprintf(stream_, "%s%llu/%s%llu runs (%s%.1f%%)  %.1f runs/s  ETA %s%s%s  failed %llu%s", terminal_ ? "\r" : "",
               static_cast<unsigned long long>(done_), at_most, static_cast<unsigned long long>(total_),
               upper_bound_ ? ">=" : "", percent, rate, at_most, eta,
               upper_bound_ ? " (worst case: no more eliminations)" : "", static_cast<unsigned long long>(failed_),
               terminal_ && !final_line ? "" : "\n");
  std::fflush(stream_);
}

}  // namespace bosim
