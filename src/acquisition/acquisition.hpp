// Acquisition: the kinds of acquisition function, their hyperparameters, and the argmax rule shared by all.
#pragma once

#include <Eigen/Core>
#include <string>

namespace bosim {

/// Study-file names in parentheses.
enum class AcquisitionKind {
  probability_of_improvement,  ///< "pi"
  expected_improvement,        ///< "ei"
  upper_confidence_bound,      ///< "ucb"
  random,                      ///< "random"
  pure_exploration,            ///< "exploration": largest σ
  thompson_sampling,           ///< "thompson": argmax of one joint posterior draw
  mean_variance,               ///< "mean-variance": αμ + (1 − α)σ²
};

std::string to_string(AcquisitionKind kind);
bool parse_acquisition_kind(const std::string& name, AcquisitionKind& kind);
/// True when the acquisition needs the GP (everything but random).
bool uses_model(AcquisitionKind kind);

/// Hyperparameters of the acquisition functions, in the objective's units
/// where they have units (δ).
struct AcquisitionParameters {
  double delta = 0.0;    ///< PI, EI: threshold τ = μ⁺ + δ
  double beta0 = 2.0;    ///< UCB: β_k = β₀ εᵏ
  double epsilon = 1.0;  ///< UCB decay, ε > 0
  double alpha = 0.5;    ///< mean–variance weight, 0 < α < 1
};

/// What an acquisition sees at one iteration, in the objective's own units
/// (maximization): predictive mean and standard deviation of every candidate.
struct AcquisitionInput {
  const Eigen::VectorXd& mean;
  const Eigen::VectorXd& stddev;
  /// μ⁺: the largest posterior mean among the already observed designs.
  double best_observed_mean = 0.0;
  /// k: 0 at the first choice after the initial samples.
  int iteration = 0;
};

/// Index of the largest score; ties (and NaN-free equal values) break to the
/// lowest index, so a run does not depend on floating-point reduction order.
Eigen::Index argmax_lowest_index(const Eigen::VectorXd& scores);

}  // namespace bosim
