#include "gp/kernel.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace bosim {

namespace {

const double sqrt5 = std::sqrt(5.0);

}  // namespace

Kernel::Kernel(KernelKind kind, Eigen::Index dimension) : kind_(kind), dimension_(dimension) {
  if (dimension < 1) throw std::invalid_argument("Kernel: the input dimension must be at least 1");
}

bool Kernel::is_ard() const {
  return kind_ == KernelKind::squared_exponential_ard || kind_ == KernelKind::matern52_ard;
}

Eigen::VectorXd Kernel::default_parameters(const HyperparameterBounds& bounds) const {
  Eigen::VectorXd lower, upper;
  log_bounds(bounds, lower, upper);
  Eigen::VectorXd theta(parameter_count());
  theta.head(lengthscale_count()).setConstant(std::log(1.0));
  theta(signal_index()) = std::log(1.0);
  theta(noise_index()) = std::log(1e-2);
  return theta.cwiseMax(lower).cwiseMin(upper);
}

void Kernel::log_bounds(const HyperparameterBounds& bounds, Eigen::VectorXd& lower, Eigen::VectorXd& upper) const {
  lower.resize(parameter_count());
  upper.resize(parameter_count());
  lower.head(lengthscale_count()).setConstant(std::log(bounds.lengthscale_min));
  upper.head(lengthscale_count()).setConstant(std::log(bounds.lengthscale_max));
  lower(signal_index()) = std::log(bounds.signal_variance_min);
  upper(signal_index()) = std::log(bounds.signal_variance_max);
  lower(noise_index()) = std::log(bounds.noise_variance_min);
  upper(noise_index()) = std::log(bounds.noise_variance_max);
}

void Kernel::covariance(const Eigen::Ref<const Eigen::MatrixXd>& a, const Eigen::Ref<const Eigen::MatrixXd>& b,
                        const Eigen::VectorXd& theta, Eigen::MatrixXd& out) const {
  out.resize(a.rows(), b.rows());
  out.setZero();
  for (Eigen::Index d = 0; d < dimension_; ++d) {
    const double inverse_lengthscale = std::exp(-theta(is_ard() ? d : 0));
    for (Eigen::Index j = 0; j < b.rows(); ++j) {
      out.col(j).array() += ((a.col(d).array() - b(j, d)) * inverse_lengthscale).square();
    }
  }
  covariance_from_squared_distance(out, prior_variance(theta), nullptr);
}

void Kernel::covariance_from_squared_distance(Eigen::MatrixXd& values, double signal_variance,
                                              Eigen::MatrixXd* lengthscale_factor) const {
  auto r2 = values.array();
  switch (kind_) {
    case KernelKind::squared_exponential_ard:
    case KernelKind::squared_exponential:
      r2 = signal_variance * (-0.5 * r2).exp();
      if (lengthscale_factor) *lengthscale_factor = values;  // −2 ∂k/∂r² = k
      return;
    case KernelKind::matern52_ard:
    case KernelKind::matern52:
      if (lengthscale_factor) {
        // One sqrt and one exp per entry: g first, then k = g (1 + √5 r + 5r²/3) / ((5/3)(1 + √5 r)).
        lengthscale_factor->resize(values.rows(), values.cols());
        auto factor = lengthscale_factor->array();
        r2 = r2.sqrt();  // values now hold r
        factor = (5.0 / 3.0) * signal_variance * (1.0 + sqrt5 * r2) * (-sqrt5 * r2).exp();
        r2 = factor * (0.6 + 0.6 * sqrt5 * r2 + r2.square()) / (1.0 + sqrt5 * r2);
      } else {
        r2 = signal_variance * (1.0 + sqrt5 * r2.sqrt() + (5.0 / 3.0) * r2) * (-sqrt5 * r2.sqrt()).exp();
      }
      return;
  }
}

double Kernel::prior_variance(const Eigen::VectorXd& theta) const { return std::exp(theta(signal_index())); }

}  // namespace bosim
