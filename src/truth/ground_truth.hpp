// GroundTruth: what a virtual campaign measures — a finite pool of designs and a way to measure each one.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "common/random.hpp"
#include "space/design_space.hpp"

namespace bosim {

enum class Goal { maximize, minimize };

/// How repeated measurements of one design are answered.
enum class ReplicatePolicy {
  mean,    ///< every measurement returns the mean of the design's replicates
  sample,  ///< every measurement draws one replicate at random (cell-to-cell variability)
};

/// A ground truth stands in for the laboratory. Designs are indexed 0..size()-1;
/// values are in the objective's own units and sign (a minimize goal is
/// negated by the campaign, not here).
class GroundTruth {
 public:
  virtual ~GroundTruth() = default;

  /// Human-readable description, e.g. "dataset p3ht_cnt.csv (178 designs)".
  virtual std::string describe() const = 0;
  virtual const DesignSpace& space() const = 0;
  virtual Goal goal() const = 0;
  /// Name and unit of the objective as given by the user, e.g. "Conductivity (S/cm)".
  virtual const std::string& objective_name() const = 0;

  /// The measurable designs in raw units, one row each (size() × dimension).
  virtual const Eigen::MatrixXd& designs() const = 0;
  Eigen::Index size() const { return designs().rows(); }

  /// Expected value of design i (the mean over its replicates).
  virtual double expected_value(Eigen::Index design) const = 0;
  /// One measurement of design i; draws from rng where the truth is noisy.
  virtual double measure(Eigen::Index design, Rng& rng) const = 0;

  /// Designs whose expected value ties with the best one; all count as optimal.
  virtual const std::vector<Eigen::Index>& optimal_designs() const = 0;
};

}  // namespace bosim
