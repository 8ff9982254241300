// Parameter input: campaign-parameter values and [[sweep]] factors (lists, linspace, logspace, uniform, loguniform)
// read from TOML.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "study/campaign_parameters.hpp"
#include "study/study.hpp"
#include "study/toml_reader.hpp"

namespace bosim {

/// Range check of a value already of the parameter's type; throws
/// "'epsilon' must be a finite number > 0 (got 0)" at where.
void check_parameter_value(const ParameterDescriptor& parameter, const ParameterValue& value,
                           const SourcePosition& where);

/// One value of the parameter. Integer parameters take TOML integers only; real
/// ones take integers or floats (stored as double); text ones one of the choices (any text when there are none).
ParameterValue read_parameter_value(const TomlReader& reader, const ParameterDescriptor& parameter,
                                    const toml::node& node);

/// One key of a [[sweep]] table: either levels to sweep or a distribution to draw from.
struct SweepFactor {
  const ParameterDescriptor* parameter = nullptr;
  std::vector<ParameterValue> levels;          ///< the swept values; empty for a randomized factor
  std::optional<RandomizedFactor> randomized;  ///< set for {uniform=…} / {loguniform=…}
  SourcePosition where;                        ///< the key in the study file
  std::vector<SourcePosition> level_where;     ///< the value that gave each level (a list element, or the value)
};

/// Reads a factor given as a value, an array of values, {linspace=[a,b,n]},
/// {logspace=[a,b,n]}, {uniform=[a,b]} or {loguniform=[a,b]}.
SweepFactor read_sweep_factor(const TomlReader& reader, const ParameterDescriptor& parameter, const toml::key& key,
                              const toml::node& node);

/// Most values one linspace/logspace may produce (a guard against typos such as 1e6 points).
inline constexpr std::int64_t max_spaced_values = 10000;

/// count evenly spaced values from start to stop, both included (as numpy.linspace):
/// x_i = start + (stop − start)·i/(count − 1); the last value is stop exactly; count = 1 gives {start}.
std::vector<double> linspace(double start, double stop, std::int64_t count);

/// 10^x_i for x_i = linspace(start, stop, count). Integral exponents give the
/// correctly rounded power (10^-2 == 0.01), so listed decades compare exactly.
std::vector<double> logspace(double start, double stop, std::int64_t count);

}  // namespace bosim
