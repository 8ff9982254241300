// `bosim merge SHARD.h5... -o RESULTS.h5`: combine the shard files of an array job into one results file.
#include <iostream>

#include "commands.hpp"
#include "results/results_merge.hpp"

namespace bosim::cli {

namespace {

struct MergeOptions {
  std::vector<std::string> shard_paths;
  std::string output_path;
  bool force = false;
};

}  // namespace

Action add_merge_command(CLI::App& app) {
  auto options = std::make_shared<MergeOptions>();
  CLI::App* command = app.add_subcommand(
      "merge", "Combine the shard files of `bosim run --shard k/K` (an array job) into the file one job would write");
  command->add_option("shards", options->shard_paths, "Shard files (every shard of the study, in any order)")
      ->required();
  command->add_option("-o,--output", options->output_path, "Results file to write (HDF5)")->required();
  command->add_flag("--force", options->force, "Overwrite an existing results file");
  return [options] {
    merge_shard_files(options->shard_paths, options->output_path, options->force);
    std::cerr << "bosim: merged " << options->shard_paths.size() << " shards into " << options->output_path << '\n';
    return 0;
  };
}

}  // namespace bosim::cli
