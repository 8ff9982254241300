// NucleationLayerTruth: the synthetic nucleation-layer model as a ground truth — the feasible composition grid of
// Table 1, one new simulated cell per measurement, the optimum by expected lifetime computed once.
#pragma once

#include <string>
#include <vector>

#include "truth/dataset_truth.hpp"
#include "truth/nucleation_layer_model.hpp"
#include "truth/tabulated_truth.hpp"

namespace bosim {

/// What a study gives for kind "nucleation-layer".
struct NucleationLayerSpec {
  NucleationLayerParameters parameters;
  /// Overrides of the Table 1 ranges (e.g. a coarser step for a small pool).
  std::vector<FeatureOverride> feature_overrides;
};

/// Design variables of the reference study's Table 1: CB 0.20–0.90, CNT 0.00–0.50
/// (step 0.01), oxidation time 0–8 h (step 1); PVdF = 1 − CB − CNT must lie in
/// [0.10, 0.40], a linear constraint of the design space. The pool is every
/// feasible grid point (13,734 designs with the Table 1 steps: 1,526 compositions × 9 times). Measuring builds
/// a new cell: its lifetime (cycles) from NucleationLayerModel::lifetime with
/// the run's Rng. expected_value is the nominal (median) cell's interpolated
/// 50 % crossing, computed for every design in the constructor.
class NucleationLayerTruth final : public TabulatedTruth {
 public:
  /// Throws InputError for bad overrides (at their position) and
  /// std::invalid_argument for bad parameters or an empty feasible grid.
  explicit NucleationLayerTruth(const NucleationLayerSpec& spec);

  /// Feature names (with units) and the objective name.
  static const std::vector<std::string>& feature_names();
  static const std::string objective;
  /// Bounds of PVdF = 1 − CB − CNT (Table 1).
  static constexpr double pvdf_min = 0.10, pvdf_max = 0.40;

  std::string describe() const override;
  /// The lifetime of a new cell of this composition, drawn from rng.
  double measure(Eigen::Index design, Rng& rng) const override;

  const NucleationLayerModel& model() const { return model_; }

 private:
  NucleationLayerModel model_;
};

}  // namespace bosim
