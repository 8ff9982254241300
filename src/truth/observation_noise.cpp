// ObservationNoise and NoisyTruth: noise draws and the decorated description.
#include "truth/observation_noise.hpp"

#include <cstdio>
#include <stdexcept>

namespace bosim {

double ObservationNoise::apply(double value, Rng& rng) const {
  if (!enabled()) return value;
  const double z = rng.normal();
  return kind == Kind::absolute ? value + sd * z : value * (1.0 + sd * z);
}

std::string ObservationNoise::describe() const {
  char text[64];
  std::snprintf(text, sizeof text, "%s noise sd %g", kind == Kind::absolute ? "absolute" : "relative", sd);
  return text;
}

NoisyTruth::NoisyTruth(std::shared_ptr<const GroundTruth> inner, ObservationNoise noise)
    : inner_(std::move(inner)), noise_(noise) {
  if (!inner_) throw std::invalid_argument("NoisyTruth: no inner truth");
  if (!(noise_.sd >= 0.0)) throw std::invalid_argument("NoisyTruth: noise sd must be >= 0");
}

std::string NoisyTruth::describe() const { return inner_->describe() + ", " + noise_.describe(); }

double NoisyTruth::measure(Eigen::Index design, Rng& rng) const {
  return noise_.apply(inner_->measure(design, rng), rng);
}

}  // namespace bosim
