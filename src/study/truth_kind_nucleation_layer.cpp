// Truth kind "nucleation-layer": the synthetic sodium half-cell model (truth/nucleation_layer_truth.hpp).
#include "study/truth_kind.hpp"

namespace bosim {
namespace {

/// The model's parameters (nucleation_layer_parameter_rules) and max_cycles, each range-checked.
void read_nucleation_layer(TruthReading& reading) {
  const TomlReader& toml = reading.toml;
  const toml::table& truth = reading.truth;
  NucleationLayerParameters& parameters = reading.study().nucleation_layer.parameters;
  for (const auto& rule : nucleation_layer_parameter_rules()) {
    const auto* node = truth.get(rule.key);
    if (node == nullptr) continue;
    const double value = toml.real(*node, rule.key);
    if (!nucleation_layer_parameter_allows(rule, value))
      throw InputError("'" + rule.key + "' (" + rule.meaning + ") must be in " + nucleation_layer_parameter_range(rule),
                       toml.at(*node, rule.key));
    parameters.*rule.member = value;
  }
  if (parameters.max_loss < parameters.min_loss) {
    const auto* node = truth.get("max_loss") != nullptr ? truth.get("max_loss") : truth.get("min_loss");
    throw InputError("'max_loss' must be at least 'min_loss'", toml.at(*node));
  }
  if (const auto* node = truth.get("max_cycles")) {
    const std::int64_t cycles = toml.integer(*node, "max_cycles");
    if (cycles < 1 || cycles > 1000000)
      throw InputError("'max_cycles' must be an integer between 1 and 1000000", toml.at(*node, "max_cycles"));
    parameters.max_cycles = static_cast<int>(cycles);
  }
  reading.study().nucleation_layer.feature_overrides = std::move(reading.features);
}

std::shared_ptr<const GroundTruth> make_nucleation_layer(ParsedStudy& parsed) {
  return std::make_shared<const NucleationLayerTruth>(parsed.study.nucleation_layer);
}

/// Its keys: one per model parameter, and max_cycles.
std::vector<std::string> nucleation_layer_keys() {
  std::vector<std::string> keys;
  for (const auto& rule : nucleation_layer_parameter_rules()) keys.push_back(rule.key);
  keys.push_back("max_cycles");
  return keys;
}

}  // namespace

TruthKindRow nucleation_layer_truth_kind() {
  return {TruthKind::nucleation_layer, "nucleation-layer", nucleation_layer_keys(), read_nucleation_layer,
          make_nucleation_layer};
}

}  // namespace bosim
