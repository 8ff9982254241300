#include "gp/kernel.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "gp/gaussian_exp.hpp"
#include "gp/overlap_kernel.hpp"

namespace bosim {

namespace {

const double sqrt5 = std::sqrt(5.0);

}  // namespace

KernelLayout KernelLayout::plain(Eigen::Index dimension) {
  KernelLayout layout;
  for (Eigen::Index d = 0; d < dimension; ++d) layout.distance_groups.push_back(d);
  layout.group_count = dimension;
  return layout;
}

Kernel::Kernel(KernelKind kind, Eigen::Index dimension) : Kernel(kind, KernelLayout::plain(dimension)) {}

Kernel::Kernel(KernelKind kind, KernelLayout layout)
    : kind_(kind),
      dimension_(static_cast<Eigen::Index>(layout.distance_groups.size()) + layout.overlap_columns),
      layout_(std::move(layout)) {
  if (dimension_ < 1) throw std::invalid_argument("Kernel: the input dimension must be at least 1");
  if (layout_.overlap_columns < 0) throw std::invalid_argument("Kernel: negative overlap column count");
  std::vector<bool> used(static_cast<size_t>(std::max<Eigen::Index>(layout_.group_count, 0)), false);
  for (const Eigen::Index group : layout_.distance_groups) {
    if (group < 0 || group >= layout_.group_count)
      throw std::invalid_argument("Kernel: a length-scale group outside 0 … group_count − 1");
    used[static_cast<size_t>(group)] = true;
  }
  for (const bool group_used : used)
    if (!group_used) throw std::invalid_argument("Kernel: a length-scale group without columns");
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
  covariance_into(a, b, theta, out);
}

void Kernel::covariance_into(const Eigen::Ref<const Eigen::MatrixXd>& a, const Eigen::Ref<const Eigen::MatrixXd>& b,
                             const Eigen::VectorXd& theta, Eigen::Ref<Eigen::MatrixXd> out) const {
  out.setZero();
  for (Eigen::Index d = 0; d < distance_dimension(); ++d) {
    const double inverse_lengthscale = std::exp(-theta(lengthscale_of_column(d)));
    for (Eigen::Index j = 0; j < b.rows(); ++j) {
      out.col(j).array() += ((a.col(d).array() - b(j, d)) * inverse_lengthscale).square();
    }
  }
  // A view into contiguous columns (outer stride = rows) is one vector of r² values.
  if (out.outerStride() == out.rows()) {
    covariance_from_squared_distance(Eigen::Map<Eigen::VectorXd>(out.data(), out.size()), prior_variance(theta),
                                     nullptr);
  } else {
    for (Eigen::Index j = 0; j < out.cols(); ++j)
      covariance_from_squared_distance(out.col(j), prior_variance(theta), nullptr);
  }
  if (overlap_columns() > 0) multiply_overlap_factor(*this, a, b, theta, out);
}

void Kernel::covariance_from_squared_distance(Eigen::Ref<Eigen::VectorXd> values, double signal_variance,
                                              Eigen::VectorXd* lengthscale_factor) const {
  // k is computed by the same expression with and without the factor, so that the
  // likelihood does not depend on whether its gradient was requested.
  const Eigen::Index size = values.size();
  if (lengthscale_factor) lengthscale_factor->resize(size);
  switch (kind_) {
    case KernelKind::squared_exponential_ard:
    case KernelKind::squared_exponential:
      scaled_gaussian(values, signal_variance);
      if (lengthscale_factor) *lengthscale_factor = values;  // −2 ∂k/∂r² = k
      return;
    case KernelKind::matern52_ard:
    case KernelKind::matern52:
      for (Eigen::Index i = 0; i < size; ++i) {
        const double squared_distance = values(i);
        const double distance = std::sqrt(squared_distance);
        const double decay = signal_variance * std::exp(-sqrt5 * distance);
        values(i) = (1.0 + sqrt5 * distance + (5.0 / 3.0) * squared_distance) * decay;
        if (lengthscale_factor) (*lengthscale_factor)(i) = (5.0 / 3.0) * (1.0 + sqrt5 * distance) * decay;
      }
      return;
  }
}

double Kernel::prior_variance(const Eigen::VectorXd& theta) const { return std::exp(theta(signal_index())); }

}  // namespace bosim
