// `bosim submit STUDY.toml --scheduler slurm|pbs ...`: validate a study, render its job script, submit it.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <regex>

#include "commands.hpp"
#include "distribution/command_evaluation.hpp"
#include "distribution/resume_command.hpp"
#include "job_templates.hpp"
#include "study/study.hpp"

namespace bosim::cli {

namespace {

namespace fs = std::filesystem;

struct SubmitOptions {
  std::string study_path;
  std::string scheduler;
  int ntasks = 0;
  std::string time;
  std::string partition;
  std::string account;
  std::string output_path;
  int array = 0;  ///< 0: one job; K: K shards
  std::string launcher;
  int stop_lead = 0;  ///< 0: chosen from the time limit
  int max_restarts = 20;
  std::string job_name;
  bool dry_run = false;
};

/// Seconds of an HH:MM:SS time limit (hours may exceed 24); throws InputError naming --time.
long long parse_time_limit(const std::string& text) {
  static const std::regex format(R"((\d{1,4}):([0-5]\d):([0-5]\d))");
  std::smatch parts;
  if (!std::regex_match(text, parts, format))
    throw InputError("--time: expected HH:MM:SS (minutes and seconds below 60), got '" + text + "'",
                     {"", 0, 0, "--time"});
  const long long seconds = std::stoll(parts[1]) * 3600 + std::stoll(parts[2]) * 60 + std::stoll(parts[3]);
  if (seconds < 60)
    throw InputError("--time: schedulers count in minutes; give at least 00:01:00", {"", 0, 0, "--time"});
  return seconds;
}

/// How long before the time limit bosim is told to stop: a tenth of the limit, at least 60 s and
/// at most 10 min, but never more than half the limit (a 1-minute job is stopped after 30 s).
long long default_stop_lead(long long limit_seconds) {
  return std::min(std::clamp(limit_seconds / 10, 60LL, 600LL), limit_seconds / 2);
}

/// Replaces every {{key}} of a template; a placeholder without a value is a bug in the template.
std::string render(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [key, value] : values) {
    const std::string placeholder = "{{" + key + "}}";
    for (std::size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size()))
      text.replace(at, placeholder.size(), value);
  }
  if (const std::size_t at = text.find("{{"); at != std::string::npos)
    throw std::logic_error("job template placeholder without a value: " +
                           text.substr(at, text.find("}}", at) - at + 2));
  return text;
}

/// The output files the job will write: the results file, or one file per shard.
std::vector<fs::path> planned_outputs(const fs::path& output, int shards) {
  if (shards == 0) return {output};
  std::vector<fs::path> outputs;
  const std::string stem = (output.parent_path() / output.stem()).string();
  for (int shard = 1; shard <= shards; ++shard)
    outputs.emplace_back(stem + ".shard-" + std::to_string(shard) + "-of-" + std::to_string(shards) + ".h5");
  return outputs;
}

/// Runs a command through the shell and returns its standard output; throws InputError when it fails.
std::string run_capturing(const std::string& command) {
  std::FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) throw InputError("cannot run: " + command);
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = ::pclose(pipe);
  if (status != 0) throw InputError("submission failed (" + command + "):\n" + output);
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  return output;
}

