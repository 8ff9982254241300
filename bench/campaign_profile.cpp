// Where a replay's time goes: the pool/EI campaign loop with a timer around each phase, cold vs warm starts.
//
//   bosim_campaign_profile DATASET.csv [repeats] [maximize|minimize]
//   bosim_campaign_profile DATASET.csv repeats maximize|minimize --iterations FIRST_SEED
//
// Mirrors run_campaign's pool mode (EI, δ = 0, 6 random initial designs, SE-ARD, 2 restarts,
// stop at the optimum) on the public APIs, timing: model update (hyperparameter fit +
// conditioning), prediction (observed designs for μ⁺ and the pool), acquisition (EI +
// argmax) and bookkeeping (candidate list, training data). Prints one row per warm-start
// setting with the share of each phase and the likelihood evaluations per fit.
//
// With --iterations, runs `repeats` cold-start replays with seeds FIRST_SEED, FIRST_SEED + 1, …
// and prints one line per GP iteration instead: the training-set size n, the process CPU seconds
// of that iteration (fit, predictions, EI, bookkeeping) and its fit's likelihood evaluations, so
// that bench/replay_vs_peer.py can compare bosim and the peer at equal n.
#include <Eigen/Core>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "acquisition/expected_improvement.hpp"
#include "campaign/surrogate_model.hpp"
#include "command_line.hpp"
#include "common/input_error.hpp"
#include "common/random.hpp"
#include "truth/dataset_truth.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct PhaseSeconds {
  double update = 0.0, prediction = 0.0, acquisition = 0.0, bookkeeping = 0.0;
  double total() const { return update + prediction + acquisition + bookkeeping; }
};

/// One GP iteration's cost: its training-set size and process CPU seconds.
struct IterationCost {
  long training_size = 0;
  double cpu_seconds = 0.0;
  long likelihood_evaluations = 0;  ///< of this iteration's fit
};

struct ProfileTotals {
  PhaseSeconds phases;
  std::vector<IterationCost> iterations;
  long fits = 0;
  long evaluations = 0;
  long experiments = 0;
};

double process_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

double seconds_since(Clock::time_point& mark) {
  const Clock::time_point now = Clock::now();
  const double elapsed = std::chrono::duration<double>(now - mark).count();
  mark = now;
  return elapsed;
}

/// One replay until an optimal design is measured; adds its phase times to totals.
void profile_run(const bosim::DatasetTruth& truth, const Eigen::MatrixXd& unit_designs,
                 const bosim::CampaignSettings& settings, double sign, std::uint64_t seed, ProfileTotals& totals) {
  const Eigen::Index pool_size = truth.size();
  bosim::Rng rng(seed);
  std::vector<bool> optimal(static_cast<size_t>(pool_size), false), unobserved(static_cast<size_t>(pool_size), true);
  for (Eigen::Index i : truth.optimal_designs()) optimal[static_cast<size_t>(i)] = true;
  std::vector<Eigen::Index> observed, candidate_designs;
  bool found = false;
  auto measure = [&](Eigen::Index design) {
    observed.push_back(design);
    unobserved[static_cast<size_t>(design)] = false;
    found = found || optimal[static_cast<size_t>(design)];
  };
  while (static_cast<int>(observed.size()) < settings.n_init) {
    const auto design = static_cast<Eigen::Index>(rng.uniform_index(static_cast<std::uint64_t>(pool_size)));
    if (unobserved[static_cast<size_t>(design)]) measure(design);
  }

  bosim::SurrogateModel model(settings, unit_designs.cols(), rng);
  Eigen::MatrixXd inputs, candidates;
  Eigen::VectorXd values, mean, stddev, scores;
  int fits = 0, failures = 0;
  Clock::time_point mark = Clock::now();
  for (int iteration = 0; !found && static_cast<Eigen::Index>(observed.size()) < pool_size; ++iteration) {
    const auto n = static_cast<Eigen::Index>(observed.size());
    const double iteration_start = process_cpu_seconds();
    const long evaluations_before = model.likelihood_evaluations();
    inputs.resize(n, unit_designs.cols());
    values.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      inputs.row(i) = unit_designs.row(observed[static_cast<size_t>(i)]);
      values(i) = sign * truth.expected_value(observed[static_cast<size_t>(i)]);
    }
    candidate_designs.clear();
    for (Eigen::Index i = 0; i < pool_size; ++i)
      if (unobserved[static_cast<size_t>(i)]) candidate_designs.push_back(i);
    candidates.resize(static_cast<Eigen::Index>(candidate_designs.size()), unit_designs.cols());
    for (Eigen::Index c = 0; c < candidates.rows(); ++c)
      candidates.row(c) = unit_designs.row(candidate_designs[static_cast<size_t>(c)]);
    totals.phases.bookkeeping += seconds_since(mark);

    model.update(inputs, values, iteration, fits, failures);
    totals.phases.update += seconds_since(mark);

    model.predict(inputs, mean, stddev);
    const double best_observed_mean = mean.maxCoeff();
    model.predict(candidates, mean, stddev);
    totals.phases.prediction += seconds_since(mark);

    bosim::expected_improvement(bosim::AcquisitionInput{mean, stddev, best_observed_mean, iteration}, 0.0, scores);
    const Eigen::Index best = bosim::argmax_lowest_index(scores);
    totals.phases.acquisition += seconds_since(mark);

    measure(candidate_designs[static_cast<size_t>(best)]);
    totals.phases.bookkeeping += seconds_since(mark);
    totals.iterations.push_back({static_cast<long>(n), process_cpu_seconds() - iteration_start,
                                 model.likelihood_evaluations() - evaluations_before});
  }
  totals.fits += fits;
  totals.evaluations += model.likelihood_evaluations();
  totals.experiments += static_cast<long>(observed.size());
}

