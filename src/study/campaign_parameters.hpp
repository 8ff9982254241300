// Campaign parameters: the registry of every setting a study can fix or sweep, with its type, default and range check.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "campaign/campaign_settings.hpp"

namespace bosim {

/// A scalar setting value as written in a study file.
using ParameterValue = std::variant<std::int64_t, double, bool, std::string>;

enum class ParameterType { integer, real, boolean, text };

/// One settable parameter of CampaignSettings. The study parser, the sweep
/// expansion and the /configs table all go through this list, so adding a
/// parameter here makes it settable, sweepable and stored.
struct ParameterDescriptor {
  std::string name;     ///< key in [campaign]/[model] and in [[sweep]], e.g. "delta"
  std::string section;  ///< "campaign" or "model": where it is given as a default
  ParameterType type = ParameterType::real;
  std::vector<std::string> choices;  ///< allowed words for text parameters; empty = any text (a file name)
  std::string help;                  ///< one line for `bosim validate` and error messages
  /// Stores a value (already of the right type) into settings.
  std::function<void(CampaignSettings&, const ParameterValue&)> set;
  /// Reads the value back from settings.
  std::function<ParameterValue(const CampaignSettings&)> get;
  /// Range check; returns the reason when the value is not allowed.
  std::function<std::optional<std::string>(const ParameterValue&)> check;
  /// True for real parameters that may be given as {uniform=[a,b]} or {loguniform=[a,b]}.
  bool randomizable = false;
  /// True for a CSV path relative to the study file's folder ("" = none): errors about the file point at
  /// the value that named it, so a [[sweep]] list element is blamed rather than its key.
  bool names_file = false;
  /// Acquisitions whose behaviour this parameter changes (study-file names); empty = all.
  std::vector<std::string> used_by_acquisitions;

  /// True when the parameter matters for a configuration with this acquisition.
  bool applies_to(const std::string& acquisition) const;
};

/// All parameters, in the column order of /configs.
const std::vector<ParameterDescriptor>& campaign_parameters();
/// The descriptor with this name, or nullptr.
const ParameterDescriptor* find_campaign_parameter(const std::string& name);

/// Text form of a value for tables and messages ("0.5", "ei", "true").
std::string to_string(const ParameterValue& value);

}  // namespace bosim
