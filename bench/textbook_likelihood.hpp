// The GP likelihood and its gradient the textbook way, for bench/fit_vs_nlopt.cpp's leaner NLopt stand-in:
// K_y from a loop over pairs, Eigen's LLT, K_y⁻¹ = LLT.solve(I), and ∂log p/∂θ_j = ½ tr((ααᵀ − K_y⁻¹) ∂K_y/∂θ_j)
// summed pair by pair (Rasmussen & Williams 2006, Algorithm 2.1 and Eq. 5.9), no flush-to-zero. Unlike
// bench/limbo_like_likelihood.hpp it copies nothing per evaluation and allocates only Eigen's temporaries.
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

namespace bosim::bench {

/// −log p and its gradient at θ = [log ℓ_d, log σ_f², log σ_n²] (d = 1 … D, D = x's columns); counts the
/// evaluations and keeps the best log p seen. A K_y that is not positive definite gives 10¹⁰ and a zero gradient.
struct TextbookLikelihood {
  const Eigen::MatrixXd& x;
  const Eigen::VectorXd& y;
  int evaluations = 0;
  double best = -std::numeric_limits<double>::infinity();

  double negative_log_likelihood(const double* theta, double* gradient) {
    ++evaluations;
    const Eigen::Index n = x.rows(), dimension = x.cols();
    Eigen::VectorXd inverse_squared_lengthscale(dimension);
    for (Eigen::Index d = 0; d < dimension; ++d) inverse_squared_lengthscale(d) = std::exp(-2.0 * theta[d]);
    const double signal = std::exp(theta[dimension]), noise = std::exp(theta[dimension + 1]);
    Eigen::MatrixXd k(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j <= i; ++j) {
        const double r2 =
            ((x.row(i) - x.row(j)).array().square() * inverse_squared_lengthscale.transpose().array()).sum();
        k(i, j) = k(j, i) = signal * std::exp(-0.5 * r2);
      }
    const Eigen::MatrixXd kernel_only = k;
    k.diagonal().array() += noise;
    const Eigen::LLT<Eigen::MatrixXd> llt(k);
    if (llt.info() != Eigen::Success) {
      if (gradient) std::fill(gradient, gradient + dimension + 2, 0.0);
      return 1e10;
    }
    const Eigen::VectorXd alpha = llt.solve(y);
    const double log_likelihood = -0.5 * y.dot(alpha) - llt.matrixL().toDenseMatrix().diagonal().array().log().sum() -
                                  0.5 * static_cast<double>(n) * std::log(2.0 * std::numbers::pi);
    best = std::max(best, log_likelihood);
    if (gradient) {
      const Eigen::MatrixXd w = alpha * alpha.transpose() - llt.solve(Eigen::MatrixXd::Identity(n, n));
      std::vector<double> g(dimension + 2, 0.0);
      for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) {
          for (Eigen::Index d = 0; d < dimension; ++d) {
            const double delta = x(i, d) - x(j, d);
            g[d] += w(i, j) * kernel_only(i, j) * delta * delta * inverse_squared_lengthscale(d);
          }
          g[dimension] += w(i, j) * kernel_only(i, j);
        }
      g[dimension + 1] = w.trace() * noise;
      for (Eigen::Index p = 0; p < dimension + 2; ++p) gradient[p] = -0.5 * g[p];
    }
    return -log_likelihood;
  }
};

}  // namespace bosim::bench
