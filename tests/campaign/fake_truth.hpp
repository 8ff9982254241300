// FakeTruth: an in-memory ground truth for campaign tests (values given per design, optional replicate noise).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "truth/ground_truth.hpp"

namespace bosim::testing {

class FakeTruth final : public GroundTruth {
 public:
  FakeTruth(Eigen::MatrixXd designs, Eigen::VectorXd values, Goal goal = Goal::maximize, double noise = 0.0)
      : designs_(std::move(designs)), values_(std::move(values)), goal_(goal), noise_(noise) {
    std::vector<FeatureRange> features;
    for (Eigen::Index d = 0; d < designs_.cols(); ++d)
      features.push_back({std::string("x").append(std::to_string(d)), designs_.col(d).minCoeff(),
                          designs_.col(d).maxCoeff(), 0.0, false});
    space_ = DesignSpace(features);
    const double best = goal == Goal::maximize ? values_.maxCoeff() : values_.minCoeff();
    for (Eigen::Index i = 0; i < values_.size(); ++i)
      if (values_[i] == best) optimal_.push_back(i);
  }

  /// Replaces the design space (e.g. one with steps for grid-snap mode).
  void set_space(DesignSpace space) { space_ = std::move(space); }

  std::string describe() const override { return "fake truth"; }
  const DesignSpace& space() const override { return space_; }
  Goal goal() const override { return goal_; }
  const std::string& objective_name() const override { return name_; }
  const Eigen::MatrixXd& designs() const override { return designs_; }
  double expected_value(Eigen::Index design) const override { return values_[design]; }
  double measure(Eigen::Index design, Rng& rng) const override {
    return values_[design] + (noise_ > 0.0 ? noise_ * rng.normal() : 0.0);
  }
  const std::vector<Eigen::Index>& optimal_designs() const override { return optimal_; }

 private:
  Eigen::MatrixXd designs_;
  Eigen::VectorXd values_;
  Goal goal_;
  double noise_;
  DesignSpace space_;
  std::vector<Eigen::Index> optimal_;
  std::string name_ = "y";
};

/// A smooth 2-D landscape on an n × n grid in [0,1]²: y = −(x0 − 0.7)² − (x1 − 0.3)², unique optimum.
inline FakeTruth smooth_grid_truth(int n, Goal goal = Goal::maximize) {
  Eigen::MatrixXd designs(n * n, 2);
  Eigen::VectorXd values(n * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double x0 = i / double(n - 1), x1 = j / double(n - 1);
      designs.row(i * n + j) << x0, x1;
      const double y = -(x0 - 0.7) * (x0 - 0.7) - (x1 - 0.3) * (x1 - 0.3) - 0.01 * x0 * x1;
      values[i * n + j] = goal == Goal::maximize ? y : -y;
    }
  return FakeTruth(designs, values, goal);
}

}  // namespace bosim::testing
