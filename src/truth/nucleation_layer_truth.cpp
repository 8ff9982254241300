// NucleationLayerTruth: the constrained Table 1 grid, expected lifetimes and the optimum, and cell measurements.
#include "truth/nucleation_layer_truth.hpp"

#include <cstdio>

#include "truth/candidate_pool.hpp"
#include "truth/feature_overrides.hpp"

namespace bosim {

const std::string NucleationLayerTruth::objective = "Lifetime (cycles)";

const std::vector<std::string>& NucleationLayerTruth::feature_names() {
  static const std::vector<std::string> names = {"CB (w/w)", "CNT (w/w)", "Oxidation time (h)"};
  return names;
}

NucleationLayerTruth::NucleationLayerTruth(const NucleationLayerSpec& spec)
    : TabulatedTruth(Goal::maximize, objective), model_(spec.parameters) {
  const auto& names = feature_names();
  std::vector<FeatureRange> features = {
      {names[0], 0.20, 0.90, 0.01, false},
      {names[1], 0.00, 0.50, 0.01, false},
      {names[2], 0.0, 8.0, 1.0, false},
  };
  apply_feature_overrides(features, spec.feature_overrides);
  char description[96];
  std::snprintf(description, sizeof description, "PVdF = 1 - CB - CNT in [%.2f, %.2f]", pvdf_min, pvdf_max);
  // pvdf_min ≤ 1 − CB − CNT ≤ pvdf_max  ⇔  1 − pvdf_max ≤ CB + CNT ≤ 1 − pvdf_min.
  set_space(DesignSpace(features, {LinearConstraint{description, {1.0, 1.0, 0.0}, 1.0 - pvdf_max, 1.0 - pvdf_min}}));
  Eigen::MatrixXd pool = make_candidate_pool(space(), PoolSpec{PoolKind::grid, 0}, 0);

  Eigen::VectorXd expected(pool.rows());
  for (Eigen::Index i = 0; i < pool.rows(); ++i)
    expected[i] = model_.expected_lifetime(pool(i, 0), pool(i, 1), pool(i, 2));
  set_pool(std::move(pool), std::move(expected));
}

std::string NucleationLayerTruth::describe() const {
  const Eigen::Index best = optimal_designs().front();
  const Eigen::MatrixXd& pool = designs();
  char text[256];
  std::snprintf(text, sizeof text,
                "nucleation-layer model (synthetic): %ld feasible designs; best expected lifetime %.1f cycles at "
                "CB %.2f, CNT %.2f, %g h",
                static_cast<long>(size()), best_value(), pool(best, 0), pool(best, 1), pool(best, 2));
  return text;
}

double NucleationLayerTruth::measure(Eigen::Index design, Rng& rng) const {
  require_design(design);
  const Eigen::MatrixXd& pool = designs();
  return model_.lifetime(pool(design, 0), pool(design, 1), pool(design, 2), rng);
}

}  // namespace bosim
