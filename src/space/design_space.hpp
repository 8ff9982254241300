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
  /// Increment between allowed values; 0 means continuous.
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
  explicit DesignSpace(std::vector<FeatureRange> features);

  Eigen::Index dimension() const { return static_cast<Eigen::Index>(features_.size()); }
  const std::vector<FeatureRange>& features() const { return features_; }

  /// Rows of raw designs mapped to [0,1]^D. A feature with upper == lower maps to 0.
  Eigen::MatrixXd to_unit(const Eigen::MatrixXd& raw) const;

  /// True when every feature has a step, so the space is a finite grid.
  bool is_grid() const;
  /// Number of grid points (as double: it can exceed 64 bits); requires is_grid().
  double grid_size() const;
  /// All grid points in raw units, row-major (the last feature varies fastest).
  Eigen::MatrixXd grid() const;

  /// Rounds each coordinate of a raw point to the nearest grid value within bounds
  /// (continuous features are only clamped).
  Eigen::RowVectorXd snap(const Eigen::RowVectorXd& raw) const;

 private:
  std::vector<FeatureRange> features_;
};

}  // namespace bosim
