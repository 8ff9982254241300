// ObservationNoise and NoisyTruth: Gaussian measurement noise (absolute or relative) added on top of any ground truth.
#pragma once

#include <memory>
#include <string>

#include "truth/ground_truth.hpp"

namespace bosim {

/// Gaussian noise on one observation y of a truth:
///   absolute: y + sd·z,   relative: y·(1 + sd·z),   z ~ N(0, 1).
struct ObservationNoise {
  enum class Kind { absolute, relative };
  Kind kind = Kind::absolute;
  double sd = 0.0;  ///< ≥ 0; 0 means no noise

  bool enabled() const { return sd > 0.0; }
  double apply(double value, Rng& rng) const;
  /// e.g. "absolute noise sd 5" or "relative noise sd 0.1".
  std::string describe() const;
};

/// Decorates a truth with observation noise: measure() draws the inner truth's
/// measurement, then adds the noise (one normal deviate from the same Rng).
/// Expected values and optima are those of the inner truth (the noise has mean zero).
class NoisyTruth final : public GroundTruth {
 public:
  NoisyTruth(std::shared_ptr<const GroundTruth> inner, ObservationNoise noise);

  std::string describe() const override;
  const DesignSpace& space() const override { return inner_->space(); }
  Goal goal() const override { return inner_->goal(); }
  const std::string& objective_name() const override { return inner_->objective_name(); }
  const Eigen::MatrixXd& designs() const override { return inner_->designs(); }
  double expected_value(Eigen::Index design) const override { return inner_->expected_value(design); }
  double measure(Eigen::Index design, Rng& rng) const override;
  const std::vector<Eigen::Index>& optimal_designs() const override { return inner_->optimal_designs(); }

  const GroundTruth& inner() const { return *inner_; }
  const ObservationNoise& noise() const { return noise_; }

 private:
  std::shared_ptr<const GroundTruth> inner_;
  ObservationNoise noise_;
};

}  // namespace bosim
