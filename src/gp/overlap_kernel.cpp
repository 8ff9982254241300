#include "gp/overlap_kernel.hpp"

#include <cmath>

namespace bosim {

void multiply_overlap_factor(const Kernel& kernel, const Eigen::Ref<const Eigen::MatrixXd>& a,
                             const Eigen::Ref<const Eigen::MatrixXd>& b, const Eigen::VectorXd& theta,
                             Eigen::Ref<Eigen::MatrixXd> out) {
  const Eigen::Index first_column = kernel.distance_dimension();
  const Eigen::Index first_parameter = kernel.distance_lengthscale_count();
  for (Eigen::Index j = 0; j < out.cols(); ++j) {
    for (Eigen::Index i = 0; i < out.rows(); ++i) {
      double exponent = 0.0;
      for (Eigen::Index c = 0; c < kernel.overlap_columns(); ++c)
        if (a(i, first_column + c) != b(j, first_column + c)) exponent += std::exp(-theta(first_parameter + c));
      if (exponent != 0.0) out(i, j) *= std::exp(-exponent);
    }
  }
}

void append_packed_mismatches(const Kernel& kernel, const Eigen::MatrixXd& x, std::vector<Eigen::VectorXd>& packed) {
  const Eigen::Index n = x.rows();
  for (Eigen::Index c = 0; c < kernel.overlap_columns(); ++c) {
    const auto column = x.col(kernel.distance_dimension() + c);
    Eigen::VectorXd mismatches(n * (n + 1) / 2);
    Eigen::Index position = 0;
    for (Eigen::Index j = 0; j < n; ++j)
      for (Eigen::Index i = j; i < n; ++i) mismatches(position++) = column(i) != column(j) ? 1.0 : 0.0;
    packed.push_back(std::move(mismatches));
  }
}

void multiply_packed_overlap_factor(const Kernel& kernel, const Eigen::VectorXd& theta,
                                    const Eigen::VectorXd* mismatches, Eigen::VectorXd& covariance,
                                    Eigen::VectorXd* lengthscale_factor) {
  const Eigen::Index first_parameter = kernel.distance_lengthscale_count();
  Eigen::ArrayXd exponent = Eigen::ArrayXd::Zero(covariance.size());
  for (Eigen::Index c = 0; c < kernel.overlap_columns(); ++c)
    exponent += std::exp(-theta(first_parameter + c)) * mismatches[c].array();
  const Eigen::ArrayXd factor = (-exponent).exp();
  covariance.array() *= factor;
  if (lengthscale_factor) lengthscale_factor->array() *= factor;
}

void overlap_gradient(const Kernel& kernel, const Eigen::VectorXd& theta, const Eigen::VectorXd* mismatches,
                      const Eigen::VectorXd& weights, const Eigen::VectorXd& covariance, Eigen::VectorXd& gradient) {
  const Eigen::Index first_parameter = kernel.distance_lengthscale_count();
  const Eigen::VectorXd weighted = weights.cwiseProduct(covariance);
  for (Eigen::Index c = 0; c < kernel.overlap_columns(); ++c)
    gradient(first_parameter + c) = 0.5 * std::exp(-theta(first_parameter + c)) * weighted.dot(mismatches[c]);
}

}  // namespace bosim
