// DesignSpace: validation, the map to the unit cube, grid enumeration and snapping.
#include "space/design_space.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <utility>

namespace bosim {
namespace {

/// Relative slack when counting grid values, so that a span that is a whole
/// number of steps up to rounding (0.3 / 0.1 = 2.9999999999999996) keeps its last value.
constexpr double grid_count_tolerance = 1e-9;

/// Absolute slack of a linear constraint (decimal grid values are not exact in binary).
constexpr double constraint_tolerance = 1e-9;

/// Largest grid() result, in rows; beyond it enumeration would exhaust memory.
constexpr double max_enumerated_grid_points = 1e8;

/// A feature is a grid axis when it has a step, or when it is fixed (one value).
bool is_grid_axis(const FeatureRange& feature) { return feature.step > 0.0 || feature.upper == feature.lower; }

/// Number of allowed values of a grid axis: lower, lower + step, ... ≤ upper.
Eigen::Index axis_value_count(const FeatureRange& feature) {
  if (feature.upper == feature.lower) return 1;
  const double steps = (feature.upper - feature.lower) / feature.step;
  return static_cast<Eigen::Index>(std::floor(steps * (1.0 + grid_count_tolerance))) + 1;
}

/// The k-th allowed value of a grid axis; the last one is exactly upper when the span is a whole number of steps.
double axis_value(const FeatureRange& feature, Eigen::Index k) {
  const double value = feature.lower + static_cast<double>(k) * feature.step;
  const double span = feature.upper - feature.lower;
  return std::abs(value - feature.upper) <= grid_count_tolerance * span ? feature.upper : value;
}

/// A number as the user would write it (std::to_string pads to 6 decimals).
std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

void validate(const FeatureRange& feature) {
  const std::string label = "feature \"" + feature.name + "\": ";
  if (feature.is_categorical()) {
    const double top = static_cast<double>(feature.levels.size() - 1);
    if (feature.lower != 0.0 || feature.upper != top || (top > 0.0 && feature.step != 1.0) || feature.log_scale)
      throw std::invalid_argument(label + "a categorical feature has no bounds, step or log scale of its own");
    return;
  }
  if (!std::isfinite(feature.lower) || !std::isfinite(feature.upper))
    throw std::invalid_argument(label + "bounds must be finite numbers");
  if (feature.lower > feature.upper)
    throw std::invalid_argument(label + "lower bound " + format_number(feature.lower) + " exceeds upper bound " +
                                format_number(feature.upper));
  if (!std::isfinite(feature.step) || feature.step < 0.0)
    throw std::invalid_argument(label + "step must be a finite number ≥ 0 (0 means continuous)");
  if (feature.log_scale && feature.lower <= 0.0)
    throw std::invalid_argument(label + "log scale needs a lower bound > 0, got " + format_number(feature.lower));
}

}  // namespace

DesignSpace::DesignSpace(std::vector<FeatureRange> features) : features_(std::move(features)) {
  for (const FeatureRange& feature : features_) validate(feature);
}

DesignSpace::DesignSpace(std::vector<FeatureRange> features, std::vector<LinearConstraint> constraints)
    : DesignSpace(std::move(features)) {
  for (const LinearConstraint& constraint : constraints) {
    if (static_cast<Eigen::Index>(constraint.coefficients.size()) != dimension())
      throw std::invalid_argument("constraint \"" + constraint.description + "\" has " +
                                  std::to_string(constraint.coefficients.size()) + " coefficients, the space has " +
                                  std::to_string(dimension()) + " features");
    if (!(constraint.lower <= constraint.upper))
      throw std::invalid_argument("constraint \"" + constraint.description + "\": lower bound exceeds upper bound");
  }
  constraints_ = std::move(constraints);
}

FeatureRange FeatureRange::categorical(std::string name, std::vector<std::string> levels) {
  FeatureRange range;
  range.name = std::move(name);
  range.lower = 0.0;
  range.upper = levels.empty() ? 0.0 : static_cast<double>(levels.size() - 1);
  range.step = 1.0;
  range.levels = std::move(levels);
  return range;
}

std::vector<Eigen::Index> DesignSpace::categorical_features() const {
  std::vector<Eigen::Index> indices;
  for (size_t j = 0; j < features_.size(); ++j)
    if (features_[j].is_categorical()) indices.push_back(static_cast<Eigen::Index>(j));
  return indices;
}

std::string DesignSpace::value_text(Eigen::Index feature, double raw) const {
  const FeatureRange& range = features_.at(static_cast<size_t>(feature));
  if (range.is_categorical()) {
    const auto index = static_cast<long>(std::llround(raw));
    if (index >= 0 && index < static_cast<long>(range.levels.size()) && static_cast<double>(index) == raw)
      return range.levels[static_cast<size_t>(index)];
  }
  return format_number(raw);
}

int DesignSpace::violated_constraint(const Eigen::RowVectorXd& raw) const {
  for (size_t c = 0; c < constraints_.size(); ++c) {
    const LinearConstraint& constraint = constraints_[c];
    double sum = 0.0;
    for (Eigen::Index j = 0; j < raw.size(); ++j) sum += constraint.coefficients[static_cast<size_t>(j)] * raw[j];
    if (sum < constraint.lower - constraint_tolerance || sum > constraint.upper + constraint_tolerance)
      return static_cast<int>(c);
  }
  return -1;
}

Eigen::MatrixXd DesignSpace::to_unit(const Eigen::MatrixXd& raw) const {
  if (raw.cols() != dimension())
    throw std::invalid_argument("to_unit: designs have " + std::to_string(raw.cols()) + " columns, the space has " +
                                std::to_string(dimension()) + " features");
  Eigen::MatrixXd unit(raw.rows(), raw.cols());
  for (Eigen::Index j = 0; j < dimension(); ++j) {
    const FeatureRange& feature = features_[static_cast<size_t>(j)];
    if (feature.upper == feature.lower) {
      unit.col(j).setZero();  // a fixed feature carries no information; avoid 0/0
      continue;
    }
    if (feature.log_scale) {
      const double lower = std::log10(feature.lower);
      const double span = std::log10(feature.upper) - lower;
      unit.col(j) = (raw.col(j).array().log10() - lower) / span;
    } else {
      unit.col(j) = (raw.col(j).array() - feature.lower) / (feature.upper - feature.lower);
    }
  }
  return unit;
}

Eigen::MatrixXd DesignSpace::from_unit(const Eigen::MatrixXd& unit) const {
  if (unit.cols() != dimension())
    throw std::invalid_argument("from_unit: points have " + std::to_string(unit.cols()) + " columns, the space has " +
                                std::to_string(dimension()) + " features");
  Eigen::MatrixXd raw(unit.rows(), unit.cols());
  for (Eigen::Index j = 0; j < dimension(); ++j) {
    const FeatureRange& feature = features_[static_cast<size_t>(j)];
    if (feature.log_scale) {
      const double lower = std::log10(feature.lower);
      const double span = std::log10(feature.upper) - lower;
      raw.col(j) = (lower + unit.col(j).array() * span).unaryExpr([](double e) { return std::pow(10.0, e); });
    } else {
      raw.col(j) = feature.lower + unit.col(j).array() * (feature.upper - feature.lower);
    }
  }
  return raw;
}

bool DesignSpace::is_grid() const {
  return !features_.empty() && std::all_of(features_.begin(), features_.end(), is_grid_axis);
}

double DesignSpace::grid_size() const {
  if (!is_grid()) throw std::logic_error("grid_size: the design space has a continuous feature");
  double size = 1.0;
  for (const FeatureRange& feature : features_) size *= static_cast<double>(axis_value_count(feature));
  return size;
}

Eigen::MatrixXd DesignSpace::grid() const {
  const double size = grid_size();
  if (size > max_enumerated_grid_points)
    throw std::length_error("grid: " + format_number(size) + " grid points are too many to enumerate");
  const auto rows = static_cast<Eigen::Index>(size);
  Eigen::MatrixXd points(rows, dimension());
  // Mixed-radix counting: column j repeats each value `repeat` times, where
  // repeat is the product of the value counts of the features after j.
  Eigen::Index repeat = 1;
  for (Eigen::Index j = dimension() - 1; j >= 0; --j) {
    const FeatureRange& feature = features_[static_cast<size_t>(j)];
    const Eigen::Index count = axis_value_count(feature);
    for (Eigen::Index row = 0; row < rows; ++row) points(row, j) = axis_value(feature, (row / repeat) % count);
    repeat *= count;
  }
  if (constraints_.empty()) return points;
  Eigen::Index kept = 0;
  for (Eigen::Index row = 0; row < rows; ++row)
    if (is_feasible(points.row(row))) points.row(kept++) = points.row(row);
  points.conservativeResize(kept, Eigen::NoChange);
  return points;
}

Eigen::RowVectorXd DesignSpace::snap(const Eigen::RowVectorXd& raw) const {
  if (raw.size() != dimension())
    throw std::invalid_argument("snap: point has " + std::to_string(raw.size()) + " coordinates, the space has " +
                                std::to_string(dimension()) + " features");
  Eigen::RowVectorXd snapped(raw.size());
  for (Eigen::Index j = 0; j < dimension(); ++j) {
    const FeatureRange& feature = features_[static_cast<size_t>(j)];
    const double clamped = std::clamp(raw[j], feature.lower, feature.upper);
    if (feature.step > 0.0 && feature.upper > feature.lower) {
      const double nearest = std::round((clamped - feature.lower) / feature.step);
      const auto k = std::clamp(static_cast<Eigen::Index>(nearest), Eigen::Index{0}, axis_value_count(feature) - 1);
      snapped[j] = axis_value(feature, k);
    } else {
      snapped[j] = clamped;
    }
  }
  return snapped;
}

}  // namespace bosim
