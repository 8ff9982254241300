// NucleationLayerModel: the per-cycle loss recursion, parameter ranges and the nominal (median) cell.
#include "truth/nucleation_layer_model.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace bosim {

const std::vector<NucleationLayerParameterRule>& nucleation_layer_parameter_rules() {
  using P = NucleationLayerParameters;
  constexpr double inf = std::numeric_limits<double>::infinity();
  static const std::vector<NucleationLayerParameterRule> rules = {
      {"optimum_cb", &P::optimum_cb, 0.0, 1.0, true, true, "CB of the lowest loss (w/w)"},
      {"optimum_cnt", &P::optimum_cnt, 0.0, 1.0, true, true, "CNT of the lowest loss (w/w)"},
      {"optimum_time", &P::optimum_time, 0.0, 24.0, true, true, "oxidation time of the lowest loss (h)"},
      {"width_cb", &P::width_cb, 0.0, inf, false, false, "CB width of the loss bowl (w/w)"},
      {"width_cnt", &P::width_cnt, 0.0, inf, false, false, "CNT width of the loss bowl (w/w)"},
      {"width_time", &P::width_time, 0.0, inf, false, false, "oxidation-time width of the loss bowl (h)"},
      {"cb_cnt_coupling", &P::cb_cnt_coupling, -1.0, 1.0, false, false, "CB-CNT coupling rho"},
      {"min_loss", &P::min_loss, 0.0, inf, false, false, "steady loss at the optimum (%/cycle)"},
      {"max_loss", &P::max_loss, 0.0, inf, false, false, "steady loss far from the optimum (%/cycle)"},
      {"sei_loss", &P::sei_loss, 0.0, inf, true, false, "extra SEI loss in cycle 1 (%)"},
      {"sei_cycles", &P::sei_cycles, 0.0, inf, false, false, "SEI decay constant (cycles)"},
      {"end_of_life_gain", &P::end_of_life_gain, 0.0, inf, true, false, "end-of-life rate gain B"},
      {"end_of_life_power", &P::end_of_life_power, 0.0, inf, false, false, "end-of-life power p"},
      {"cycle_noise", &P::cycle_noise, 0.0, 2.0, true, true, "log-normal sd of each cycle's loss"},
      {"cell_spread", &P::cell_spread, 0.0, 2.0, true, true, "log-normal sd of a cell's rate factor"},
      {"threshold", &P::threshold, 0.0, 100.0, false, true, "end-of-life cumulative loss (%)"},
  };
  return rules;
}

bool nucleation_layer_parameter_allows(const NucleationLayerParameterRule& rule, double value) {
  const bool above = rule.lower_inclusive ? value >= rule.lower : value > rule.lower;
  const bool below = std::isinf(rule.upper) || (rule.upper_inclusive ? value <= rule.upper : value < rule.upper);
  return above && below;
}

std::string nucleation_layer_parameter_range(const NucleationLayerParameterRule& rule) {
  char text[64];
  if (std::isinf(rule.upper))
    std::snprintf(text, sizeof text, "%s%g, inf)", rule.lower_inclusive ? "[" : "(", rule.lower);
  else
    std::snprintf(text, sizeof text, "%s%g, %g%s", rule.lower_inclusive ? "[" : "(", rule.lower, rule.upper,
                  rule.upper_inclusive ? "]" : ")");
  return text;
}

NucleationLayerModel::NucleationLayerModel(const NucleationLayerParameters& parameters) : parameters_(parameters) {
  for (const NucleationLayerParameterRule& rule : nucleation_layer_parameter_rules()) {
    const double value = parameters_.*rule.member;
    if (!std::isfinite(value) || !nucleation_layer_parameter_allows(rule, value))
      throw std::invalid_argument(rule.key + " must be in " + nucleation_layer_parameter_range(rule));
  }
  if (parameters_.max_loss < parameters_.min_loss) throw std::invalid_argument("max_loss must be at least min_loss");
  if (parameters_.max_cycles < 1) throw std::invalid_argument("max_cycles must be at least 1");
}

double NucleationLayerModel::steady_state_loss(double cb, double cnt, double hours) const {
  const NucleationLayerParameters& p = parameters_;
  const double u_cb = (cb - p.optimum_cb) / p.width_cb;
  const double u_cnt = (cnt - p.optimum_cnt) / p.width_cnt;
  const double u_time = (hours - p.optimum_time) / p.width_time;
  const double q = u_cb * u_cb + u_cnt * u_cnt + 2.0 * p.cb_cnt_coupling * u_cb * u_cnt + u_time * u_time;
  // Geometric interpolation: the lifetime, ∝ 1/s, then falls smoothly rather than collapsing near the optimum.
  return p.min_loss * std::pow(p.max_loss / p.min_loss, 1.0 - std::exp(-0.5 * q));
}

CellTrajectory NucleationLayerModel::run(double cb, double cnt, double hours, Rng* rng, bool keep_trajectory) const {
  const NucleationLayerParameters& p = parameters_;
  const double steady = steady_state_loss(cb, cnt, hours);
  const double cell_factor = rng != nullptr ? std::exp(p.cell_spread * rng->normal()) : 1.0;
  const double noise_offset = -0.5 * p.cycle_noise * p.cycle_noise;  // E[η] = 1
  CellTrajectory cell;
  double cumulative = 0.0;
  for (int cycle = 1; cycle <= p.max_cycles; ++cycle) {
    const double wear = 1.0 + p.end_of_life_gain * std::pow(cumulative / p.threshold, p.end_of_life_power);
    const double formation = p.sei_loss * std::exp(-(cycle - 1) / p.sei_cycles);
    const double fluctuation = rng != nullptr ? std::exp(p.cycle_noise * rng->normal() + noise_offset) : 1.0;
    const double loss = cell_factor * (steady * wear + formation) * fluctuation;
    const double previous = cumulative;
    cumulative += loss;
    if (keep_trajectory) {
      cell.loss.push_back(loss);
      cell.cumulative_loss.push_back(cumulative);
    }
    if (cumulative > p.threshold) {
      cell.lifetime = cycle;
      cell.crossing = (cycle - 1) + (p.threshold - previous) / loss;
      return cell;
    }
  }
  cell.lifetime = p.max_cycles;
  cell.crossing = p.max_cycles;
  return cell;
}

CellTrajectory NucleationLayerModel::simulate_cell(double cb, double cnt, double hours, Rng& rng) const {
  return run(cb, cnt, hours, &rng, true);
}

CellTrajectory NucleationLayerModel::nominal_cell(double cb, double cnt, double hours) const {
  return run(cb, cnt, hours, nullptr, true);
}

int NucleationLayerModel::lifetime(double cb, double cnt, double hours, Rng& rng) const {
  return run(cb, cnt, hours, &rng, false).lifetime;
}

double NucleationLayerModel::expected_lifetime(double cb, double cnt, double hours) const {
  return run(cb, cnt, hours, nullptr, false).crossing;
}

}  // namespace bosim
