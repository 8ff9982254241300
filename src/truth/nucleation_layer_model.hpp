// NucleationLayerModel: a synthetic phenomenological model of the cycle life of a sodium-metal half-cell with a carbon
// nucleation layer (carbon black, CNT, oxidation time), after the reference study's Sec. 2.2 and 4.1.
#pragma once

#include <string>
#include <vector>

#include "common/random.hpp"

namespace bosim {

/// Parameters of the model (docs/nucleation-layer-model.md); each is a [truth]
/// key of kind "nucleation-layer" with the same name. The defaults are
/// calibrated so that expected lifetimes span 50–401 cycles and two cells of one
/// design differ by ~25 cycles (reference study Fig. 6a: mean within-design std 25.42).
struct NucleationLayerParameters {
  // Steady-state Coulombic inefficiency s(x), % of the plated capacity lost per cycle.
  double optimum_cb = 0.53;      ///< CB (w/w) of the lowest loss (the study's best cell, Sec. 4.3)
  double optimum_cnt = 0.16;     ///< CNT (w/w) of the lowest loss
  double optimum_time = 2.0;     ///< oxidation time (h) of the lowest loss
  double width_cb = 0.30;        ///< CB distance (w/w) over which the loss rises by one "unit" of q
  double width_cnt = 0.22;       ///< CNT distance (w/w), likewise
  double width_time = 3.5;       ///< oxidation-time distance (h), likewise
  double cb_cnt_coupling = 0.4;  ///< ρ in q: CB and CNT partly substitute for each other (|ρ| < 1)
  double min_loss = 0.095;       ///< s at the optimum, %/cycle
  double max_loss = 0.90;        ///< s far from the optimum (plateau), %/cycle
  // Early SEI formation: an extra loss decaying over the first ~10 cycles.
  double sei_loss = 1.5;    ///< extra loss in cycle 1, %
  double sei_cycles = 3.0;  ///< decay constant τ (cycles): e^(−9/τ) = 5 % left at cycle 10
  // End-of-life acceleration: the loss rate grows with the cumulative loss.
  double end_of_life_gain = 1.0;   ///< B: rate × (1 + B) when the cumulative loss reaches the threshold
  double end_of_life_power = 4.0;  ///< p: how late the acceleration sets in
  // Variability.
  double cycle_noise = 0.25;   ///< σ_cyc: log-normal sd of each cycle's loss (bumpy trajectories, Fig. 1c)
  double cell_spread = 0.165;  ///< σ_cell: log-normal sd of a cell's loss-rate factor (cell-to-cell variability)
  // Protocol.
  double threshold = 50.0;  ///< end of life: cumulative loss (%) that must be exceeded
  int max_cycles = 5000;    ///< a cell still alive after this many cycles is reported with this lifetime
};

/// Range rule of one parameter, for the study parser and its messages.
struct NucleationLayerParameterRule {
  std::string key;
  double NucleationLayerParameters::*member;
  double lower;
  double upper;
  bool lower_inclusive;
  bool upper_inclusive;  ///< irrelevant when upper is infinite
  std::string meaning;
};
/// Every real-valued parameter with its allowed range (max_cycles is an integer ≥ 1, checked separately).
const std::vector<NucleationLayerParameterRule>& nucleation_layer_parameter_rules();
/// True when value lies in the rule's range.
bool nucleation_layer_parameter_allows(const NucleationLayerParameterRule& rule, double value);
/// The range in interval notation, e.g. "(0, inf)" or "[0, 1]".
std::string nucleation_layer_parameter_range(const NucleationLayerParameterRule& rule);

/// One simulated cell: loss per cycle and cumulative loss, both in % of the
/// plated capacity 0.25 mAh/cm² (reference Eq. 12: loss_N = 100 (0.25 − Q_N^chg)/0.25).
struct CellTrajectory {
  std::vector<double> loss;             ///< loss_N, N = 1, 2, …
  std::vector<double> cumulative_loss;  ///< Σ_{k≤N} loss_k
  int lifetime = 0;                     ///< first N with cumulative loss > threshold (max_cycles if never)
  double crossing = 0.0;                ///< N − 1 + (threshold − L_{N−1}) / loss_N: the crossing, interpolated
};

/// The model (docs/nucleation-layer-model.md). Per cycle N of a cell with factor c:
///   q(x)   = u_cb² + u_cnt² + 2ρ u_cb u_cnt + u_t²,   u_cb = (CB − CB*)/w_cb, …
///   s(x)   = s_min (s_max / s_min)^(1 − exp(−q/2))
///   loss_N = c [ s(x) (1 + B (L_{N−1}/L_end)^p) + A e^{−(N−1)/τ} ] η_N,   L_N = L_{N−1} + loss_N
/// with c = exp(σ_cell z) drawn once per cell and η_N = exp(σ_cyc ε_N − σ_cyc²/2) per
/// cycle (z, ε_N standard normal). Synthetic: shapes follow the reference study's
/// description (steep early loss, stable middle, accelerating end; Sec. 4.1, Fig. 1c),
/// not a fit to its data.
class NucleationLayerModel {
 public:
  /// Throws std::invalid_argument naming the parameter when one is out of range.
  explicit NucleationLayerModel(const NucleationLayerParameters& parameters);

  const NucleationLayerParameters& parameters() const { return parameters_; }

  /// s(x), % per cycle.
  double steady_state_loss(double cb, double cnt, double hours) const;
  /// A new cell: draws c and every η_N from rng (cell factor first, then one deviate per cycle).
  CellTrajectory simulate_cell(double cb, double cnt, double hours, Rng& rng) const;
  /// The nominal cell: c = 1 (the median cell) and η_N = 1.
  CellTrajectory nominal_cell(double cb, double cnt, double hours) const;
  /// Lifetime of a new cell (simulate_cell(...).lifetime without storing the trajectory).
  int lifetime(double cb, double cnt, double hours, Rng& rng) const;
  /// The expected lifetime used for the optimum: the interpolated crossing of the nominal cell.
  double expected_lifetime(double cb, double cnt, double hours) const;

 private:
  /// Runs the recursion; trajectory may be null; rng null means the nominal cell.
  CellTrajectory run(double cb, double cnt, double hours, Rng* rng, bool keep_trajectory) const;

  NucleationLayerParameters parameters_;
};

}  // namespace bosim
