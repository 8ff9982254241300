// Stop signal: SIGTERM, SIGINT and SIGUSR1 ask for a graceful stop instead of killing the process.
#pragma once

namespace bosim {

/// Installs handlers (sigaction) for SIGTERM, SIGINT and SIGUSR1 that only count the signals
/// received; the run loops poll stop_signal_count(). SIGUSR1 is there because mpirun forwards it
/// to every rank unchanged, whereas it turns SIGTERM/SIGINT into SIGTERM + SIGKILL (docs/distribution.md).
void install_stop_signal_handlers();

/// Signals received since install_stop_signal_handlers (0 = keep going; a second one cuts the grace short).
int stop_signal_count();

/// Number of the first signal received (0 when none), for messages.
int first_stop_signal();

}  // namespace bosim
