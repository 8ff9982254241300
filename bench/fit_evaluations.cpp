// Likelihood evaluations per hyperparameter fit, and the optimum reached, for FitOptions variants on fixed training
// sets.
//
//   taskset -c 0 build/bench/bosim_fit_evaluations [--runs R] [DATASET.csv[:minimize] ...] -- VARIANT ...
//   e.g. ... ../shared/datasets/p3ht_cnt.csv ../shared/datasets/crossed_barrel.csv -- trials=20 default
//
// Training sets: bench/fit_vs_nlopt.cpp's synthetic ones (D = 4, n = 10 … 60, 8 per n, the same
// generator and seeds) and, per dataset, every training set of R (default 5) pool replays with the
// benchmark protocol (EI, δ = 0, 6 random initial designs, SE-ARD + noise, 2 restarts, stop at the
// optimum), recorded as a campaign of this build sees them. Every variant fits every set from the
// same seed (hence the same starts) as the first variant, the reference. A VARIANT is `default`
// (FitOptions{}) or comma-separated FitOptions settings: trials (line_search_trials), restarts,
// tolerance (relative_improvement_tolerance), profile (profile_signal_variance, 0/1).
//
// Prints, per variant and group of sets: failed starts, mean evaluations per fit, CPU ms per fit,
// mean best log p, and against the reference the mean and minimum Δ log p, the number of sets whose
// best log p is lower by more than 10⁻³ (worse) or higher (better), the maximum ‖Δθ‖∞ and the number
// of sets with ‖Δθ‖∞ > 0.05 (moved).
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

#include "acquisition/expected_improvement.hpp"
#include "campaign/surrogate_model.hpp"
#include "common/random.hpp"
#include "gp/hyperparameter_fit.hpp"
#include "synthetic_training_sets.hpp"
#include "truth/dataset_truth.hpp"

