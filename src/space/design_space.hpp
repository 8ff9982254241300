// DesignSpace: the box of design variables (bounds, optional step, optional log scale, optional linear constraints)
// and its map to [0,1]^D.
#pragma once

#include <Eigen/Core>
#include <string>
#include <utility>
#include <vector>

namespace bosim {

/// One design variable.
struct FeatureRange {
  /// Positional like an aggregate (FeatureRange{"x", 0.0, 1.0, 0.1, false}), with levels left empty.
  FeatureRange(std::string name_ = {}, double lower_ = 0.0, double upper_ = 1.0, double step_ = 0.0,
               bool log_scale_ = false)
      : name(std::move(name_)), lower(lower_), upper(upper_), step(step_), log_scale(log_scale_) {}

  std::string name;
  double lower = 0.0;
  double upper = 1.0;
  /// Increment between allowed values, in raw units (also for log_scale); 0 means continuous.
  double step = 0.0;
  /// Scale by log10 before mapping to [0,1] (inputs spanning decades; lower must be > 0).
  bool log_scale = false;
  /// Non-empty for a categorical feature: its level names. A raw value is then the level's
  /// index 0 … L−1, and the feature is a grid axis with lower = 0, upper = L − 1, step = 1
  /// (to_unit gives index / (L − 1)); the surrogate model encodes it (gp/categorical_encoding.hpp).
  std::vector<std::string> levels;

  bool is_categorical() const { return !levels.empty(); }
  /// A categorical feature over these levels (index 0 … L−1, step 1).
  static FeatureRange categorical(std::string name, std::vector<std::string> levels);
};

/// A linear constraint lower ≤ Σ_j coefficients_j x_j ≤ upper on raw values, e.g. a
/// composition whose implied remainder must stay in range (CB + CNT ∈ [0.60, 0.90]
/// so that PVdF = 1 − CB − CNT ∈ [0.10, 0.40]). Checked with an absolute slack of
/// 1e-9 so that decimal grid values on the boundary count as feasible.
struct LinearConstraint {
  std::string description;  ///< for messages, e.g. "PVdF = 1 - CB - CNT in [0.10, 0.40]"
  std::vector<double> coefficients;
  double lower = 0.0;
  double upper = 0.0;
};

/// The design space a campaign searches. The GP sees every design through
/// to_unit(): u = (x − lower) / (upper − lower) per feature (x → log10 x first
/// when log_scale), so that length scales are comparable across features.
class DesignSpace {
 public:
  DesignSpace() = default;
  /// Throws std::invalid_argument for a non-finite bound, lower > upper, a
  /// negative or non-finite step, or log_scale with lower ≤ 0 (callers that
  /// know the input's position rethrow it as InputError).
  explicit DesignSpace(std::vector<FeatureRange> features);
  /// A box with linear constraints; throws std::invalid_argument also for a
  /// constraint whose coefficient count differs from the dimension or lower > upper.
  DesignSpace(std::vector<FeatureRange> features, std::vector<LinearConstraint> constraints);

  Eigen::Index dimension() const { return static_cast<Eigen::Index>(features_.size()); }
  const std::vector<FeatureRange>& features() const { return features_; }
  const std::vector<LinearConstraint>& constraints() const { return constraints_; }
  /// True when the raw point meets every linear constraint (bounds are not checked).
  bool is_feasible(const Eigen::RowVectorXd& raw) const { return violated_constraint(raw) < 0; }
  /// Index of the first linear constraint the raw point violates, or -1 when it meets them all.
  int violated_constraint(const Eigen::RowVectorXd& raw) const;

  /// Rows of raw designs mapped to [0,1]^D. A feature with upper == lower maps to 0.
  Eigen::MatrixXd to_unit(const Eigen::MatrixXd& raw) const;
  /// The inverse of to_unit: x = lower + u (upper − lower), or 10^(log10 lower + u Δlog10) with log_scale.
  Eigen::MatrixXd from_unit(const Eigen::MatrixXd& unit) const;

  /// True when every feature has a step (or is fixed, upper == lower), so the
  /// space is a finite grid. A space with no features is not a grid.
  bool is_grid() const;
  /// Number of points of the box grid (as double: it can exceed 64 bits), before
  /// the linear constraints remove any; throws std::logic_error unless is_grid().
  /// Per feature: lower, lower + step, ... ≤ upper.
  double grid_size() const;
  /// All feasible grid points in raw units, row-major (the last feature varies
  /// fastest); throws std::length_error when the box grid exceeds 10^8 points.
  Eigen::MatrixXd grid() const;

  /// Rounds each coordinate of a raw point to the nearest grid value within bounds
  /// (continuous features are only clamped).
  Eigen::RowVectorXd snap(const Eigen::RowVectorXd& raw) const;

  /// Indices of the categorical features, in feature order.
  std::vector<Eigen::Index> categorical_features() const;
  bool has_categorical_features() const { return !categorical_features().empty(); }
  /// A raw value of feature j as text: the level name of a categorical feature, else the number (%.10g).
  std::string value_text(Eigen::Index feature, double raw) const;

 private:
  std::vector<FeatureRange> features_;
  std::vector<LinearConstraint> constraints_;
};

}  // namespace bosim
