#include "truth/ground_truth.hpp"

namespace bosim {

std::vector<Eigen::Index> optimal_indices(const Eigen::VectorXd& values, Goal goal) {
  const double best = goal == Goal::maximize ? values.maxCoeff() : values.minCoeff();
  std::vector<Eigen::Index> indices;
  for (Eigen::Index i = 0; i < values.size(); ++i)
    if (values[i] == best) indices.push_back(i);
  return indices;
}

}  // namespace bosim
