// Micro-benchmarks (Google Benchmark) of the GP hot path, the acquisitions, and the cost of one campaign iteration.
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cmath>

#include "acquisition/expected_improvement.hpp"
#include "acquisition/mean_variance.hpp"
#include "acquisition/probability_of_improvement.hpp"
#include "acquisition/pure_exploration.hpp"
#include "acquisition/thompson_sampling.hpp"
#include "acquisition/upper_confidence_bound.hpp"
#include "campaign/surrogate_model.hpp"
#include "common/random.hpp"
#include "gp/cholesky_inverse.hpp"
#include "gp/flush_subnormals.hpp"
#include "gp/gaussian_process.hpp"
#include "gp/hyperparameter_fit.hpp"
#include "gp/jittered_cholesky.hpp"
#include "gp/log_marginal_likelihood.hpp"
#include "limbo_like_likelihood.hpp"
#include "textbook_likelihood.hpp"

namespace {

using bosim::Kernel;
using bosim::KernelKind;

/// Four inputs, like the crossed-barrel dataset.
constexpr Eigen::Index dimension = 4;

/// Uniform points in the unit cube.
Eigen::MatrixXd unit_points(Eigen::Index count, std::uint64_t seed) {
  bosim::Rng rng(seed);
  Eigen::MatrixXd points(count, dimension);
  for (Eigen::Index i = 0; i < points.size(); ++i) points(i) = rng.uniform();
  return points;
}

/// A smooth standardized response with a little noise, so fits behave as in a replay.
Eigen::VectorXd smooth_targets(const Eigen::MatrixXd& x, std::uint64_t seed) {
  bosim::Rng rng(seed);
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    y(i) = std::sin(3.0 * x(i, 0)) * std::cos(2.0 * x(i, 1)) + x(i, 2) * x(i, 3) + 0.05 * rng.normal();
  return ((y.array() - y.mean()) / std::sqrt((y.array() - y.mean()).square().mean())).matrix();
}

/// θ near a typical optimum: ℓ = 0.3, σ_f² = 1, σ_n² = 10⁻³.
Eigen::VectorXd typical_theta() {
  Eigen::VectorXd theta(dimension + 2);
  theta.head(dimension).setConstant(std::log(0.3));
  theta(dimension) = 0.0;
  theta(dimension + 1) = std::log(1e-3);
  return theta;
}

void kernel_matrix(benchmark::State& state) {
  const Eigen::MatrixXd x = unit_points(state.range(0), 1);
  const Kernel kernel(KernelKind::squared_exponential_ard, dimension);
  const Eigen::VectorXd theta = typical_theta();
  Eigen::MatrixXd covariance;
  for (auto _ : state) {
    kernel.covariance(x, x, theta, covariance);
    benchmark::DoNotOptimize(covariance.data());
  }
}
BENCHMARK(kernel_matrix)->Arg(20)->Arg(50)->Arg(100)->Arg(200);

/// The likelihood's factor and inverse alone (JitteredCholesky::factorize_in_blocks + inverse_from_cholesky)
/// on K_y = K_f + 10⁻³ I at typical length scales, from the packed lower triangle as the likelihood holds it.
void factor_and_inverse(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  const Eigen::MatrixXd x = unit_points(n, 1);
  const Kernel kernel(KernelKind::squared_exponential_ard, dimension);
  Eigen::MatrixXd covariance;
  kernel.covariance(x, x, typical_theta(), covariance);
  Eigen::VectorXd packed(n * (n + 1) / 2);
  for (Eigen::Index j = 0, offset = 0; j < n; offset += n - j, ++j)
    packed.segment(offset, n - j) = covariance.col(j).tail(n - j);
  const bosim::FlushSubnormals flush_subnormals;
  bosim::JitteredCholesky cholesky;
  Eigen::MatrixXd factor, scratch, inverse;
  for (auto _ : state) {
    benchmark::DoNotOptimize(cholesky.factorize_in_blocks(packed, 1e-3, n, factor));
    bosim::inverse_from_cholesky(factor, n, scratch, inverse);
    benchmark::DoNotOptimize(inverse.data());
  }
}
BENCHMARK(factor_and_inverse)->DenseRange(10, 60, 10)->Arg(100)->Arg(200);

/// One Cholesky + log marginal likelihood + gradient, as the optimizer calls it.
void likelihood_and_gradient(benchmark::State& state) {
  const Eigen::MatrixXd x = unit_points(state.range(0), 2);
  const Eigen::VectorXd y = smooth_targets(x, 3);
  const Kernel kernel(KernelKind::squared_exponential_ard, dimension);
  Eigen::VectorXd theta = typical_theta(), gradient;
  bosim::LmlWorkspace workspace;
  for (auto _ : state) {
    theta(0) += 1e-12;  // a new θ each time, as in a line search (the X cache stays valid)
    benchmark::DoNotOptimize(bosim::log_marginal_likelihood(kernel, x, y, theta, &gradient, workspace));
  }
}
BENCHMARK(likelihood_and_gradient)->DenseRange(10, 60, 10)->Arg(100)->Arg(200);

/// The same evaluation by bench/fit_vs_nlopt.cpp's stand-ins (same x, y, θ): the textbook likelihood, and the
/// work limbo's objective does (a copy of its GP object, K_y entry by entry, a new vector per pair's gradient).
void textbook_likelihood_and_gradient(benchmark::State& state) {
  const Eigen::MatrixXd x = unit_points(state.range(0), 2);
  const Eigen::VectorXd y = smooth_targets(x, 3);
  Eigen::VectorXd theta = typical_theta(), gradient(theta.size());
  bosim::bench::TextbookLikelihood likelihood{x, y};
  for (auto _ : state) {
    theta(0) += 1e-12;
    benchmark::DoNotOptimize(likelihood.negative_log_likelihood(theta.data(), gradient.data()));
  }
}
BENCHMARK(textbook_likelihood_and_gradient)->DenseRange(10, 60, 10);

void limbo_like_likelihood_and_gradient(benchmark::State& state) {
  const Eigen::MatrixXd x = unit_points(state.range(0), 2);
  const Eigen::VectorXd y = smooth_targets(x, 3);
  const Kernel kernel(KernelKind::squared_exponential_ard, dimension);
  Eigen::VectorXd theta = typical_theta(), gradient(theta.size());
  const bosim::bench::LimboLikeGp gp(x, y, kernel.default_parameters(bosim::HyperparameterBounds{}));
  bosim::bench::LimboLikeObjective objective{gp};
  for (auto _ : state) {
    theta(0) += 1e-12;
    benchmark::DoNotOptimize(
        objective.log_likelihood(static_cast<unsigned>(theta.size()), theta.data(), gradient.data()));
  }
}
BENCHMARK(limbo_like_likelihood_and_gradient)->DenseRange(10, 60, 10);

/// The same with σ_f² profiled out (η = θ without log σ_f², λ = σ_n²/σ_f² = 10⁻³), as the fit calls it.
void profiled_likelihood_and_gradient(benchmark::State& state) {
  const Eigen::MatrixXd x = unit_points(state.range(0), 2);
  const Eigen::VectorXd y = smooth_targets(x, 3);
  const Kernel kernel(KernelKind::squared_exponential_ard, dimension);
  Eigen::VectorXd lower, upper;
  kernel.log_bounds(bosim::HyperparameterBounds{}, lower, upper);
  const bosim::VarianceBox box{lower(dimension), upper(dimension), lower(dimension + 1), upper(dimension + 1)};
  Eigen::VectorXd reduced = bosim::profiled_parameters(kernel, typical_theta()), gradient, theta;
  bosim::LmlWorkspace workspace;
  for (auto _ : state) {
    reduced(0) += 1e-12;
    benchmark::DoNotOptimize(
        bosim::profiled_log_marginal_likelihood(kernel, x, y, reduced, box, &gradient, theta, workspace));
  }
}
BENCHMARK(profiled_likelihood_and_gradient)->DenseRange(10, 60, 10)->Arg(100)->Arg(200);

/// The same at short length scales (ℓ = 0.015, the lower bound is 0.01), as random restarts
/// try them: most off-diagonal kernel values and many later intermediates are below 10⁻³⁰⁸.
/// Without flush-to-zero (gp/flush_subnormals.hpp) each operation on such a subnormal
/// takes a microcode assist, and this benchmark runs many times slower than the one above.
void likelihood_short_lengthscales(benchmark::State& state) {
  const Eigen::MatrixXd x = unit_points(state.range(0), 2);
  const Eigen::VectorXd y = smooth_targets(x, 3);
  const Kernel kernel(KernelKind::squared_exponential_ard, dimension);
  Eigen::VectorXd theta = typical_theta(), gradient;
  theta.head(dimension).setConstant(std::log(0.015));
  bosim::LmlWorkspace workspace;
  for (auto _ : state) {
    theta(0) += 1e-12;
    benchmark::DoNotOptimize(bosim::log_marginal_likelihood(kernel, x, y, theta, &gradient, workspace));
  }
}
BENCHMARK(likelihood_short_lengthscales)->Arg(20)->Arg(60);

/// One hyperparameter fit: default start + 2 random restarts, as in a replay; second argument 1 =
/// σ_f² profiled out, 0 = L-BFGS-B over all of θ (the default).
void hyperparameter_fit(benchmark::State& state) {
  const Eigen::MatrixXd x = unit_points(state.range(0), 4);
  const Eigen::VectorXd y = smooth_targets(x, 5);
  const Kernel kernel(KernelKind::squared_exponential_ard, dimension);
  bosim::FitOptions options;
  options.profile_signal_variance = state.range(1) != 0;
  bosim::LmlWorkspace workspace;
  double evaluations = 0.0;
  for (auto _ : state) {
    bosim::Rng rng(6);  // the same starts every time
    const bosim::FitResult fit =
        bosim::fit_hyperparameters(kernel, bosim::HyperparameterBounds{}, x, y, nullptr, options, rng, workspace);
    evaluations = fit.evaluations;
    benchmark::DoNotOptimize(fit.log_marginal_likelihood);
  }
  state.counters["evaluations"] = evaluations;
}
BENCHMARK(hyperparameter_fit)->ArgsProduct({{10, 20, 30, 40, 50, 60, 100}, {1, 0}})->Unit(benchmark::kMillisecond);

/// Predictive mean and variance over m candidates with n = 50 observations.
void batched_prediction(benchmark::State& state) {
  const Eigen::MatrixXd x = unit_points(50, 7);
  const Eigen::MatrixXd candidates = unit_points(state.range(0), 8);
  bosim::GaussianProcess gp(Kernel(KernelKind::squared_exponential_ard, dimension));
  gp.condition(x, smooth_targets(x, 9), typical_theta());
  Eigen::VectorXd mean, variance;
  for (auto _ : state) {
    gp.predict(candidates, mean, variance);
    benchmark::DoNotOptimize(variance.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(batched_prediction)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);

/// Scores of a closed-form acquisition over m = 10⁴ candidates.
template <typename Score>
void acquisition(benchmark::State& state, Score score) {
  const Eigen::Index m = 10000;
  bosim::Rng rng(10);
  Eigen::VectorXd mean(m), stddev(m), scores;
  for (Eigen::Index i = 0; i < m; ++i) {
    mean(i) = rng.normal();
    stddev(i) = 0.1 + rng.uniform();
  }
  const bosim::AcquisitionInput input{mean, stddev, 1.0, 3};
  for (auto _ : state) {
    score(input, scores);
    benchmark::DoNotOptimize(bosim::argmax_lowest_index(scores));
  }
  state.SetItemsProcessed(state.iterations() * m);
}
BENCHMARK_CAPTURE(acquisition, expected_improvement, [](const bosim::AcquisitionInput& in, Eigen::VectorXd& out) {
  bosim::expected_improvement(in, 0.0, out);
});
BENCHMARK_CAPTURE(acquisition, probability_of_improvement, [](const bosim::AcquisitionInput& in, Eigen::VectorXd& out) {
  bosim::probability_of_improvement(in, 0.0, out);
});
BENCHMARK_CAPTURE(acquisition, upper_confidence_bound, [](const bosim::AcquisitionInput& in, Eigen::VectorXd& out) {
  bosim::upper_confidence_bound(in, 1.5, 0.1, out);
});
BENCHMARK_CAPTURE(acquisition, pure_exploration,
                  [](const bosim::AcquisitionInput& in, Eigen::VectorXd& out) { bosim::pure_exploration(in, out); });
BENCHMARK_CAPTURE(acquisition, mean_variance,
                  [](const bosim::AcquisitionInput& in, Eigen::VectorXd& out) { bosim::mean_variance(in, 0.5, out); });

/// Thompson sampling: one joint draw over m candidates (O(m³) Cholesky of the posterior covariance).
void thompson_sampling(benchmark::State& state) {
  const Eigen::MatrixXd x = unit_points(30, 11);
  const Eigen::MatrixXd candidates = unit_points(state.range(0), 12);
  bosim::GaussianProcess gp(Kernel(KernelKind::squared_exponential_ard, dimension));
  gp.condition(x, smooth_targets(x, 13), typical_theta());
  Eigen::VectorXd mean, variance, draw;
  bosim::Rng rng(14);
  for (auto _ : state) {
    gp.predict(candidates, mean, variance);
    bosim::thompson_draw(mean, gp.posterior_covariance(candidates), rng, draw);
    benchmark::DoNotOptimize(draw.data());
  }
}
BENCHMARK(thompson_sampling)->Arg(100)->Arg(500)->Unit(benchmark::kMillisecond);

/// One campaign iteration (model update + prediction over the pool + EI + argmax) with n
/// observations and m candidates. refit = 1: full hyperparameter fit (3 starts); refit = 0:
/// θ kept, the Cholesky factor extended by the newest observation in O(n²).
void campaign_iteration(benchmark::State& state) {
  const Eigen::Index n = state.range(0), m = state.range(1);
  const bool refit = state.range(2) != 0;
  const Eigen::MatrixXd x = unit_points(n, 15);
  const Eigen::VectorXd y = smooth_targets(x, 16);
  const Eigen::MatrixXd candidates = unit_points(m, 17);
  bosim::CampaignSettings settings;
  settings.refit_every = refit ? 1 : 1 << 30;
  Eigen::VectorXd mean, stddev, scores;
  double evaluations = 0.0;
  for (auto _ : state) {
    state.PauseTiming();
    bosim::Rng rng(18);
    bosim::SurrogateModel model(settings, dimension, rng);
    int fits = 0, failures = 0;
    // The previous iteration's model (a full refit does not depend on it: no warm start).
    model.update(refit ? x.topRows(1) : x.topRows(n - 1), refit ? y.head(1) : y.head(n - 1), 0, fits, failures);
    const long evaluations_before = model.likelihood_evaluations();
    state.ResumeTiming();
    model.update(x, y, refit ? 1 : 2, fits, failures);
    model.predict(x, mean, stddev);
    const double best_observed_mean = mean.maxCoeff();
    model.predict(candidates, mean, stddev);
    bosim::expected_improvement(bosim::AcquisitionInput{mean, stddev, best_observed_mean, 1}, 0.0, scores);
    benchmark::DoNotOptimize(bosim::argmax_lowest_index(scores));
    evaluations = static_cast<double>(model.likelihood_evaluations() - evaluations_before);
  }
  state.counters["n"] = static_cast<double>(n);
  state.counters["m"] = static_cast<double>(m);
  state.counters["evaluations"] = evaluations;
}
/// Growth in n at m = 1000 (both modes), and in m at n = 50 (both modes).
void iteration_arguments(benchmark::internal::Benchmark* benchmark) {
  for (int refit : {1, 0}) {
    for (int n : {10, 20, 50, 100, 200, 500, 1000}) benchmark->Args({n, 1000, refit});
    for (int m : {100, 10000, 100000}) benchmark->Args({50, m, refit});  // m = 1000 is in the n series
  }
}
BENCHMARK(campaign_iteration)->Apply(iteration_arguments)->Unit(benchmark::kMillisecond)->MinTime(0.2);

}  // namespace

BENCHMARK_MAIN();
