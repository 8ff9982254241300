// FunctionTruth: the function's feature box, its candidate pool and values.
#include "truth/function_truth.hpp"

#include <cstdio>
#include <stdexcept>

#include "truth/feature_overrides.hpp"

namespace bosim {

FunctionTruth::FunctionTruth(const FunctionSpec& spec, std::uint64_t pool_seed)
    : function_(TestFunction::make(spec.function, spec.dimension)),
      goal_(spec.goal),
      objective_name_(to_string(spec.function) + "(x)") {
  std::vector<FeatureRange> features;
  const auto domain = function_.domain();
  for (size_t d = 0; d < domain.size(); ++d) {
    std::string name = std::to_string(d + 1);
    name.insert(name.begin(), 'x');  // not "x" + …: GCC 12 warns falsely (-Wrestrict) on that operator+
    features.push_back({name, domain[d].first, domain[d].second, 0.0, false});
  }
  apply_feature_overrides(features, spec.feature_overrides);
  space_ = DesignSpace(std::move(features));
  pool_kind_ = spec.pool.value_or(space_.is_grid() ? PoolKind::grid : PoolKind::sobol);
  designs_ = make_candidate_pool(space_, PoolSpec{pool_kind_, spec.pool_size}, pool_seed);
  values_.resize(designs_.rows());
  for (Eigen::Index i = 0; i < designs_.rows(); ++i) values_[i] = function_(designs_.row(i));
  optimal_ = optimal_indices(values_, goal_);
}

std::string FunctionTruth::describe() const {
  char text[256];
  std::snprintf(text, sizeof text,
                "function %s (%d-D, %s): %s pool of %ld designs, best pool value %.6g; known global minimum %.6g",
                to_string(function_.kind).c_str(), function_.dimension,
                goal_ == Goal::minimize ? "minimize" : "maximize", to_string(pool_kind_).c_str(),
                static_cast<long>(size()), values_[optimal_.front()], function_.minimum());
  return text;
}

double FunctionTruth::measure(Eigen::Index design, Rng& /*rng*/) const {
  if (design < 0 || design >= size())
    throw std::out_of_range("measure: design " + std::to_string(design) + " of " + std::to_string(size()));
  return values_[design];
}

}  // namespace bosim
