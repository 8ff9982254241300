#include "distribution/stop_signal.hpp"

#include <pthread.h>

#include <atomic>
#include <csignal>

namespace bosim {

namespace {

// Lock-free atomics are async-signal-safe to update from a handler.
std::atomic<int> signals_received{0};
std::atomic<int> first_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

constexpr int stop_signals[] = {SIGTERM, SIGINT, SIGUSR1, SIGHUP};

extern "C" void count_stop_signal(int signal_number) {
  int expected = 0;
  first_signal.compare_exchange_strong(expected, signal_number);
  signals_received.fetch_add(1);
}

void set_stop_signal_mask(int how) {
  sigset_t set;
  sigemptyset(&set);
  for (int signal_number : stop_signals) sigaddset(&set, signal_number);
  pthread_sigmask(how, &set, nullptr);
}

}  // namespace

void block_stop_signals() { set_stop_signal_mask(SIG_BLOCK); }

void unblock_stop_signals() { set_stop_signal_mask(SIG_UNBLOCK); }

void install_stop_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = count_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // a signal must not make a write() of the journal fail with EINTR
  for (int signal_number : stop_signals) sigaction(signal_number, &action, nullptr);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGPIPE, &ignore, nullptr);
  unblock_stop_signals();
}

int stop_signal_count() { return signals_received.load(); }

int first_stop_signal() { return first_signal.load(); }

}  // namespace bosim