namespace {

struct TrainingSet {
  std::string group;
  std::uint64_t fit_seed;  ///< the Rng seed of its fits (hence its random starts)
  Eigen::MatrixXd x;
  Eigen::VectorXd y;  ///< standardized
};

/// The set-th synthetic set of size n (bench/synthetic_training_sets.hpp, as bench/fit_vs_nlopt.cpp fits it).
TrainingSet synthetic_set(Eigen::Index n, int set_index) {
  TrainingSet set{"synthetic n=" + std::to_string(n), bosim::bench::synthetic_fit_seed(set_index), {}, {}};
  bosim::bench::synthetic_training_set(n, set_index, set.x, set.y);
  return set;
}

Eigen::VectorXd standardized(const Eigen::VectorXd& values) {
  const double mean = values.mean();
  const double spread = std::sqrt((values.array() - mean).square().mean());
  return ((values.array() - mean) / (spread > 0.0 ? spread : 1.0)).matrix();
}

/// The training sets of one pool replay (as bench/campaign_profile.cpp's loop), until the optimum is measured.
/// sign is +1 to maximize the dataset's values, −1 to minimize them.
void replay_sets(const bosim::DatasetTruth& truth, const Eigen::MatrixXd& unit_designs, double sign,
                 const std::string& group, std::uint64_t seed, std::vector<TrainingSet>& sets) {
  const Eigen::Index pool_size = truth.size();
  bosim::Rng rng(seed);
  std::vector<bool> optimal(static_cast<size_t>(pool_size), false), unobserved(static_cast<size_t>(pool_size), true);
  for (Eigen::Index i : truth.optimal_designs()) optimal[static_cast<size_t>(i)] = true;
  std::vector<Eigen::Index> observed;
  bool found = false;
  auto measure = [&](Eigen::Index design) {
    observed.push_back(design);
    unobserved[static_cast<size_t>(design)] = false;
    found = found || optimal[static_cast<size_t>(design)];
  };
  const bosim::CampaignSettings settings;
  while (static_cast<int>(observed.size()) < settings.n_init) {
    const auto design = static_cast<Eigen::Index>(rng.uniform_index(static_cast<std::uint64_t>(pool_size)));
    if (unobserved[static_cast<size_t>(design)]) measure(design);
  }
  bosim::SurrogateModel model(settings, unit_designs.cols(), rng);
  Eigen::VectorXd mean, stddev, scores;
  int fits = 0, failures = 0;
  for (int iteration = 0; !found && static_cast<Eigen::Index>(observed.size()) < pool_size; ++iteration) {
    const auto n = static_cast<Eigen::Index>(observed.size());
    Eigen::MatrixXd inputs(n, unit_designs.cols());
    Eigen::VectorXd values(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      inputs.row(i) = unit_designs.row(observed[static_cast<size_t>(i)]);
      values(i) = sign * truth.expected_value(observed[static_cast<size_t>(i)]);
    }
    sets.push_back({group, 7 + sets.size(), inputs, standardized(values)});
    std::vector<Eigen::Index> candidate_designs;
    for (Eigen::Index i = 0; i < pool_size; ++i)
      if (unobserved[static_cast<size_t>(i)]) candidate_designs.push_back(i);
    Eigen::MatrixXd candidates(static_cast<Eigen::Index>(candidate_designs.size()), unit_designs.cols());
    for (Eigen::Index c = 0; c < candidates.rows(); ++c)
      candidates.row(c) = unit_designs.row(candidate_designs[static_cast<size_t>(c)]);
    model.update(inputs, values, iteration, fits, failures);
    model.predict(inputs, mean, stddev);
    const double best_observed_mean = mean.maxCoeff();
    model.predict(candidates, mean, stddev);
    bosim::expected_improvement(bosim::AcquisitionInput{mean, stddev, best_observed_mean, iteration}, 0.0, scores);
    measure(candidate_designs[static_cast<size_t>(bosim::argmax_lowest_index(scores))]);
  }
}

/// FitOptions from "key=value,key=value" (or "default").
bosim::FitOptions parse_variant(const std::string& text) {
  bosim::FitOptions options;
  if (text == "default") return options;
  size_t begin = 0;
  while (begin < text.size()) {
    const size_t end = std::min(text.find(',', begin), text.size());
    const std::string item = text.substr(begin, end - begin);
    const size_t equals = item.find('=');
    if (equals == std::string::npos) throw std::invalid_argument("variant item without '=': " + item);
    const std::string key = item.substr(0, equals);
    char* parsed_end = nullptr;
    const std::string number = item.substr(equals + 1);
    const double value = std::strtod(number.c_str(), &parsed_end);
    if (number.empty() || *parsed_end != '\0') throw std::invalid_argument("not a number in " + item);
    if (key == "trials")
      options.line_search_trials = static_cast<int>(value);
    else if (key == "restarts")
      options.random_restarts = static_cast<int>(value);
    else if (key == "profile")
      options.profile_signal_variance = value != 0.0;
    else if (key == "tolerance")
      options.relative_improvement_tolerance = value;
    else
      throw std::invalid_argument("unknown variant key: " + key);
    begin = end + 1;
  }
  return options;
}

/// CPU time of this process in ms (as bench/fit_vs_nlopt.cpp).
double cpu_milliseconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return 1e3 * static_cast<double>(now.tv_sec) + 1e-6 * static_cast<double>(now.tv_nsec);
}

struct Fit {
  double log_likelihood;
  int evaluations;
  int failed_starts;
  double milliseconds;
  Eigen::VectorXd theta;
};

std::vector<Fit> fit_all(const std::vector<TrainingSet>& sets, const bosim::FitOptions& options) {
  bosim::LmlWorkspace workspace;
  std::vector<Fit> fits;
  for (size_t s = 0; s < sets.size(); ++s) {
    const bosim::Kernel set_kernel(bosim::KernelKind::squared_exponential_ard, sets[s].x.cols());
    bosim::Rng rng(sets[s].fit_seed);
    const double started = cpu_milliseconds();
    const bosim::FitResult fit = bosim::fit_hyperparameters(set_kernel, bosim::HyperparameterBounds{}, sets[s].x,
                                                            sets[s].y, nullptr, options, rng, workspace);
    fits.push_back(
        {fit.log_marginal_likelihood, fit.evaluations, fit.failed_starts, cpu_milliseconds() - started, fit.theta});
  }
  return fits;
}

