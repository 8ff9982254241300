// Truth kind "expression": a closed-form model written in the study file (truth/expression_truth.hpp).
#include "study/truth_kind.hpp"

namespace bosim {
namespace {

void read_expression(TruthReading& reading) {
  const TomlReader& toml = reading.toml;
  const toml::table& truth = reading.truth;
  ExpressionSpec& spec = reading.study().expression;
  const auto* expression = truth.get("expression");
  if (expression == nullptr)
    throw InputError("[truth] of kind \"expression\" needs expression = \"…\" over the [[truth.feature]] names",
                     toml.at(truth, "truth"));
  spec.expression = toml.text(*expression, "expression");
  spec.expression_where = toml.at(*expression, "expression");
  if (spec.expression_where.column > 0) ++spec.expression_where.column;  // past the opening quote
  if (const auto* node = truth.get("constants")) {
    spec.constants_where = toml.at(*node, "constants");
    for (const auto& entry : TomlReader::in_file_order(toml.table(*node, "constants")))
      spec.constants.emplace_back(std::string(entry.key->str()),
                                  toml.real(*entry.value, std::string(entry.key->str())));
  }
  if (const auto* node = truth.get("objective")) spec.objective = toml.text(*node, "objective");
  if (const auto* node = truth.get("goal")) spec.goal = read_goal(toml, *node);
  read_user_pool_keys(reading, spec.pool);
}

std::shared_ptr<const GroundTruth> make_expression(ParsedStudy& parsed) {
  return std::make_shared<const ExpressionTruth>(parsed.study.expression, truth_seed(parsed.study));
}

}  // namespace

TruthKindRow expression_truth_kind() {
  return {TruthKind::expression,
          "expression",
          {"goal", "pool", "pool_size", "designs", "constraint", "expression", "constants", "objective"},
          read_expression,
          make_expression};
}

}  // namespace bosim
