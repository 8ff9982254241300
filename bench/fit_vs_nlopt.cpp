// One GP hyperparameter fit, bosim against two NLopt L-BFGS fits, at n = 10 … 60 on identical training sets.
//
// limbo (resibots/limbo), the alternative issue 16 names, is not packaged in Debian. Both stand-ins are built
// from Debian's libnlopt-dev and configured as limbo's likelihood optimizer is (kernel hyperparameters by
// NLopt's L-BFGS, NLOPT_LD_LBFGS, on the log scale) and set to bosim's protocol: the same
// θ = [log ℓ_d, log σ_f², log σ_n²], the same box, the same three starts (default + 2 uniform random, drawn
// from the same Rng), relative tolerance 10⁻⁴ on log p (NLopt ftol_rel) and at most 200 evaluations per
// start; no flush-to-zero (limbo sets none). A start that NLopt stops with an error keeps its best point.
// They differ only in the likelihood each evaluation computes:
//  - "limbo-like" (limbo_like_likelihood.hpp): the work limbo's own objective does per evaluation, step for
//    step: a copy of the GP object, K_y entry by entry, Eigen's LLT, K_y⁻¹ by triangular solves and a
//    gradient pair by pair with a new vector per pair. This is limbo's closest configuration.
//  - "textbook" (textbook_likelihood.hpp): a leaner likelihood than limbo's (no copies, no allocation per
//    pair), kept as the stricter reference.
//
//   taskset -c 0 build/bench/bosim_fit_vs_nlopt [rounds]
//   taskset -c 0 build/bench/bosim_fit_vs_nlopt --bosim-only n [seconds]
//
// Prints, per n and contender, the minimum and median over rounds (interleaved: bosim, textbook, limbo-like,
// bosim, …) of the CPU milliseconds per fit, averaged over 8 training sets, the likelihood evaluations per
// fit, the mean best log p reached, the µs per evaluation (the minimum over evaluations, optimizer included)
// and how many times bosim's time the fit takes. With --bosim-only it only repeats bosim's fits of the 8 sets
// at one n for about the given CPU seconds (default 10), for a profiler (perf record), and prints the
// evaluations, θ and log p of each set to 17 digits, so that two builds can be compared for bit-identical
// fits.
#include <nlopt.h>

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string_view>
#include <vector>

#include "command_line.hpp"
#include "common/random.hpp"
#include "gp/hyperparameter_fit.hpp"
#include "limbo_like_likelihood.hpp"
#include "synthetic_training_sets.hpp"
#include "textbook_likelihood.hpp"

