// Stop signal: SIGTERM, SIGINT, SIGUSR1 and SIGHUP ask for a graceful stop instead of killing the process.
#pragma once

namespace bosim {

/// Blocks the stop signals in the calling thread (and in the threads it creates afterwards), so that
/// one arriving before the handlers exist stays pending instead of killing the process. bosim's
/// main() calls it before anything else; signals blocked here are delivered by
/// install_stop_signal_handlers (bosim run) or unblock_stop_signals (every other command).
void block_stop_signals();

/// Unblocks the stop signals: pending ones are delivered now, with their default action unless
/// handlers are installed (a command other than run simply ends, as without blocking).
void unblock_stop_signals();

/// Installs handlers (sigaction) for SIGTERM, SIGINT, SIGUSR1 and SIGHUP that only count the
/// signals received, ignores SIGPIPE (a closed stderr, e.g. a log pipe whose reader ended, must not
/// end the run: writes to it just fail), then unblocks the stop signals, so one received since
/// block_stop_signals is counted now. The run loops poll stop_signal_count(). SIGUSR1 is there
/// because mpirun forwards it to every rank unchanged, whereas it turns SIGTERM/SIGINT into
/// SIGTERM + SIGKILL (docs/distribution.md); SIGHUP because a closed terminal or ssh session sends
/// it, and the journal should then be left resumable.
void install_stop_signal_handlers();

/// Signals received since install_stop_signal_handlers (0 = keep going; a second one cuts the grace short).
int stop_signal_count();

/// Number of the first signal received (0 when none), for messages.
int first_stop_signal();

}  // namespace bosim
