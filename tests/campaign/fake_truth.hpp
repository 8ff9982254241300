// FakeTruth: an in-memory ground truth for campaign tests (values given per design, optional replicate noise).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "truth/tabulated_truth.hpp"

namespace bosim::testing {

class FakeTruth final : public TabulatedTruth {
 public:
  FakeTruth(Eigen::MatrixXd designs, Eigen::VectorXd values, Goal goal = Goal::maximize, double noise = 0.0)
      : TabulatedTruth(goal, "y"), noise_(noise) {
    std::vector<FeatureRange> features;
    for (Eigen::Index d = 0; d < designs.cols(); ++d)
      features.push_back({std::string("x").append(std::to_string(d)), designs.col(d).minCoeff(),
                          designs.col(d).maxCoeff(), 0.0, false});
    set_space(DesignSpace(features));
    set_pool(std::move(designs), std::move(values));
  }

  /// Replaces the design space (e.g. one with steps for grid-snap mode).
  using TabulatedTruth::set_space;

  std::string describe() const override { return "fake truth"; }
  double measure(Eigen::Index design, Rng& rng) const override {
    return expected_value(design) + (noise_ > 0.0 ? noise_ * rng.normal() : 0.0);
  }

 private:
  double noise_;
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