int submit(const SubmitOptions& options) {
  if (options.scheduler != "slurm" && options.scheduler != "pbs")
    throw InputError("--scheduler: expected slurm or pbs, got '" + options.scheduler + "'", {"", 0, 0, "--scheduler"});
  const long long limit_seconds = parse_time_limit(options.time);
  const long long stop_lead = options.stop_lead > 0 ? options.stop_lead : default_stop_lead(limit_seconds);
  if (stop_lead >= limit_seconds)
    throw InputError("--stop-lead: must be shorter than --time", {"", 0, 0, "--stop-lead"});
  // Nothing is submitted for a study that would fail in the job. A command truth's program is not run here
  // (the job runs it, spread over its ranks): without a cache, zeros stand in so that the study's checks run.
  const CommandAnswersSource answers =
      prepare_command_answers(options.study_path, options.output_path, UncachedCommand::placeholder, true);
  const LoadedStudy loaded = load_study(options.study_path);
  const bool slurm = options.scheduler == "slurm";

  const fs::path study = fs::absolute(options.study_path).lexically_normal();
  const fs::path output =
      fs::absolute(options.output_path.empty() ? loaded.study.name + ".h5" : options.output_path).lexically_normal();
  if (!fs::is_directory(output.parent_path()))
    throw InputError("folder of the output file does not exist: " + output.parent_path().string(),
                     {output.string(), 0, 0, "--output"});
  for (const fs::path& planned : planned_outputs(output, options.array))
    if (fs::exists(planned) || fs::exists(planned.string() + ".journal"))
      throw InputError(
          "exists already (a finished or interrupted run of this output); remove it or choose another --output",
          {planned.string(), 0, 0, "--output"});

  const fs::path stem = output.parent_path() / output.stem();
  const fs::path script = stem.string() + (slurm ? ".slurm.sh" : ".pbs.sh");
  std::string directives;
  const std::string prefix = slurm ? "#SBATCH " : "#PBS ";
  if (!options.partition.empty()) directives += prefix + (slurm ? "--partition=" : "-q ") + options.partition + "\n";
  if (!options.account.empty()) directives += prefix + (slurm ? "--account=" : "-A ") + options.account + "\n";
  if (slurm && options.array > 0) directives += prefix + "--array=1-" + std::to_string(options.array) + "\n";

  const std::string text =
      render(slurm ? job_templates::slurm : job_templates::pbs,
             {{"job_name", options.job_name.empty() ? loaded.study.name : options.job_name},
              {"ntasks", std::to_string(options.ntasks)},
              {"time", options.time},
              {"time_seconds", std::to_string(limit_seconds)},
              {"stop_lead", std::to_string(stop_lead)},
              {"grace", std::to_string(std::max(5LL, stop_lead / 2))},
              {"log", stem.string() + (options.array > 0 ? ".slurm-%A_%a.log" : ".slurm-%j.log")},
              {"directives", directives},
              {"bosim", shell_quote(fs::read_symlink("/proc/self/exe").string())},
              {"study", shell_quote(study.string())},
              {"output", shell_quote(output.string())},
              {"shard_count", std::to_string(options.array)},
              {"max_restarts", std::to_string(options.max_restarts)},
              {"launcher", options.launcher.empty() ? (slurm ? "srun --mpi=pmix" : "mpirun") : options.launcher},
              {"script", shell_quote(script.string())}});

  std::string command = slurm ? "sbatch --parsable" : "qsub";
  if (!slurm && options.array > 0) command += " -J 1-" + std::to_string(options.array);
  command += " " + shell_quote(script.string());
  if (answers.placeholder)
    std::cerr << "bosim: the command truth's program was not run here; the job evaluates its " << loaded.truth->size()
              << " designs over its ranks first and caches them in " << answers.cache_path << '\n';
  if (options.dry_run) {
    std::cout << text;
    std::cerr << "bosim: dry run; would write " << script.string() << " and run: " << command << '\n';
    return 0;
  }
  {
    std::ofstream out(script);
    out << text;
    if (!out) throw InputError("cannot write the job script", {script.string()});
  }
  fs::permissions(script, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
  const std::string reply = run_capturing(command);
  const std::string job_id = slurm ? reply.substr(0, reply.find(';')) : reply;  // --parsable: "id[;cluster]"
  std::cerr << "bosim: submitted " << script.string() << " as job " << job_id << "; results: "
            << (options.array > 0
                    ? stem.string() + ".shard-*-of-" + std::to_string(options.array) + ".h5 (then bosim merge)"
                    : output.string())
            << '\n';
  std::cout << job_id << '\n';
  return 0;
}

}  // namespace

Action add_submit_command(CLI::App& app) {
  auto options = std::make_shared<SubmitOptions>();
  CLI::App* command = app.add_subcommand(
      "submit",
      "Validate a study, render its Slurm or PBS job script (walltime-safe: stop, requeue, resume) and submit it");
  command->add_option("study", options->study_path, "Study file (TOML)")->required();
  command->add_option("--scheduler", options->scheduler, "slurm or pbs")->required();
  command->add_option("--ntasks", options->ntasks, "MPI ranks (cores) of the job")
      ->required()
      ->check(CLI::Range(1, 1000000));
  command->add_option("--time", options->time, "Time limit, HH:MM:SS (see bosim validate --estimate)")->required();
  command->add_option("--partition", options->partition, "Partition (Slurm) or queue (PBS)");
  command->add_option("--account", options->account, "Account to charge");
  command->add_option("-o,--output", options->output_path, "Results file (HDF5); default: STUDY_NAME.h5 here");
  command
      ->add_option("--array", options->array, "Split the study into K shards, one array task each (then bosim merge)")
      ->check(CLI::Range(1, 100000));
  command->add_option("--launcher", options->launcher,
                      "Command that starts the ranks (default: srun --mpi=pmix for Slurm, mpirun for PBS)");
  command
      ->add_option("--stop-lead", options->stop_lead,
                   "Seconds before the time limit at which bosim stops (default: a tenth of --time, 60 s to 10 min)")
      ->check(CLI::Range(1, 1000000));
  command->add_option("--max-restarts", options->max_restarts, "Requeues after which the job gives up")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command->add_option("--job-name", options->job_name, "Job name (default: the study's name)");
  command->add_flag("--dry-run", options->dry_run, "Print the job script instead of submitting it");
  return [options] { return submit(*options); };
}

}  // namespace bosim::cli
