// One GP hyperparameter fit, bosim against a limbo-like NLopt L-BFGS fit, at n = 10 … 60 on identical training sets.
//
// limbo (resibots/limbo) is not packaged in Debian. This is an honest stand-in
// built from Debian's libnlopt-dev, configured as limbo's likelihood optimizer
// is (kernel hyperparameters by NLopt's L-BFGS, NLOPT_LD_LBFGS, on the log
// scale) and set to bosim's protocol: the same θ = [log ℓ_d, log σ_f², log σ_n²],
// the same box, the same three starts (default + 2 uniform random, drawn from
// the same Rng), relative tolerance 10⁻⁴ on −log p (NLopt ftol_rel) and at most
// 200 evaluations per start. Its likelihood is the textbook one a library
// like limbo evaluates (Rasmussen & Williams 2006, Algorithm 2.1 and Eq. 5.9):
// K_y from a loop over pairs, Eigen's LLT, K_y⁻¹ = LLT.solve(I), and the
// gradient ½ tr((ααᵀ − K_y⁻¹) ∂K_y/∂θ_j) summed pair by pair; no flush-to-zero
// (limbo sets none). A start that NLopt stops with an error keeps its best point.
//
//   taskset -c 0 build/bench/bosim_fit_vs_nlopt [rounds]
//   taskset -c 0 build/bench/bosim_fit_vs_nlopt --bosim-only n [seconds]
//
// Prints, per n, the minimum and median over rounds (interleaved: bosim, NLopt,
// bosim, …) of the CPU milliseconds per fit, averaged over 8 training sets, the
// likelihood evaluations per fit, the mean best log p reached, and the speed-up.
// With --bosim-only it only repeats bosim's fits of the 8 sets at one n for about
// the given CPU seconds (default 10), for a profiler (perf record), and prints the
// evaluations, θ and log p of each set to 17 digits, so that two builds can be
// compared for bit-identical fits.
#include <nlopt.h>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <numbers>
#include <string_view>
#include <vector>

#include "command_line.hpp"
#include "common/random.hpp"
#include "gp/hyperparameter_fit.hpp"
#include "synthetic_training_sets.hpp"

namespace {

constexpr Eigen::Index dimension = bosim::bench::synthetic_dimension;
constexpr int training_sets = bosim::bench::synthetic_sets_per_size;

/// The stand-in's −log p and gradient, the textbook way (see the file comment).
struct TextbookLikelihood {
  const Eigen::MatrixXd& x;
  const Eigen::VectorXd& y;
  int evaluations = 0;
  double best = -std::numeric_limits<double>::infinity();

  double negative_log_likelihood(const double* theta, double* gradient) {
    ++evaluations;
    const Eigen::Index n = x.rows();
    Eigen::VectorXd inverse_squared_lengthscale(dimension);
    for (Eigen::Index d = 0; d < dimension; ++d) inverse_squared_lengthscale(d) = std::exp(-2.0 * theta[d]);
    const double signal = std::exp(theta[dimension]), noise = std::exp(theta[dimension + 1]);
    Eigen::MatrixXd k(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j <= i; ++j) {
        const double r2 =
            ((x.row(i) - x.row(j)).array().square() * inverse_squared_lengthscale.transpose().array()).sum();
        k(i, j) = k(j, i) = signal * std::exp(-0.5 * r2);
      }
    const Eigen::MatrixXd kernel_only = k;
    k.diagonal().array() += noise;
    const Eigen::LLT<Eigen::MatrixXd> llt(k);
    if (llt.info() != Eigen::Success) {
      if (gradient) std::fill(gradient, gradient + dimension + 2, 0.0);
      return 1e10;
    }
    const Eigen::VectorXd alpha = llt.solve(y);
    const double log_likelihood = -0.5 * y.dot(alpha) - llt.matrixL().toDenseMatrix().diagonal().array().log().sum() -
                                  0.5 * static_cast<double>(n) * std::log(2.0 * std::numbers::pi);
    best = std::max(best, log_likelihood);
    if (gradient) {
      const Eigen::MatrixXd w = alpha * alpha.transpose() - llt.solve(Eigen::MatrixXd::Identity(n, n));
      std::vector<double> g(dimension + 2, 0.0);
      for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) {
          for (Eigen::Index d = 0; d < dimension; ++d) {
            const double delta = x(i, d) - x(j, d);
            g[d] += w(i, j) * kernel_only(i, j) * delta * delta * inverse_squared_lengthscale(d);
          }
          g[dimension] += w(i, j) * kernel_only(i, j);
        }
      g[dimension + 1] = w.trace() * noise;
      for (Eigen::Index p = 0; p < dimension + 2; ++p) gradient[p] = -0.5 * g[p];
    }
    return -log_likelihood;
  }
};

