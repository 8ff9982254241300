// `bosim run STUDY.toml -o RESULTS.h5`: run every configuration × repeat (on one process or MPI ranks) and write the
// results.
#include "commands.hpp"
#include "distribution/study_runner.hpp"

namespace bosim::cli {

Action add_run_command(CLI::App& app) {
  auto request = std::make_shared<RunRequest>();
  CLI::App* command = app.add_subcommand(
      "run", "Run a study and write its results (HDF5); launch with mpirun or srun to use several ranks");
  command->add_option("study", request->study_path, "Study file (TOML)")->required();
  command->add_option("-o,--output", request->output_path, "Results file to write (HDF5)")->required();
  command->add_flag("--force", request->force,
                    "Overwrite an existing results file; without --resume, also discard an interrupted run's journal");
  CLI::Option* resume =
      command->add_flag("--resume", request->resume, "Continue an interrupted run from OUTPUT.journal");
  command
      ->add_flag("--retry-failed", request->retry_failed,
                 "With --resume: run again the runs that failed (else they stay failed in the results)")
      ->needs(resume);
  command
      ->add_option("--grace-seconds", request->grace_seconds,
                   "On SIGTERM/SIGINT/SIGUSR1/SIGHUP, how long to wait for runs in progress before exiting (75); "
                   "at most " +
                       std::to_string(static_cast<long>(max_grace_seconds)))
      ->check(CLI::Validator(
          [](std::string& text) {
            std::size_t used = 0;
            try {
              const double seconds = std::stod(text, &used);
              if (used == text.size()) return grace_seconds_problem(seconds);
            } catch (const std::exception&) {
            }
            return "--grace-seconds must be a number, not '" + text + "'";
          },
          "SECONDS"))
      ->capture_default_str();
  command->add_flag("-q,--quiet", request->quiet, "No progress output");
  auto shard_text = std::make_shared<std::string>();
  command
      ->add_option("--shard", *shard_text,
                   "Run only shard k of K (every K-th run, from the k-th) and write a shard file for `bosim merge`")
      ->type_name("k/K");
  return [request, shard_text] {
    if (!shard_text->empty()) request->shard = parse_shard(*shard_text);
    return run_study(*request);
  };
}

}  // namespace bosim::cli
