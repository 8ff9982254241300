// FunctionTruth: the function's feature box, its candidate pool and values.
#include "truth/function_truth.hpp"

#include <cstdio>

#include "truth/feature_overrides.hpp"

namespace bosim {

FunctionTruth::FunctionTruth(const FunctionSpec& spec, std::uint64_t pool_seed)
    : TabulatedTruth(spec.goal, to_string(spec.function) + "(x)"),
      function_(TestFunction::make(spec.function, spec.dimension)) {
  std::vector<FeatureRange> features;
  const auto domain = function_.domain();
  for (size_t d = 0; d < domain.size(); ++d) {
    std::string name = std::to_string(d + 1);
    name.insert(name.begin(), 'x');  // not "x" + …: GCC 12 warns falsely (-Wrestrict) on that operator+
    features.push_back({name, domain[d].first, domain[d].second, 0.0, false});
  }
  apply_feature_overrides(features, spec.feature_overrides);
  std::vector<LinearConstraint> constraints = resolve_constraints(features, spec.constraints);
  set_space(DesignSpace(std::move(features), std::move(constraints)));
  pool_kind_ = spec.pool.value_or(space().is_grid() ? PoolKind::grid : PoolKind::sobol);
  Eigen::MatrixXd pool = make_candidate_pool(space(), PoolSpec{pool_kind_, spec.pool_size}, pool_seed);
  Eigen::VectorXd values(pool.rows());
  for (Eigen::Index i = 0; i < pool.rows(); ++i) values[i] = function_(pool.row(i));
  set_pool(std::move(pool), std::move(values));
}

std::string FunctionTruth::describe() const {
  char text[256];
  std::snprintf(text, sizeof text,
                "function %s (%d-D, %s): %s pool of %ld designs, best pool value %.6g; known global minimum %.6g",
                to_string(function_.kind).c_str(), function_.dimension,
                goal() == Goal::minimize ? "minimize" : "maximize", to_string(pool_kind_).c_str(),
                static_cast<long>(size()), best_value(), function_.minimum());
  return text;
}

double FunctionTruth::measure(Eigen::Index design, Rng& /*rng*/) const {
  require_design(design);
  return expected_value(design);
}

}  // namespace bosim
