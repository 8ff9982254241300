#include "acquisition/thompson_sampling.hpp"

#include <Eigen/Cholesky>

namespace bosim {

bool thompson_draw(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance, Rng& rng, Eigen::VectorXd& draw) {
  const Eigen::Index m = mean.size();
  const double mean_diagonal = m > 0 ? covariance.diagonal().mean() : 0.0;
  const double scale = mean_diagonal > 0.0 ? mean_diagonal : 1.0;
  Eigen::VectorXd standard_normals(m);
  for (Eigen::Index i = 0; i < m; ++i) standard_normals[i] = rng.normal();
  for (double relative_jitter = 0.0; relative_jitter <= 1e-4;
       relative_jitter = relative_jitter == 0.0 ? 1e-12 : relative_jitter * 100.0) {
    Eigen::MatrixXd jittered = covariance;
    jittered.diagonal().array() += relative_jitter * scale;
    Eigen::LLT<Eigen::MatrixXd> factor(jittered);
    if (factor.info() == Eigen::Success) {
      draw = mean + factor.matrixL() * standard_normals;
      return true;
    }
  }
  return false;
}

}  // namespace bosim
