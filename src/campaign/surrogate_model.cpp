#include "campaign/surrogate_model.hpp"

#include <cmath>
#include <stdexcept>

namespace bosim {

namespace {

/// The continuous space [0, 1]^dimension.
DesignSpace unit_box(Eigen::Index dimension) {
  std::vector<FeatureRange> features(static_cast<size_t>(dimension));
  for (size_t j = 0; j < features.size(); ++j) features[j].name = std::string("x").append(std::to_string(j + 1));
  return DesignSpace(std::move(features));
}

}  // namespace

SurrogateModel::SurrogateModel(const CampaignSettings& settings, Eigen::Index dimension, Rng& rng)
    : SurrogateModel(settings, unit_box(dimension), rng) {}

SurrogateModel::SurrogateModel(const CampaignSettings& settings, const DesignSpace& space, Rng& rng)
    : settings_(settings),
      rng_(rng),
      encoder_(space, settings.encoding, settings.descriptors.get()),
      gp_(Kernel(settings.kernel, encoder_.layout())) {}

void SurrogateModel::update(const Eigen::MatrixXd& designs, const Eigen::VectorXd& values, int iteration, int& fits,
                            int& fit_failures) {
  const Eigen::MatrixXd& unit_inputs = encoder_.encoded(designs, encoded_buffer_);
  const Eigen::Index n = values.size();
  offset_ = values.mean();
  const double spread = std::sqrt((values.array() - offset_).square().mean());
  scale_ = spread > 0.0 ? spread : 1.0;
  standardized_ = (values.array() - offset_) / scale_;
  inputs_ = unit_inputs;
  const bool extends_last = !has_fantasies_ && gp_.training_size() == n - 1;
  has_fantasies_ = false;

  const bool refit = theta_.size() == 0 || iteration % settings_.refit_every == 0;
  if (refit) {
    FitOptions options;
    options.random_restarts = settings_.restarts;
    options.relative_improvement_tolerance = settings_.fit_tolerance;
    const FitResult fit =
        fit_hyperparameters(gp_.kernel(), settings_.bounds, unit_inputs, standardized_,
                            settings_.warm_start && theta_.size() ? &theta_ : nullptr, options, rng_, workspace_);
    ++fits;
    likelihood_evaluations_ += fit.evaluations;
    if (fit.ok)
      theta_ = fit.theta;
    else {
      ++fit_failures;  // keep the previous θ, or start from the default one
      if (theta_.size() == 0) theta_ = gp_.kernel().default_parameters(settings_.bounds);
    }
  } else if (extends_last && gp_.add_input(unit_inputs.row(n - 1))) {
    gp_.set_targets(standardized_);  // θ kept: O(n²) update instead of a new factorization
    return;
  }
  if (!gp_.condition(unit_inputs, standardized_, theta_))
    throw std::runtime_error("GP covariance matrix is not positive definite even with the largest jitter");
}

void SurrogateModel::add_fantasy(const Eigen::RowVectorXd& design) {
  Eigen::MatrixXd point = design;
  if (!encoder_.is_identity()) encoder_.encode(Eigen::MatrixXd(design), point);
  const Eigen::RowVectorXd unit_input = point.row(0);
  Eigen::VectorXd believed, variance;
  gp_.predict(point, believed, variance);  // standardized units: the fantasy target is μ_s itself
  const Eigen::Index n = standardized_.size();
  standardized_.conservativeResize(n + 1);
  standardized_[n] = believed[0];
  inputs_.conservativeResize(n + 1, Eigen::NoChange);
  inputs_.row(n) = unit_input;
  has_fantasies_ = true;
  if (gp_.training_size() == n && gp_.add_input(unit_input)) {
    gp_.set_targets(standardized_);
    return;
  }
  if (!gp_.condition(inputs_, standardized_, theta_))
    throw std::runtime_error("GP covariance matrix is not positive definite even with the largest jitter");
}

void SurrogateModel::predict(const Eigen::MatrixXd& designs, Eigen::VectorXd& mean, Eigen::VectorXd& stddev) const {
  gp_.predict(encoder_.encoded(designs, encoded_buffer_), mean, latent_variance_);
  const double added_noise = settings_.predict_observation ? gp_.noise_variance() : 0.0;
  mean = (mean.array() * scale_ + offset_).matrix();
  stddev = ((latent_variance_.array().max(0.0) + added_noise).sqrt() * scale_).matrix();
}

Eigen::MatrixXd SurrogateModel::latent_covariance(const Eigen::MatrixXd& designs) const {
  return gp_.posterior_covariance(encoder_.encoded(designs, encoded_buffer_)) * (scale_ * scale_);
}

}  // namespace bosim
