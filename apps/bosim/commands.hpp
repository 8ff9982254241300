// The bosim subcommands: each registers its options on the CLI11 app and runs when chosen.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace bosim::cli {

/// A subcommand's action; returns the process exit code.
using Action = std::function<int()>;

Action add_run_command(CLI::App& app);
Action add_validate_command(CLI::App& app);
Action add_summary_command(CLI::App& app);
Action add_sample_truth_command(CLI::App& app);
Action add_submit_command(CLI::App& app);
Action add_merge_command(CLI::App& app);

}  // namespace bosim::cli
