// `bosim run STUDY.toml -o RESULTS.h5`: run every configuration × repeat and write the results file.
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "common/input_error.hpp"
#include "distribution/local_runner.hpp"
#include "results/results_file.hpp"

namespace bosim::cli {

namespace {

struct RunOptions {
  std::string study_path;
  std::string output_path;
  bool force = false;
  bool quiet = false;
};

/// Refuses, before any compute is spent, an output that exists (without --force)
/// or whose folder does not exist.
void check_output_path(const std::string& path, bool force) {
  namespace fs = std::filesystem;
  const fs::path output(path);
  if (fs::exists(output) && !force)
    throw InputError("output file exists; pass --force to overwrite it", {path, 0, 0, "--output"});
  const fs::path folder = output.has_parent_path() ? output.parent_path() : fs::path(".");
  if (!fs::is_directory(folder))
    throw InputError("folder of the output file does not exist: " + folder.string(), {path, 0, 0, "--output"});
}

int run(const RunOptions& options) {
  const LoadedStudy loaded = load_study(options.study_path);
  check_output_path(options.output_path, options.force);
  const std::vector<Task> tasks = expand_tasks(loaded.study);
  if (!options.quiet)
    std::cerr << "bosim: study '" << loaded.study.name << "': " << loaded.study.configurations.size()
              << " configurations x " << loaded.study.repeats << " repeats = " << tasks.size() << " runs on "
              << loaded.truth->describe() << "\n";
  ProgressReporter progress(tasks.size(), 0, options.quiet ? nullptr : stderr);
  std::vector<RunRecord> records = run_locally(loaded, tasks, progress);
  if (!options.quiet) progress.finish();
  write_results_file(options.output_path, loaded.study, *loaded.truth, std::move(records), options.force);
  if (!options.quiet) std::cerr << "bosim: wrote " << options.output_path << "\n";
  if (progress.failed() > 0) {
    std::cerr << "bosim: " << progress.failed() << " runs failed; see `bosim summary " << options.output_path << "`\n";
    return exit_code::runs_failed;
  }
  return exit_code::success;
}

}  // namespace

Action add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* command = app.add_subcommand("run", "Run a study and write its results (HDF5)");
  command->add_option("study", options->study_path, "Study file (TOML)")->required();
  command->add_option("-o,--output", options->output_path, "Results file to write (HDF5)")->required();
  command->add_flag("--force", options->force, "Overwrite an existing results file");
  command->add_flag("-q,--quiet", options->quiet, "No progress output");
  return [options] { return run(*options); };
}

}  // namespace bosim::cli
