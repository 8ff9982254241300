#include "acquisition/thompson_sampling.hpp"

#include <cmath>

#include "gp/flush_subnormals.hpp"
#include "gp/jittered_cholesky.hpp"

namespace bosim {

bool thompson_draw(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance, Rng& rng, Eigen::VectorXd& draw) {
  const FlushSubnormals flush_subnormals;
  const Eigen::Index m = mean.size();
  Eigen::VectorXd standard_normals(m);
  for (Eigen::Index i = 0; i < m; ++i) standard_normals[i] = rng.normal();
  const double mean_variance = m > 0 ? covariance.diagonal().mean() : 0.0;
  if (std::isnan(mean_variance)) return false;
  if (mean_variance <= 0.0) {  // no variance left: every candidate is known exactly
    draw = mean;
    return true;
  }
  Eigen::MatrixXd factor = covariance;
  JitteredCholesky cholesky(thompson_jitter_ladder);
  if (!cholesky.factorize(factor)) return false;
  draw = mean;
  draw.noalias() += factor.triangularView<Eigen::Lower>() * standard_normals;
  return true;
}

}  // namespace bosim
