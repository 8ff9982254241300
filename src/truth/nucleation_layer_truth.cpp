// NucleationLayerTruth: the constrained Table 1 grid, expected lifetimes and the optimum, and cell measurements.
#include "truth/nucleation_layer_truth.hpp"

#include <cstdio>
#include <stdexcept>

#include "truth/candidate_pool.hpp"
#include "truth/feature_overrides.hpp"

namespace bosim {

const std::string NucleationLayerTruth::objective = "Lifetime (cycles)";

const std::vector<std::string>& NucleationLayerTruth::feature_names() {
  static const std::vector<std::string> names = {"CB (w/w)", "CNT (w/w)", "Oxidation time (h)"};
  return names;
}

NucleationLayerTruth::NucleationLayerTruth(const NucleationLayerSpec& spec) : model_(spec.parameters) {
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
  space_ = DesignSpace(features, {LinearConstraint{description, {1.0, 1.0, 0.0}, 1.0 - pvdf_max, 1.0 - pvdf_min}});
  designs_ = make_candidate_pool(space_, PoolSpec{PoolKind::grid, 0}, 0);

  expected_.resize(designs_.rows());
  for (Eigen::Index i = 0; i < designs_.rows(); ++i)
    expected_[i] = model_.expected_lifetime(designs_(i, 0), designs_(i, 1), designs_(i, 2));
  optimal_ = optimal_indices(expected_, Goal::maximize);
}

std::string NucleationLayerTruth::describe() const {
  const Eigen::Index best = optimal_.front();
  char text[256];
  std::snprintf(text, sizeof text,
                "nucleation-layer model (synthetic): %ld feasible designs; best expected lifetime %.1f cycles at "
                "CB %.2f, CNT %.2f, %g h",
                static_cast<long>(size()), expected_[best], designs_(best, 0), designs_(best, 1), designs_(best, 2));
  return text;
}

double NucleationLayerTruth::measure(Eigen::Index design, Rng& rng) const {
  if (design < 0 || design >= size())
    throw std::out_of_range("measure: design " + std::to_string(design) + " of " + std::to_string(size()));
  return model_.lifetime(designs_(design, 0), designs_(design, 1), designs_(design, 2), rng);
}

}  // namespace bosim
