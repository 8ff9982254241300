// DesignSpace: the box of design variables (bounds, optional step, optional log scale) and its map to [0,1]^D.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

namespace bosim {

/// One design variable.
struct FeatureRange {
  std::string name;
  double lower = 0.0;
  double upper = 1.0;
  /// Increment between allowed values, in raw units (also for log_scale); 0 means continuous.
  double step = 0.0;
  /// Scale by log10 before mapping to [0,1] (inputs spanning decades; lower must be > 0).
  bool log_scale = false;
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

  Eigen::Index dimension() const { return static_cast<Eigen::Index>(features_.size()); }
  const std::vector<FeatureRange>& features() const { return features_; }

  /// Rows of raw designs mapped to [0,1]^D. A feature with upper == lower maps to 0.
  Eigen::MatrixXd to_unit(const Eigen::MatrixXd& raw) const;

  /// True when every feature has a step (or is fixed, upper == lower), so the
  /// space is a finite grid. A space with no features is not a grid.
  bool is_grid() const;
  /// Number of grid points (as double: it can exceed 64 bits); throws
  /// std::logic_error unless is_grid(). Per feature: lower, lower + step, ... ≤ upper.
  double grid_size() const;
  /// All grid points in raw units, row-major (the last feature varies fastest);
  /// throws std::length_error beyond 10^8 points.
  Eigen::MatrixXd grid() const;

  /// Rounds each coordinate of a raw point to the nearest grid value within bounds
  /// (continuous features are only clamped).
  Eigen::RowVectorXd snap(const Eigen::RowVectorXd& raw) const;

 private:
  std::vector<FeatureRange> features_;
};

}  // namespace bosim
