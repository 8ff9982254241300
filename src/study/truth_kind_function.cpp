// Truth kind "function": an analytic test function over a grid or a Sobol/LHS pool (truth/function_truth.hpp).
#include <algorithm>

#include "study/truth_kind.hpp"
#include "truth/sobol_sequence.hpp"

namespace bosim {
namespace {

/// dimension: only for the functions of configurable dimension, from 1 (2 for rosenbrock) to 1000.
void read_dimension(const TomlReader& toml, const toml::node& node, FunctionSpec& spec) {
  const std::int64_t dimension = toml.integer(node, "dimension");
  if (!TestFunction::dimension_is_configurable(spec.function))
    throw InputError(to_string(spec.function) + " has a fixed dimension (" +
                         std::to_string(TestFunction::default_dimension(spec.function)) +
                         "); 'dimension' applies to ackley and rosenbrock",
                     toml.at(node, "dimension"));
  const std::int64_t smallest = spec.function == TestFunctionKind::rosenbrock ? 2 : 1;
  if (dimension < smallest || dimension > 1000)
    throw InputError(
        "'dimension' of " + to_string(spec.function) + " must be between " + std::to_string(smallest) + " and 1000",
        toml.at(node, "dimension"));
  spec.dimension = static_cast<int>(dimension);
}

/// level_offsets = {feature = [o_0, …]}: finite reals (TomlReader::real), one per level of a categorical feature
/// (checked against the features when the truth is built).
void read_level_offsets(const TomlReader& toml, const toml::node& node, FunctionSpec& spec) {
  for (const auto& entry : TomlReader::in_file_order(toml.table(node, "level_offsets"))) {
    const std::string feature(entry.key->str());
    LevelOffsets given{feature, {}, toml.at(*entry.value, feature)};
    for (const auto& offset : toml.array(*entry.value, feature)) given.offsets.push_back(toml.real(offset, feature));
    spec.level_offsets.push_back(std::move(given));
  }
}

void read_function(TruthReading& reading) {
  const TomlReader& toml = reading.toml;
  const toml::table& truth = reading.truth;
  FunctionSpec& spec = reading.study().function;
  const auto* function = truth.get("function");
  if (function == nullptr)
    throw InputError("[truth] of kind \"function\" needs function = \"…\", one of " + join_names(test_function_names()),
                     toml.at(truth, "truth"));
  parse_test_function_kind(toml.choice(*function, "function", test_function_names()), spec.function);
  if (const auto* node = truth.get("dimension")) read_dimension(toml, *node, spec);
  if (const auto* node = truth.get("goal")) spec.goal = read_goal(toml, *node);
  if (const auto* node = truth.get("level_offsets")) read_level_offsets(toml, *node, spec);
  read_pool_keys(toml, truth, spec.pool, spec.pool_size);
  const auto categorical = std::count_if(reading.features.begin(), reading.features.end(),
                                         [](const FeatureOverride& feature) { return feature.categorical; });
  const auto dimension =
      (spec.dimension > 0 ? spec.dimension : TestFunction::default_dimension(spec.function)) + categorical;
  if (spec.pool.value_or(PoolKind::sobol) == PoolKind::sobol && dimension > SobolSequence::max_dimension)
    throw InputError("a Sobol pool supports at most " + std::to_string(SobolSequence::max_dimension) +
                         " dimensions; use pool = \"lhs\"",
                     toml.at(truth, "truth"));
  spec.feature_overrides = std::move(reading.features);
  spec.constraints = std::move(reading.constraints);
}

std::shared_ptr<const GroundTruth> make_function(ParsedStudy& parsed) {
  return std::make_shared<const FunctionTruth>(parsed.study.function, truth_seed(parsed.study));
}

}  // namespace

TruthKindRow function_truth_kind() {
  return {TruthKind::function,
          "function",
          {"function", "dimension", "goal", "pool", "pool_size", "constraint", "level_offsets"},
          read_function,
          make_function};
}

}  // namespace bosim