/// Prints one line per GP iteration of `repeats` cold-start runs: n, CPU seconds, likelihood evaluations.
void print_iteration_costs(const bosim::DatasetTruth& truth, const Eigen::MatrixXd& unit_designs, double sign,
                           int repeats, std::uint64_t first_seed) {
  ProfileTotals totals;
  for (int repeat = 0; repeat < repeats; ++repeat)
    profile_run(truth, unit_designs, bosim::CampaignSettings{}, sign, first_seed + static_cast<std::uint64_t>(repeat),
                totals);
  std::printf("n cpu_seconds evaluations\n");
  for (const IterationCost& cost : totals.iterations)
    std::printf("%ld %.9f %ld\n", cost.training_size, cost.cpu_seconds, cost.likelihood_evaluations);
}

/// Prints the share of each phase, cold and warm starts, over `repeats` runs.
void print_phase_shares(const bosim::DatasetTruth& truth, const Eigen::MatrixXd& unit_designs, double sign, int repeats,
                        const std::string& path) {
  std::printf("%-22s %-5s %8s %7s %8s %8s %8s %9s %9s %8s\n", "dataset", "warm", "ms/run", "fit%", "predict%",
              "acquis%", "bookk%", "fits/run", "evals/fit", "exp/run");
  for (const bool warm_start : {false, true}) {
    bosim::CampaignSettings settings;
    settings.warm_start = warm_start;
    ProfileTotals totals;
    for (int repeat = 0; repeat < repeats; ++repeat)
      profile_run(truth, unit_designs, settings, sign, 1000 + static_cast<std::uint64_t>(repeat), totals);
    const double total = totals.phases.total();
    std::printf("%-22s %-5s %8.2f %7.1f %8.1f %8.2f %8.2f %9.1f %9.1f %8.1f\n",
                path.substr(path.find_last_of('/') + 1).c_str(), warm_start ? "yes" : "no", 1000.0 * total / repeats,
                100.0 * totals.phases.update / total, 100.0 * totals.phases.prediction / total,
                100.0 * totals.phases.acquisition / total, 100.0 * totals.phases.bookkeeping / total,
                static_cast<double>(totals.fits) / repeats,
                static_cast<double>(totals.evaluations) / static_cast<double>(totals.fits),
                static_cast<double>(totals.experiments) / repeats);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const bool by_iteration = args.size() == 5 && args[3] == "--iterations";
  const long repeats =
      args.size() > 1 ? bosim::bench::positive_integer(args[1].c_str(), std::numeric_limits<int>::max()) : 20L;
  const bool goal_ok = args.size() < 3 || args[2] == "minimize" || args[2] == "maximize";
  const long first_seed = by_iteration ? bosim::bench::positive_integer(args[4].c_str(), 1L << 53) : 1L;
  if (args.empty() || (args.size() > 3 && !by_iteration) || !repeats || !goal_ok || !first_seed) {
    std::fprintf(stderr,
                 "usage: %s DATASET.csv [repeats] [maximize|minimize]\n"
                 "       %s DATASET.csv repeats maximize|minimize --iterations FIRST_SEED\n",
                 argv[0], argv[0]);
    return 2;
  }
  bosim::DatasetSpec spec;
  spec.path = args[0];
  spec.goal = args.size() > 2 && args[2] == "minimize" ? bosim::Goal::minimize : bosim::Goal::maximize;
  std::optional<bosim::DatasetTruth> loaded;
  try {
    loaded.emplace(bosim::DatasetTruth::load(spec));
  } catch (const bosim::InputError& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 2;
  }
  const bosim::DatasetTruth& truth = *loaded;
  const Eigen::MatrixXd unit_designs = truth.space().to_unit(truth.designs());
  const double sign = spec.goal == bosim::Goal::maximize ? 1.0 : -1.0;
  if (by_iteration)
    print_iteration_costs(truth, unit_designs, sign, static_cast<int>(repeats), static_cast<std::uint64_t>(first_seed));
  else
    print_phase_shares(truth, unit_designs, sign, static_cast<int>(repeats), spec.path);
  return 0;
}