namespace {

constexpr Eigen::Index dimension = bosim::bench::synthetic_dimension;
constexpr int training_sets = bosim::bench::synthetic_sets_per_size;

double textbook_objective(unsigned, const double* theta, double* gradient, void* data) {
  return static_cast<bosim::bench::TextbookLikelihood*>(data)->negative_log_likelihood(theta, gradient);
}

double limbo_like_objective(unsigned count, const double* theta, double* gradient, void* data) {
  return static_cast<bosim::bench::LimboLikeObjective*>(data)->log_likelihood(count, theta, gradient);
}

/// The three starts of bosim's fit_hyperparameters (default, then two uniform in the box from the same Rng).
std::vector<Eigen::VectorXd> starts(const bosim::Kernel& kernel, std::uint64_t seed) {
  Eigen::VectorXd lower, upper;
  kernel.log_bounds(bosim::HyperparameterBounds{}, lower, upper);
  std::vector<Eigen::VectorXd> result{kernel.default_parameters(bosim::HyperparameterBounds{})};
  bosim::Rng rng(seed);
  for (int restart = 0; restart < 2; ++restart) {
    Eigen::VectorXd start(kernel.parameter_count());
    for (Eigen::Index i = 0; i < start.size(); ++i) start(i) = lower(i) + (upper(i) - lower(i)) * rng.uniform();
    result.push_back(start);
  }
  return result;
}

struct FitOutcome {
  double log_likelihood;
  int evaluations;
};

/// NLopt's L-BFGS from each of the three starts on `objective` (minimized, or maximized as limbo asks).
void nlopt_starts(const bosim::Kernel& kernel, std::uint64_t seed, nlopt_func objective, void* data, bool maximize) {
  Eigen::VectorXd lower, upper;
  kernel.log_bounds(bosim::HyperparameterBounds{}, lower, upper);
  for (Eigen::VectorXd theta : starts(kernel, seed)) {
    nlopt_opt optimizer = nlopt_create(NLOPT_LD_LBFGS, static_cast<unsigned>(theta.size()));
    nlopt_set_lower_bounds(optimizer, lower.data());
    nlopt_set_upper_bounds(optimizer, upper.data());
    if (maximize)
      nlopt_set_max_objective(optimizer, objective, data);
    else
      nlopt_set_min_objective(optimizer, objective, data);
    nlopt_set_ftol_rel(optimizer, 1e-4);
    nlopt_set_maxeval(optimizer, 200);
    double value = 0.0;
    nlopt_optimize(optimizer, theta.data(), &value);  // an error result keeps the best point seen
    nlopt_destroy(optimizer);
  }
}

/// The textbook stand-in's fit.
FitOutcome textbook_fit(const bosim::Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                        std::uint64_t seed) {
  bosim::bench::TextbookLikelihood likelihood{x, y};
  nlopt_starts(kernel, seed, textbook_objective, &likelihood, false);
  return {likelihood.best, likelihood.evaluations};
}

/// The limbo-like fit: the GP object is built once per fit at the default θ, as limbo's GP::compute does.
FitOutcome limbo_like_fit(const bosim::Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                          std::uint64_t seed) {
  const bosim::bench::LimboLikeGp gp(x, y, kernel.default_parameters(bosim::HyperparameterBounds{}));
  bosim::bench::LimboLikeObjective objective{gp};
  nlopt_starts(kernel, seed, limbo_like_objective, &objective, true);
  return {objective.best, objective.evaluations};
}

bosim::FitResult bosim_fit_result(const bosim::Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                  std::uint64_t seed, bosim::LmlWorkspace& workspace) {
  bosim::Rng rng(seed);
  return bosim::fit_hyperparameters(kernel, bosim::HyperparameterBounds{}, x, y, nullptr, bosim::FitOptions{}, rng,
                                    workspace);
}

FitOutcome bosim_fit(const bosim::Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                     std::uint64_t seed, bosim::LmlWorkspace& workspace) {
  const bosim::FitResult fit = bosim_fit_result(kernel, x, y, seed, workspace);
  return {fit.log_marginal_likelihood, fit.evaluations};
}

/// CPU time of this process in ms: other processes sharing the core do not count.
double cpu_milliseconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return 1e3 * static_cast<double>(now.tv_sec) + 1e-6 * static_cast<double>(now.tv_nsec);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

/// The 8 training sets of size n (the same in every mode).
void training_sets_of_size(Eigen::Index n, std::vector<Eigen::MatrixXd>& xs, std::vector<Eigen::VectorXd>& ys) {
  xs.resize(training_sets);
  ys.resize(training_sets);
  for (int set = 0; set < training_sets; ++set) bosim::bench::synthetic_training_set(n, set, xs[set], ys[set]);
}

/// --bosim-only: bosim's fits at one n, repeated for about `seconds` of CPU time, then each set's fit to 17 digits.
int bosim_only(const bosim::Kernel& kernel, Eigen::Index n, double seconds) {
  std::vector<Eigen::MatrixXd> xs;
  std::vector<Eigen::VectorXd> ys;
  training_sets_of_size(n, xs, ys);
  bosim::LmlWorkspace workspace;
  const double started = cpu_milliseconds();
  long fits = 0;
  while (cpu_milliseconds() - started < 1e3 * seconds) {
    for (int set = 0; set < training_sets; ++set)
      bosim_fit(kernel, xs[set], ys[set], bosim::bench::synthetic_fit_seed(set), workspace);
    fits += training_sets;
  }
  std::printf("n = %ld: %ld fits, %.4f CPU ms per fit\n", static_cast<long>(n), fits,
              (cpu_milliseconds() - started) / static_cast<double>(fits));
  for (int set = 0; set < training_sets; ++set) {
    const bosim::FitResult fit =
        bosim_fit_result(kernel, xs[set], ys[set], bosim::bench::synthetic_fit_seed(set), workspace);
    std::printf("set %d: %d evaluations, log p %.17g, theta", set, fit.evaluations, fit.log_marginal_likelihood);
    for (Eigen::Index i = 0; i < fit.theta.size(); ++i) std::printf(" %.17g", fit.theta(i));
    std::printf("\n");
  }
  return 0;
}

/// The three fits timed against each other.
enum class Contender { bosim, textbook, limbo_like };
constexpr std::array contenders{Contender::bosim, Contender::textbook, Contender::limbo_like};
constexpr std::array<const char*, contenders.size()> contender_names{"bosim", "textbook", "limbo-like"};

/// One contender's figures over the rounds at one n.
struct ContestFigures {
  std::vector<double> milliseconds;  ///< CPU ms per fit, averaged over the training sets, one per round
  double evaluations = 0;            ///< likelihood evaluations per fit
  double log_likelihood = 0;         ///< mean best log p
};

FitOutcome contender_fit(Contender contender, const bosim::Kernel& kernel, const Eigen::MatrixXd& x,
                         const Eigen::VectorXd& y, std::uint64_t seed, bosim::LmlWorkspace& workspace) {
  switch (contender) {
    case Contender::bosim:
      return bosim_fit(kernel, x, y, seed, workspace);
    case Contender::textbook:
      return textbook_fit(kernel, x, y, seed);
    case Contender::limbo_like:
      return limbo_like_fit(kernel, x, y, seed);
  }
  return {};
}

/// `rounds` interleaved rounds (bosim, textbook, limbo-like, bosim, …) at n, then a line per contender: min and
/// median ms per fit, evaluations, best log p, µs per evaluation (min ms / evaluations) and bosim's speed-up.
void print_contest(const bosim::Kernel& kernel, Eigen::Index n, int rounds) {
  std::vector<Eigen::MatrixXd> xs;
  std::vector<Eigen::VectorXd> ys;
  training_sets_of_size(n, xs, ys);
  std::array<ContestFigures, contenders.size()> figures;
  bosim::LmlWorkspace workspace;
  for (int round = 0; round < rounds; ++round)
    for (std::size_t c = 0; c < contenders.size(); ++c) {
      const double started = cpu_milliseconds();
      double evaluations = 0, logp = 0;
      for (int set = 0; set < training_sets; ++set) {
        const FitOutcome outcome =
            contender_fit(contenders[c], kernel, xs[set], ys[set], bosim::bench::synthetic_fit_seed(set), workspace);
        evaluations += outcome.evaluations;
        logp += outcome.log_likelihood;
      }
      figures[c].milliseconds.push_back((cpu_milliseconds() - started) / training_sets);
      figures[c].evaluations = evaluations / training_sets;
      figures[c].log_likelihood = logp / training_sets;
    }
  const double bosim_min = *std::min_element(figures[0].milliseconds.begin(), figures[0].milliseconds.end());
  for (std::size_t c = 0; c < contenders.size(); ++c) {
    const double min = *std::min_element(figures[c].milliseconds.begin(), figures[c].milliseconds.end());
    std::printf("%4ld %-11s %12.4f %12.4f %10.1f %11.3f %10.2f %8.2fx\n", static_cast<long>(n), contender_names[c], min,
                median(figures[c].milliseconds), figures[c].evaluations, figures[c].log_likelihood,
                1e3 * min / figures[c].evaluations, min / bosim_min);
  }
  std::fflush(stdout);
}

/// The largest ROUNDS or N accepted on the command line.
constexpr long largest_count = 1000000;

struct Arguments {
  int rounds = 7;
  int bosim_only_n = 0;  ///< > 0: --bosim-only at this n
  double seconds = 10.0;
};

/// `[ROUNDS]` or `--bosim-only N [SECONDS]`; false on anything else.
bool parse_arguments(int argc, char** argv, Arguments& arguments) {
  if (argc > 1 && std::string_view(argv[1]) == "--bosim-only") {
    if (argc < 3 || argc > 4) return false;
    arguments.bosim_only_n = static_cast<int>(bosim::bench::positive_integer(argv[2], largest_count));
    if (argc == 4) arguments.seconds = bosim::bench::positive_number(argv[3]);
    return arguments.bosim_only_n > 0 && arguments.seconds > 0.0;
  }
  if (argc > 2) return false;
  if (argc == 2) arguments.rounds = static_cast<int>(bosim::bench::positive_integer(argv[1], largest_count));
  return arguments.rounds > 0;
}

}  // namespace

int main(int argc, char** argv) {
  Arguments arguments;
  if (!parse_arguments(argc, argv, arguments)) {
    std::fprintf(stderr,
                 "usage: bosim_fit_vs_nlopt [ROUNDS]  or  bosim_fit_vs_nlopt --bosim-only N [SECONDS]\n"
                 "  ROUNDS, N: positive integers; SECONDS: a positive number\n");
    return 2;
  }
  const bosim::Kernel kernel(bosim::KernelKind::squared_exponential_ard, dimension);
  if (arguments.bosim_only_n > 0) return bosim_only(kernel, arguments.bosim_only_n, arguments.seconds);
  std::printf("%4s %-11s %12s %12s %10s %11s %10s %9s\n", "n", "fit", "min ms", "median ms", "evals", "best logp",
              "us/eval", "bosim x");
  for (Eigen::Index n = 10; n <= 60; n += 10) print_contest(kernel, n, arguments.rounds);
  return 0;
}
