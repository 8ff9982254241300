// `bosim sample-truth STUDY.toml -n N --replicates R -o DATA.csv`: a Latin-hypercube dataset measured on a study's
// ground truth, written as a CSV a dataset study can replay.
#include <charconv>
#include <fstream>
#include <iostream>

#include "campaign/initial_design.hpp"
#include "commands.hpp"
#include "common/input_error.hpp"
#include "common/output_path.hpp"
#include "common/random.hpp"
#include "distribution/command_evaluation.hpp"
#include "study/study.hpp"
#include "truth/csv_table.hpp"

namespace bosim::cli {

namespace {

struct SampleOptions {
  std::string study_path;
  std::string output_path;
  long designs = 32;
  long replicates = 1;
  std::optional<std::uint64_t> seed;
  bool force = false;
};

/// The shortest decimal that reads back as the same double.
std::string shortest(double value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

/// n points of a Latin hypercube in [0, 1)^D, each snapped to the nearest pool
/// design not yet taken (Euclidean distance in unit-scaled space), so the designs are distinct.
std::vector<Eigen::Index> latin_hypercube_designs(const GroundTruth& truth, Eigen::Index count, Rng& rng) {
  const Eigen::MatrixXd unit_designs = truth.space().to_unit(truth.designs());
  const Eigen::Index dimension = unit_designs.cols();
  Eigen::MatrixXd points(count, dimension);
  std::vector<Eigen::Index> strata(static_cast<size_t>(count));
  for (Eigen::Index d = 0; d < dimension; ++d) {
    for (Eigen::Index i = 0; i < count; ++i) strata[static_cast<size_t>(i)] = i;
    for (Eigen::Index i = count - 1; i > 0; --i)  // Fisher–Yates
      std::swap(strata[static_cast<size_t>(i)],
                strata[static_cast<size_t>(rng.uniform_index(static_cast<std::uint64_t>(i + 1)))]);
    for (Eigen::Index i = 0; i < count; ++i)
      points(i, d) = (static_cast<double>(strata[static_cast<size_t>(i)]) + rng.uniform()) / static_cast<double>(count);
  }
  std::vector<bool> available(static_cast<size_t>(truth.size()), true);
  std::vector<Eigen::Index> chosen;
  for (Eigen::Index i = 0; i < count; ++i) {
    const Eigen::Index nearest = nearest_available_design(unit_designs, points.row(i), available);
    available[static_cast<size_t>(nearest)] = false;
    chosen.push_back(nearest);
  }
  return chosen;
}

int sample_truth(const SampleOptions& options) {
  if (options.designs < 2) throw InputError("-n must be at least 2 designs", {"", 0, 0, "-n"});
  if (options.replicates < 1) throw InputError("--replicates must be at least 1", {"", 0, 0, "--replicates"});
  // A command truth's answers come from the cache of the study's default output when `run` wrote one.
  prepare_command_answers(options.study_path, "", UncachedCommand::run, false);
  const LoadedStudy loaded = load_study(options.study_path);
  const GroundTruth& truth = *loaded.truth;
  if (options.designs > truth.size())
    throw InputError(
        "-n " + std::to_string(options.designs) + " exceeds the pool of " + std::to_string(truth.size()) + " designs",
        {"", 0, 0, "-n"});
  check_output_path(options.output_path, options.force, loaded.study.input_paths());

  // Streams 11 and 12 of the seed: apart from those of runs (1, 2) and of the truth (7).
  const std::uint64_t seed = options.seed.value_or(loaded.study.seed);
  Rng design_rng(mix_seed(seed, 11)), measure_rng(mix_seed(seed, 12));
  const std::vector<Eigen::Index> designs = latin_hypercube_designs(truth, options.designs, design_rng);

  std::string text;
  for (const FeatureRange& feature : truth.space().features()) text += csv_field(feature.name) + ",";
  text += csv_field(truth.objective_name()) + "\n";
  for (Eigen::Index design : designs)
    for (long r = 0; r < options.replicates; ++r) {
      for (Eigen::Index d = 0; d < truth.designs().cols(); ++d) {
        const double value = truth.designs()(design, d);
        // A categorical feature is written as its level's name, which a dataset study reads back as the level.
        text += (truth.space().features()[static_cast<size_t>(d)].is_categorical()
                     ? csv_field(truth.space().value_text(d, value))
                     : shortest(value)) +
                ",";
      }
      text += shortest(truth.measure(design, measure_rng)) + "\n";
    }

  write_then_rename(options.output_path, [&](const std::string& partial) {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw InputError("cannot write " + partial, {options.output_path, 0, 0, "--output"});
  });
  std::cerr << "bosim: wrote " << options.output_path << ": " << designs.size() << " designs x " << options.replicates
            << " replicates from " << truth.describe() << " (seed " << seed << ")\n";
  return exit_code::success;
}

}  // namespace

Action add_sample_truth_command(CLI::App& app) {
  auto options = std::make_shared<SampleOptions>();
  CLI::App* command = app.add_subcommand(
      "sample-truth", "Measure a Latin-hypercube sample of a study's ground truth and write it as a dataset CSV");
  command->add_option("study", options->study_path, "Study file (TOML) whose [truth] is sampled")->required();
  command->add_option("-n,--designs", options->designs, "Number of distinct designs (default 32)");
  command->add_option("--replicates", options->replicates, "Measurements per design (default 1)");
  command->add_option("-o,--output", options->output_path, "CSV file to write")->required();
  command->add_option("--seed", options->seed, "Seed of the sample and its measurements (default: the study seed)");
  command->add_flag("--force", options->force, "Overwrite an existing output file");
  return [options] { return sample_truth(*options); };
}

}  // namespace bosim::cli
