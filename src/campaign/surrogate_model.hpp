// SurrogateModel: the campaign's GP on standardized observations, refitted on a schedule, predicting in objective
// units.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "campaign/campaign_settings.hpp"
#include "campaign/input_encoder.hpp"
#include "common/random.hpp"
#include "gp/gaussian_process.hpp"
#include "gp/hyperparameter_fit.hpp"

namespace bosim {

/// Wraps a GaussianProcess for one campaign:
/// - targets are z-scored each iteration, y_s = (y − ȳ)/s with s the population standard
///   deviation of the observations (s = 1 when they are all equal), so hyperparameter bounds
///   and the zero prior mean are meaningful for any objective scale;
/// - hyperparameters are re-optimized every `refit_every` iterations from a warm start (the
///   previous optimum) plus `restarts` random starts; in between they are kept and the new
///   observation extends the Cholesky factor in O(n²);
/// - predictions are returned in the objective's units: μ = ȳ + s μ_s, σ = s √(σ_s² [+ σ_n²]);
/// - within a batch, add_fantasy() conditions on a pick with its own predicted mean (Kriging believer).
class SurrogateModel {
 public:
  SurrogateModel(const CampaignSettings& settings, Eigen::Index dimension, Rng& rng);
  /// A model over the designs of a space (categorical features encoded by settings.encoding); every
  /// input below is a unit-scaled design of that space (DesignSpace::to_unit).
  SurrogateModel(const CampaignSettings& settings, const DesignSpace& space, Rng& rng);

  /// Brings the model up to date with all observations (rows of unit_inputs, values in the
  /// maximization sign). `iteration` is the 0-based index of the coming choice. Counts fits
  /// and failed fits; throws std::runtime_error only when the GP cannot be conditioned at all.
  void update(const Eigen::MatrixXd& unit_inputs, const Eigen::VectorXd& values, int iteration, int& fits,
              int& fit_failures);

  /// Kriging believer (Zhao et al. 2022, Sec. 2.3, after Cressie 1990): adds unit_input to the training
  /// data with the model's predictive mean there as its target, so the next pick of the batch sees it as
  /// measured. θ, ȳ and s stay as they are (no refit between fantasies); the Cholesky factor grows in
  /// O(n²). The next update() discards the fantasies and conditions on the real observations.
  void add_fantasy(const Eigen::RowVectorXd& unit_input);

  /// Predictive mean and standard deviation at each row of candidates, in objective units.
  void predict(const Eigen::MatrixXd& candidates, Eigen::VectorXd& mean, Eigen::VectorXd& stddev) const;
  /// Joint covariance of the latent function at the candidates, in objective units².
  Eigen::MatrixXd latent_covariance(const Eigen::MatrixXd& candidates) const;

  const Eigen::VectorXd& hyperparameters() const { return gp_.hyperparameters(); }
  /// Likelihood (+ gradient) evaluations over all fits so far, for profiling.
  long likelihood_evaluations() const { return likelihood_evaluations_; }

 private:
  const CampaignSettings& settings_;
  Rng& rng_;
  InputEncoder encoder_;
  GaussianProcess gp_;
  mutable Eigen::MatrixXd encoded_buffer_;
  LmlWorkspace workspace_;
  Eigen::VectorXd theta_;   ///< current log-hyperparameters (empty before the first fit)
  Eigen::MatrixXd inputs_;  ///< training inputs of the GP, fantasies included
  Eigen::VectorXd standardized_;
  bool has_fantasies_ = false;
  double offset_ = 0.0;  ///< ȳ
  double scale_ = 1.0;   ///< s
  long likelihood_evaluations_ = 0;
  mutable Eigen::VectorXd latent_variance_;
};

}  // namespace bosim
