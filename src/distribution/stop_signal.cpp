#include "distribution/stop_signal.hpp"

#include <atomic>
#include <csignal>

namespace bosim {

namespace {

// Lock-free atomics are async-signal-safe to update from a handler.
std::atomic<int> signals_received{0};
std::atomic<int> first_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void count_stop_signal(int signal_number) {
  int expected = 0;
  first_signal.compare_exchange_strong(expected, signal_number);
  signals_received.fetch_add(1);
}

}  // namespace

void install_stop_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = count_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // a signal must not make a write() of the journal fail with EINTR
  for (int signal_number : {SIGTERM, SIGINT, SIGUSR1}) sigaction(signal_number, &action, nullptr);
}

int stop_signal_count() { return signals_received.load(); }

int first_stop_signal() { return first_signal.load(); }

}  // namespace bosim
