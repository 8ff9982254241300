// TabulatedTruth: a ground truth whose pool is tabulated once — design space, goal, objective name, the pool's
// designs, their expected values and the optimal ones — leaving describe() and measure() to each kind of truth.
#pragma once

#include <Eigen/Core>
#include <string>
#include <utility>
#include <vector>

#include "truth/ground_truth.hpp"

namespace bosim {

/// Indices of the values tied with the best one (the largest for maximize, the smallest for
/// minimize): every tabulated truth's optimal_designs(), since designs tied with the best all count.
std::vector<Eigen::Index> optimal_indices(const Eigen::VectorXd& values, Goal goal);

/// The common base of the dataset, function, emulator and nucleation-layer truths: each builds its
/// design space and pool, computes every pool design's expected value up front, and hands both to
/// set_space() and set_pool(); the accessors of GroundTruth then answer from these tables.
class TabulatedTruth : public GroundTruth {
 public:
  const DesignSpace& space() const final { return space_; }
  Goal goal() const final { return goal_; }
  const std::string& objective_name() const final { return objective_name_; }
  const Eigen::MatrixXd& designs() const final { return designs_; }
  double expected_value(Eigen::Index design) const final { return values_[design]; }
  const std::vector<Eigen::Index>& optimal_designs() const final { return optimal_; }

 protected:
  TabulatedTruth(Goal goal, std::string objective_name);

  void set_space(DesignSpace space) { space_ = std::move(space); }
  /// For a truth that learns its objective's name only while loading (a command's first output column).
  void set_objective_name(std::string name) { objective_name_ = std::move(name); }
  /// The pool in raw units (one design per row) and the expected value of each row; the optimal
  /// designs follow from optimal_indices.
  void set_pool(Eigen::MatrixXd designs, Eigen::VectorXd values);

  /// Expected value of the best pool design (the first optimal one).
  double best_value() const { return values_[optimal_.front()]; }
  /// measure()'s argument check: throws std::out_of_range unless 0 ≤ design < size().
  void require_design(Eigen::Index design) const;

 private:
  Goal goal_;
  std::string objective_name_;
  DesignSpace space_;
  Eigen::MatrixXd designs_;
  Eigen::VectorXd values_;
  std::vector<Eigen::Index> optimal_;
};

}  // namespace bosim
