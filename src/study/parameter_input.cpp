#include "study/parameter_input.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "study/closest_name.hpp"

namespace bosim {

namespace {

const std::vector<std::string> factor_forms = {"linspace", "logspace", "uniform", "loguniform"};

std::vector<std::string> randomizable_names() {
  std::vector<std::string> names;
  for (const auto& parameter : campaign_parameters())
    if (parameter.randomizable) names.push_back(parameter.name);
  return names;
}

/// 10^exponent; exact (or correctly rounded, for negative exponents) when the exponent is a small integer.
double power_of_ten(double exponent) {
  if (exponent == std::round(exponent) && std::abs(exponent) <= 22.0) {
    double power = 1.0;  // 10^k is exactly representable for k <= 22
    for (int k = 0; k < static_cast<int>(std::abs(exponent)); ++k) power *= 10.0;
    return exponent < 0 ? 1.0 / power : power;
  }
  return std::pow(10.0, exponent);
}

/// Converts a computed value to the parameter's type: integer parameters need integral values.
ParameterValue spaced_value(const ParameterDescriptor& parameter, double value, const std::string& form,
                            const SourcePosition& where) {
  if (parameter.type != ParameterType::integer) return value;
  const double rounded = std::round(value);
  if (std::abs(value - rounded) > 1e-9 * std::max(1.0, std::abs(value)))
    throw InputError(form + " gives the non-integer value " + to_string(ParameterValue(value)) +
                         " for the integer parameter '" + parameter.name + "'",
                     where);
  return static_cast<std::int64_t>(rounded);
}

std::vector<ParameterValue> spaced_levels(const TomlReader& reader, const ParameterDescriptor& parameter,
                                          const std::string& form, const toml::node& spec) {
  const SourcePosition where = reader.at(spec, parameter.name);
  if (parameter.type != ParameterType::integer && parameter.type != ParameterType::real)
    throw InputError(form + " needs a numeric parameter; '" + parameter.name + "' takes words", where);
  const auto* bounds = spec.as_array();
  if (bounds == nullptr || bounds->size() != 3)
    throw InputError(form + " needs [start, stop, count] for '" + parameter.name + "'", where);
  const double start = reader.real(*bounds->get(0), form + " start");
  const double stop = reader.real(*bounds->get(1), form + " stop");
  const std::int64_t count = reader.integer(*bounds->get(2), form + " count");
  if (count < 1 || count > max_spaced_values)
    throw InputError(form + " count must be between 1 and " + std::to_string(max_spaced_values) + " (got " +
                         std::to_string(count) + ")",
                     reader.at(*bounds->get(2), parameter.name));
  const std::vector<double> values = form == "linspace" ? linspace(start, stop, count) : logspace(start, stop, count);
  std::vector<ParameterValue> levels;
  for (double value : values) {
    levels.push_back(spaced_value(parameter, value, form, where));
    check_parameter_value(parameter, levels.back(), where);
  }
  return levels;
}

RandomizedFactor randomized_factor(const TomlReader& reader, const ParameterDescriptor& parameter,
                                   const std::string& form, const toml::node& spec) {
  const SourcePosition where = reader.at(spec, parameter.name);
  if (!parameter.randomizable)
    throw InputError("'" + parameter.name + "' cannot be randomized; " + form +
                         " is allowed for: " + join_names(randomizable_names()),
                     where);
  const auto* bounds = spec.as_array();
  if (bounds == nullptr || bounds->size() != 2)
    throw InputError(form + " needs [lower, upper] for '" + parameter.name + "'", where);
  RandomizedFactor factor;
  factor.name = parameter.name;
  factor.distribution =
      form == "uniform" ? RandomizedFactor::Distribution::uniform : RandomizedFactor::Distribution::loguniform;
  factor.lower = reader.real(*bounds->get(0), form + " lower");
  factor.upper = reader.real(*bounds->get(1), form + " upper");
  if (!(factor.lower < factor.upper))
    throw InputError(form + " needs lower < upper for '" + parameter.name + "' (got " + factor.describe() + ")", where);
  if (factor.distribution == RandomizedFactor::Distribution::loguniform && factor.lower <= 0.0)
    throw InputError("loguniform needs lower > 0 for '" + parameter.name + "' (got " + factor.describe() + ")", where);
  // Both ends must be allowed values, so that every draw is.
  check_parameter_value(parameter, factor.lower, reader.at(*bounds->get(0), parameter.name));
  check_parameter_value(parameter, factor.upper, reader.at(*bounds->get(1), parameter.name));
  return factor;
}

}  // namespace

void check_parameter_value(const ParameterDescriptor& parameter, const ParameterValue& value,
                           const SourcePosition& where) {
  // Integer settings are stored as int; larger values would wrap around.
  if (const auto* integer = std::get_if<std::int64_t>(&value); integer && *integer > std::numeric_limits<int>::max())
    throw InputError("'" + parameter.name + "' is too large (got " + to_string(value) + ")", where);
  if (const auto reason = parameter.check(value))
    throw InputError("'" + parameter.name + "' " + *reason + " (got " + to_string(value) + ")", where);
}

ParameterValue read_parameter_value(const TomlReader& reader, const ParameterDescriptor& parameter,
                                    const toml::node& node) {
  ParameterValue value;
  switch (parameter.type) {
    case ParameterType::integer:
      value = reader.integer(node, parameter.name);
      break;
    case ParameterType::real:
      value = reader.real(node, parameter.name);
      break;
    case ParameterType::boolean:
      value = reader.boolean(node, parameter.name);
      break;
    case ParameterType::text:
      value = parameter.choices.empty() ? reader.text(node, parameter.name)
                                        : reader.choice(node, parameter.name, parameter.choices);
      break;
  }
  check_parameter_value(parameter, value, reader.at(node, parameter.name));
  return value;
}

SweepFactor read_sweep_factor(const TomlReader& reader, const ParameterDescriptor& parameter, const toml::key& key,
                              const toml::node& node) {
  SweepFactor factor;
  factor.parameter = &parameter;
  factor.where = reader.at(key);
  if (const auto* list = node.as_array()) {
    if (list->empty()) throw InputError("empty list of values for '" + parameter.name + "'", reader.at(node));
    for (const auto& element : *list) {
      factor.levels.push_back(read_parameter_value(reader, parameter, element));
      factor.level_where.push_back(reader.at(element, parameter.name));
    }
    return factor;
  }
  const auto* spec = node.as_table();
  if (spec == nullptr) {
    factor.levels.push_back(read_parameter_value(reader, parameter, node));
    factor.level_where.push_back(reader.at(node, parameter.name));
    return factor;
  }
  reader.reject_unknown_keys(*spec, "the value of '" + parameter.name + "'", factor_forms);
  if (spec->size() != 1)
    throw InputError("give exactly one of " + join_names(factor_forms) + " for '" + parameter.name + "'",
                     reader.at(node, parameter.name));
  const TomlEntry form_entry = TomlReader::in_file_order(*spec).front();
  const std::string form(form_entry.key->str());
  const toml::node& form_value = *form_entry.value;
  if (form == "linspace" || form == "logspace") {
    factor.levels = spaced_levels(reader, parameter, form, form_value);
    factor.level_where.assign(factor.levels.size(), reader.at(form_value, parameter.name));
  } else
    factor.randomized = randomized_factor(reader, parameter, form, form_value);
  return factor;
}

std::vector<double> linspace(double start, double stop, std::int64_t count) {
  std::vector<double> values;
  if (count == 1) return {start};
  for (std::int64_t i = 0; i < count; ++i)
    values.push_back(i == count - 1 ? stop
                                    : start + (stop - start) * static_cast<double>(i) / static_cast<double>(count - 1));
  return values;
}

std::vector<double> logspace(double start, double stop, std::int64_t count) {
  std::vector<double> values = linspace(start, stop, count);
  for (double& value : values) value = power_of_ten(value);
  return values;
}

}  // namespace bosim
