#include "gp/gaussian_process.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "gp/flush_subnormals.hpp"

namespace bosim {

namespace {

/// Candidates per block in predict(): the n × block cross-covariance stays in cache for n ≤ 100.
constexpr Eigen::Index prediction_block = 256;

}  // namespace

GaussianProcess::GaussianProcess(Kernel kernel) : kernel_(std::move(kernel)) {}

double GaussianProcess::noise_variance() const { return std::exp(theta_(kernel_.noise_index())); }

bool GaussianProcess::condition(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& theta) {
  const FlushSubnormals flush_subnormals;
  if (x.cols() != kernel_.dimension() || x.rows() != y.size() || theta.size() != kernel_.parameter_count()) {
    throw std::invalid_argument("GaussianProcess::condition: inconsistent sizes of inputs, targets or θ");
  }
  theta_ = theta;
  x_ = x;
  kernel_.covariance(x_, x_, theta_, chol_);
  chol_.diagonal().array() += noise_variance();
  if (!cholesky_.factorize(chol_)) {
    x_.resize(0, kernel_.dimension());
    chol_.resize(0, 0);
    alpha_.resize(0);
    jitter_ = 0.0;
    return false;
  }
  jitter_ = cholesky_.jitter();
  set_targets(y);
  return true;
}

bool GaussianProcess::add_input(const Eigen::RowVectorXd& x) {
  const FlushSubnormals flush_subnormals;
  if (theta_.size() == 0 || x.size() != kernel_.dimension()) {
    throw std::invalid_argument("GaussianProcess::add_input: not conditioned, or wrong input dimension");
  }
  const Eigen::Index n = x_.rows();
  kernel_.covariance(x_, x, theta_, cross_block_);
  new_cross_ = cross_block_.col(0);
  chol_.triangularView<Eigen::Lower>().solveInPlace(new_cross_);
  const double pivot_squared = kernel_.prior_variance(theta_) + noise_variance() + jitter_ - new_cross_.squaredNorm();
  if (!(pivot_squared > 0.0)) return false;

  // [L 0; lᵀ d] is the factor of the bordered matrix [K_y k; kᵀ k** + σ_n²].
  x_.conservativeResize(n + 1, Eigen::NoChange);
  x_.row(n) = x;
  chol_.conservativeResize(n + 1, n + 1);
  chol_.row(n).head(n) = new_cross_.transpose();
  chol_.col(n).head(n).setZero();
  chol_(n, n) = std::sqrt(pivot_squared);
  alpha_.setZero(n + 1);
  return true;
}

void GaussianProcess::set_targets(const Eigen::VectorXd& y) {
  const FlushSubnormals flush_subnormals;
  if (y.size() != x_.rows()) throw std::invalid_argument("GaussianProcess::set_targets: wrong number of targets");
  alpha_ = y;
  const Eigen::TriangularView<const Eigen::MatrixXd, Eigen::Lower> factor(chol_);
  factor.solveInPlace(alpha_);
  factor.transpose().solveInPlace(alpha_);
}

void GaussianProcess::predict(const Eigen::MatrixXd& candidates, Eigen::VectorXd& mean,
                              Eigen::VectorXd& variance) const {
  const FlushSubnormals flush_subnormals;
  const Eigen::Index m = candidates.rows();
  mean.resize(m);
  variance.resize(m);
  const double prior_variance = theta_.size() ? kernel_.prior_variance(theta_) : 0.0;
  if (x_.rows() == 0) {
    mean.setZero();
    variance.setConstant(prior_variance);
    return;
  }
  const Eigen::TriangularView<const Eigen::MatrixXd, Eigen::Lower> factor(chol_);
  cross_block_.resize(x_.rows(), std::min(prediction_block, m));  // no reallocation when the size is unchanged
  for (Eigen::Index start = 0; start < m; start += prediction_block) {
    const Eigen::Index size = std::min(prediction_block, m - start);
    auto cross = cross_block_.leftCols(size);
    kernel_.covariance_into(x_, candidates.middleRows(start, size), theta_, cross);
    mean.segment(start, size).noalias() = cross.transpose() * alpha_;
    factor.solveInPlace(cross);  // V = L⁻¹ K(X, C_block)
    variance.segment(start, size) =
        (prior_variance - cross.colwise().squaredNorm().transpose().array()).max(0.0).matrix();
  }
}

Eigen::MatrixXd GaussianProcess::posterior_covariance(const Eigen::MatrixXd& candidates) const {
  const FlushSubnormals flush_subnormals;
  Eigen::MatrixXd covariance;
  if (theta_.size() == 0) return Eigen::MatrixXd::Zero(candidates.rows(), candidates.rows());
  kernel_.covariance(candidates, candidates, theta_, covariance);
  if (x_.rows() == 0) return covariance;
  Eigen::MatrixXd cross;
  kernel_.covariance(x_, candidates, theta_, cross);
  chol_.triangularView<Eigen::Lower>().solveInPlace(cross);
  covariance.selfadjointView<Eigen::Lower>().rankUpdate(cross.transpose(), -1.0);
  const Eigen::Index m = covariance.rows();
  for (Eigen::Index j = 0; j + 1 < m; ++j)
    covariance.row(j).tail(m - j - 1) = covariance.col(j).tail(m - j - 1).transpose();
  return covariance;
}

}  // namespace bosim
