// TabulatedTruth: the pool tables, their optimal designs and the design-index check of measure().
#include "truth/tabulated_truth.hpp"

#include <stdexcept>

namespace bosim {

std::vector<Eigen::Index> optimal_indices(const Eigen::VectorXd& values, Goal goal) {
  const double best = goal == Goal::maximize ? values.maxCoeff() : values.minCoeff();
  std::vector<Eigen::Index> indices;
  for (Eigen::Index i = 0; i < values.size(); ++i)
    if (values[i] == best) indices.push_back(i);
  return indices;
}

TabulatedTruth::TabulatedTruth(Goal goal, std::string objective_name)
    : goal_(goal), objective_name_(std::move(objective_name)) {}

void TabulatedTruth::set_pool(Eigen::MatrixXd designs, Eigen::VectorXd values) {
  designs_ = std::move(designs);
  values_ = std::move(values);
  optimal_ = optimal_indices(values_, goal_);
}

void TabulatedTruth::require_design(Eigen::Index design) const {
  if (design < 0 || design >= size())
    throw std::out_of_range("measure: design " + std::to_string(design) + " of " + std::to_string(size()));
}

}  // namespace bosim