void print_group(const std::string& variant, const std::string& group, const std::vector<TrainingSet>& sets,
                 const std::vector<Fit>& reference, const std::vector<Fit>& fits) {
  int count = 0, worse = 0, better = 0, moved = 0, failed = 0;
  double evaluations = 0, milliseconds = 0, logp = 0, difference = 0, lowest = 0, max_shift = 0;
  for (size_t s = 0; s < sets.size(); ++s) {
    if (sets[s].group != group) continue;
    ++count;
    evaluations += fits[s].evaluations;
    failed += fits[s].failed_starts;
    milliseconds += fits[s].milliseconds;
    logp += fits[s].log_likelihood;
    const double delta = fits[s].log_likelihood - reference[s].log_likelihood;
    difference += delta;
    lowest = std::min(lowest, delta);
    worse += delta < -1e-3;
    better += delta > 1e-3;
    const double shift = (fits[s].theta - reference[s].theta).cwiseAbs().maxCoeff();
    max_shift = std::max(max_shift, shift);
    moved += shift > 0.05;
  }
  std::printf("%-22s %-26s %5d %6d %7.2f %7.3f %10.4f %10.5f %9.4f %5d %6d %9.3f %6d\n", variant.c_str(), group.c_str(),
              count, failed, evaluations / count, milliseconds / count, logp / count, difference / count, lowest, worse,
              better, max_shift, moved);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> datasets, variants;
  int runs = 5;
  bool after_separator = false;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    if (after_separator)
      variants.push_back(arg);
    else if (arg == "--")
      after_separator = true;
    else if (arg == "--runs" && a + 1 < argc)
      runs = std::max(1, std::atoi(argv[++a]));
    else if (arg.starts_with("-")) {
      std::fprintf(stderr, "usage: %s [--runs R] [DATASET.csv[:minimize] ...] -- VARIANT ...\n", argv[0]);
      return 2;
    } else
      datasets.push_back(arg);
  }
  if (variants.empty()) variants.push_back("default");
  std::vector<bosim::FitOptions> options;
  try {
    for (const std::string& variant : variants) options.push_back(parse_variant(variant));
  } catch (const std::invalid_argument& error) {
    std::fprintf(stderr, "bad VARIANT on the command line: %s\n", error.what());
    return 2;
  }

  std::vector<TrainingSet> sets;
  std::vector<std::string> groups;
  for (Eigen::Index n = 10; n <= 60; n += 10) {
    for (int s = 0; s < bosim::bench::synthetic_sets_per_size; ++s) sets.push_back(synthetic_set(n, s));
    groups.push_back(sets.back().group);
  }
  for (const std::string& argument : datasets) {
    bosim::DatasetSpec spec;
    const bool minimize = argument.ends_with(":minimize");
    spec.path = minimize ? argument.substr(0, argument.size() - 9) : argument;
    spec.goal = minimize ? bosim::Goal::minimize : bosim::Goal::maximize;
    const bosim::DatasetTruth truth = bosim::DatasetTruth::load(spec);
    const Eigen::MatrixXd unit_designs = truth.space().to_unit(truth.designs());
    const std::string group = spec.path.substr(spec.path.find_last_of('/') + 1) + " replays";
    for (int run = 0; run < runs; ++run)
      replay_sets(truth, unit_designs, minimize ? -1.0 : 1.0, group, 1000 + static_cast<std::uint64_t>(run), sets);
    groups.push_back(group);
  }

  std::printf("%-22s %-26s %5s %6s %7s %7s %10s %10s %9s %5s %6s %9s %6s\n", "variant", "training sets", "sets",
              "failed", "evals", "ms/fit", "mean logp", "mean dlogp", "min dlogp", "worse", "better", "max dth",
              "moved");
  const std::vector<Fit> reference = fit_all(sets, options.front());
  for (size_t v = 0; v < variants.size(); ++v) {
    const std::vector<Fit> fits = v == 0 ? reference : fit_all(sets, options[v]);
    for (const std::string& group : groups) print_group(variants[v], group, sets, reference, fits);
    std::fflush(stdout);
  }
  return 0;
}
