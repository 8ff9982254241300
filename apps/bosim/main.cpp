// bosim: command-line entry point (run, validate, summary).
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "common/input_error.hpp"
#include "common/version.hpp"
#include "distribution/stop_signal.hpp"

/// Runs as soon as the dynamic loader is done, before any library's initializer, main() or the MPI library
/// (.preinit_array, executables only): a stop signal sent during start-up (to mpirun, which forwards it, or to a
/// rank) stays pending until `bosim run` can handle it, instead of killing a rank.
static void block_stop_signals_at_start(int, char**, char**) { bosim::block_stop_signals(); }
[[gnu::used, gnu::section(".preinit_array")]] static void (*block_at_start)(int, char**,
                                                                            char**) = &block_stop_signals_at_start;

int main(int argc, char** argv) {
  CLI::App app{"bosim: virtual Bayesian-optimization campaigns, replayed at scale"};
  app.set_version_flag("--version", std::string("bosim ") + bosim::version + " (" + bosim::instruction_set + ")");
  app.require_subcommand(1);

  std::map<CLI::App*, bosim::cli::Action> actions;
  auto add = [&](bosim::cli::Action (*adder)(CLI::App&)) {
    bosim::cli::Action action = adder(app);
    actions[app.get_subcommands({}).back()] = std::move(action);
  };
  add(&bosim::cli::add_run_command);
  add(&bosim::cli::add_validate_command);
  add(&bosim::cli::add_summary_command);
  add(&bosim::cli::add_sample_truth_command);
  add(&bosim::cli::add_submit_command);
  add(&bosim::cli::add_merge_command);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    app.exit(error);  // prints the message and usage
    return bosim::exit_code::bad_input;
  }

  try {
    for (auto& [subcommand, action] : actions) {
      if (!subcommand->parsed()) continue;
      if (subcommand->get_name() != "run") bosim::unblock_stop_signals();  // run installs its handlers first
      return action();
    }
  } catch (const std::exception& error) {
    return bosim::report_error(error);
  }
  return bosim::exit_code::internal_error;
}
