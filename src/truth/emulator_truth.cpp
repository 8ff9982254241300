// EmulatorTruth: GP fit to a dataset, pool values, and the dense search for the emulated optimum.
#include "truth/emulator_truth.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "gp/hyperparameter_fit.hpp"
#include "truth/function_truth.hpp"
#include "truth/sobol_sequence.hpp"

namespace bosim {
namespace {

/// Pooled within-design standard deviation over designs with at least two replicates.
double pooled_replicate_sd(const DatasetTruth& data) {
  double squares = 0.0, degrees = 0.0;
  for (Eigen::Index i = 0; i < data.size(); ++i) {
    const std::vector<double>& values = data.replicates(i);
    if (values.size() < 2) continue;
    const double mean = data.expected_value(i);
    for (double value : values) squares += (value - mean) * (value - mean);
    degrees += static_cast<double>(values.size() - 1);
  }
  return degrees > 0.0 ? std::sqrt(squares / degrees) : 0.0;
}

}  // namespace

EmulatorTruth EmulatorTruth::load(const EmulatorSpec& spec, std::uint64_t seed) {
  const DatasetTruth data = DatasetTruth::load(spec.data);
  for (const FeatureRange& feature : data.space().features())
    if (feature.is_categorical())
      throw InputError("the emulator needs numeric features; \"" + feature.name + "\" in " + spec.data.path +
                           " is categorical (use kind = \"dataset\" to replay it)",
                       SourcePosition(spec.data.path, 1, 0, feature.name));
  const Eigen::Index dimension = data.space().dimension();
  EmulatorTruth truth(data, spec.kernel);
  truth.path_ = spec.data.path;
  // The emulator answers anywhere: a feature is continuous unless the study gives its step
  // (the steps DatasetTruth infers from the data describe the data, not the emulator).
  std::vector<FeatureRange> features = data.space().features();
  for (FeatureRange& feature : features) {
    feature.step = 0.0;
    for (const FeatureOverride& override_spec : spec.data.feature_overrides)
      if (override_spec.name == feature.name && override_spec.step) feature.step = *override_spec.step;
  }
  std::vector<LinearConstraint> constraints = resolve_constraints(features, spec.data.constraints);
  truth.set_space(DesignSpace(std::move(features), std::move(constraints)));
  truth.dataset_designs_ = data.size();
  truth.replicate_sd_ = pooled_replicate_sd(data);
  truth.replicate_noise_ = spec.replicate_noise;
  if (spec.replicate_noise && truth.replicate_sd_ == 0.0)
    throw InputError("replicate_noise = true needs replicates (rows with equal features) in " + spec.data.path +
                         "; it has none, so their spread is unknown",
                     SourcePosition(spec.data.path));

  // Every replicate row is one training point.
  const Eigen::Index rows = data.row_count();
  Eigen::MatrixXd raw(rows, dimension);
  Eigen::VectorXd y(rows);
  Eigen::Index row = 0;
  for (Eigen::Index i = 0; i < data.size(); ++i)
    for (double value : data.replicates(i)) {
      raw.row(row) = data.designs().row(i);
      y[row++] = value;
    }
  truth.y_mean_ = y.mean();
  const double variance =
      (y.array() - truth.y_mean_).square().sum() / static_cast<double>(std::max<Eigen::Index>(rows - 1, 1));
  truth.y_scale_ = variance > 0.0 ? std::sqrt(variance) : 1.0;
  const Eigen::MatrixXd x = truth.space().to_unit(raw);
  const Eigen::VectorXd standardized = (y.array() - truth.y_mean_) / truth.y_scale_;

  Rng fit_rng(mix_seed(seed, 1));
  FitOptions options;
  options.random_restarts = 5;
  LmlWorkspace workspace;
  const Kernel kernel(spec.kernel, dimension);
  const FitResult fit =
      fit_hyperparameters(kernel, HyperparameterBounds{}, x, standardized, nullptr, options, fit_rng, workspace);
  if (!fit.ok || !truth.gp_.condition(x, standardized, fit.theta))
    throw std::runtime_error("emulator: the GP fit to " + spec.data.path + " failed (no finite likelihood)");

  truth.pool_kind_ = spec.pool.value_or(
      truth.space().is_grid() && truth.space().grid_size() <= max_default_grid ? PoolKind::grid : PoolKind::sobol);
  Eigen::MatrixXd pool =
      make_candidate_pool(truth.space(), PoolSpec{truth.pool_kind_, spec.pool_size}, mix_seed(seed, 2));
  Eigen::VectorXd values = truth.predict(pool);
  truth.set_pool(std::move(pool), std::move(values));
  truth.search_optimum(mix_seed(seed, 3));
  return truth;
}

Eigen::VectorXd EmulatorTruth::predict_unit(const Eigen::MatrixXd& unit) const {
  Eigen::VectorXd mean, variance;
  gp_.predict(unit, mean, variance);
  return (mean.array() * y_scale_ + y_mean_).matrix();
}

Eigen::VectorXd EmulatorTruth::predict(const Eigen::MatrixXd& raw) const { return predict_unit(space().to_unit(raw)); }

void EmulatorTruth::search_optimum(std::uint64_t seed) {
  const Eigen::Index dimension = space().dimension();
  const double sign = goal() == Goal::maximize ? 1.0 : -1.0;
  const Eigen::Index count = std::min<Eigen::Index>(65536, std::max<Eigen::Index>(4096, 1024 * dimension));
  Eigen::MatrixXd unit;
  if (dimension <= SobolSequence::max_dimension) {
    unit = shifted_sobol_points(count, static_cast<int>(dimension), seed);
  } else {  // beyond the direction numbers: uniform random points
    Rng rng(seed);
    unit = Eigen::MatrixXd::NullaryExpr(count, dimension, [&rng]() { return rng.uniform(); });
  }
  Eigen::VectorXd scores = sign * predict_unit(unit);
  // Only designs that meet the [[truth.constraint]]s count: an infeasible start scores -infinity.
  const bool constrained = !space().constraints().empty();
  auto feasible = [&](const Eigen::RowVectorXd& unit_point) {
    return !constrained || space().is_feasible(space().from_unit(unit_point).row(0));
  };
  for (Eigen::Index i = 0; i < count; ++i)
    if (!feasible(unit.row(i))) scores[i] = -std::numeric_limits<double>::infinity();
  std::vector<Eigen::Index> order(static_cast<size_t>(count));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  const auto starts = std::min<Eigen::Index>(5, count);
  std::partial_sort(order.begin(), order.begin() + starts, order.end(),
                    [&](Eigen::Index a, Eigen::Index b) { return scores[a] > scores[b]; });

  Eigen::RowVectorXd best_point = unit.row(order.front());
  double best_score = scores[order.front()];
  Eigen::MatrixXd trial(1, dimension);
  for (Eigen::Index s = 0; s < starts; ++s) {
    // Compass search (Kolda, Lewis & Torczon, SIAM Review 45, 2003): try ±step along each axis, move on
    // improvement, halve the step when no direction improves.
    Eigen::RowVectorXd point = unit.row(order[static_cast<size_t>(s)]);
    double score = scores[order[static_cast<size_t>(s)]];
    for (double step = 1.0 / 16.0; step >= 1e-6;) {
      bool improved = false;
      for (Eigen::Index d = 0; d < dimension && !improved; ++d)
        for (double direction : {1.0, -1.0}) {
          trial.row(0) = point;
          trial(0, d) = std::clamp(point[d] + direction * step, 0.0, 1.0);
          if (!feasible(trial.row(0))) continue;
          const double trial_score = sign * predict_unit(trial)[0];
          if (trial_score > score) {
            point = trial.row(0);
            score = trial_score;
            improved = true;
            break;
          }
        }
      if (!improved) step *= 0.5;
    }
    if (score > best_score) {
      best_score = score;
      best_point = point;
    }
  }
  optimum_point_ = space().from_unit(best_point);
  optimum_value_ = sign * best_score;
}

std::string EmulatorTruth::describe() const {
  std::string point = "(";
  char number[32];
  for (Eigen::Index d = 0; d < optimum_point_.size(); ++d) {
    std::snprintf(number, sizeof number, "%.4g", optimum_point_[d]);
    point.append(d > 0 ? ", " : "").append(number);
  }
  point += ")";
  char text[512];
  std::snprintf(text, sizeof text,
                "emulator of %s (GP fit to %ld designs): %s pool of %ld designs, best pool value %.6g; emulated "
                "optimum %.6g at %s",
                std::filesystem::path(path_).filename().string().c_str(), static_cast<long>(dataset_designs_),
                to_string(pool_kind_).c_str(), static_cast<long>(size()), best_value(), optimum_value_, point.c_str());
  if (!replicate_noise_) return text;
  std::snprintf(number, sizeof number, "%.4g", replicate_sd_);
  return std::string(text) + ", replicate noise sd " + number;
}

double EmulatorTruth::measure(Eigen::Index design, Rng& rng) const {
  require_design(design);
  return replicate_noise_ ? expected_value(design) + replicate_sd_ * rng.normal() : expected_value(design);
}

}  // namespace bosim