double nlopt_objective(unsigned, const double* theta, double* gradient, void* data) {
  return static_cast<TextbookLikelihood*>(data)->negative_log_likelihood(theta, gradient);
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

FitOutcome nlopt_fit(const bosim::Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                     std::uint64_t seed) {
  Eigen::VectorXd lower, upper;
  kernel.log_bounds(bosim::HyperparameterBounds{}, lower, upper);
  TextbookLikelihood likelihood{x, y};
  for (Eigen::VectorXd theta : starts(kernel, seed)) {
    nlopt_opt optimizer = nlopt_create(NLOPT_LD_LBFGS, static_cast<unsigned>(theta.size()));
    nlopt_set_lower_bounds(optimizer, lower.data());
    nlopt_set_upper_bounds(optimizer, upper.data());
    nlopt_set_min_objective(optimizer, nlopt_objective, &likelihood);
    nlopt_set_ftol_rel(optimizer, 1e-4);
    nlopt_set_maxeval(optimizer, 200);
    double value = 0.0;
    nlopt_optimize(optimizer, theta.data(), &value);  // an error result keeps the best point seen
    nlopt_destroy(optimizer);
  }
  return {likelihood.best, likelihood.evaluations};
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
  const int rounds = arguments.rounds;
  std::printf("%4s %14s %14s %14s %14s %10s %10s %11s %11s %9s\n", "n", "bosim min ms", "bosim med ms", "nlopt min ms",
              "nlopt med ms", "bosim ev.", "nlopt ev.", "bosim logp", "nlopt logp", "speed-up");
  for (Eigen::Index n = 10; n <= 60; n += 10) {
    std::vector<Eigen::MatrixXd> xs;
    std::vector<Eigen::VectorXd> ys;
    training_sets_of_size(n, xs, ys);
    std::vector<double> bosim_ms, nlopt_ms;
    double bosim_evaluations = 0, nlopt_evaluations = 0, bosim_logp = 0, nlopt_logp = 0;
    bosim::LmlWorkspace workspace;
    for (int round = 0; round < rounds; ++round) {
      for (const bool ours : {true, false}) {
        const double started = cpu_milliseconds();
        double evaluations = 0, logp = 0;
        for (int set = 0; set < training_sets; ++set) {
          const std::uint64_t seed = bosim::bench::synthetic_fit_seed(set);
          const FitOutcome outcome =
              ours ? bosim_fit(kernel, xs[set], ys[set], seed, workspace) : nlopt_fit(kernel, xs[set], ys[set], seed);
          evaluations += outcome.evaluations;
          logp += outcome.log_likelihood;
        }
        const double ms = (cpu_milliseconds() - started) / training_sets;
        (ours ? bosim_ms : nlopt_ms).push_back(ms);
        (ours ? bosim_evaluations : nlopt_evaluations) = evaluations / training_sets;
        (ours ? bosim_logp : nlopt_logp) = logp / training_sets;
      }
    }
    const double bosim_min = *std::min_element(bosim_ms.begin(), bosim_ms.end());
    const double nlopt_min = *std::min_element(nlopt_ms.begin(), nlopt_ms.end());
    std::printf("%4ld %14.3f %14.3f %14.3f %14.3f %10.1f %10.1f %11.3f %11.3f %8.2fx\n", static_cast<long>(n),
                bosim_min, median(bosim_ms), nlopt_min, median(nlopt_ms), bosim_evaluations, nlopt_evaluations,
                bosim_logp, nlopt_logp, nlopt_min / bosim_min);
    std::fflush(stdout);
  }
  return 0;
}
