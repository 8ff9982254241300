// ExpressionTruth: feature variables and constants bound in a muparser Parser, one evaluation per pool design.
#include "truth/expression_truth.hpp"

#include <muParser.h>

#include <cmath>
#include <cstdio>
#include <map>

namespace bosim {
namespace {

bool is_name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// The study-file position of character `offset` (0-based) of the expression.
SourcePosition position_in_expression(const ExpressionSpec& spec, int offset) {
  SourcePosition where = spec.expression_where;
  if (where.column > 0 && offset >= 0) where.column += offset;
  where.key = "expression";
  return where;
}

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

}  // namespace

std::string expression_variable_name(const std::string& feature_name) {
  std::string name;
  for (char c : feature_name) {
    if (is_name_character(c))
      name += c;
    else if (!name.empty() && name.back() != '_')
      name += '_';
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  if (name.empty() || (name.front() >= '0' && name.front() <= '9')) name.insert(name.begin(), '_');
  return name;
}

ExpressionTruth::ExpressionTruth(const ExpressionSpec& spec, std::uint64_t pool_seed)
    : TabulatedTruth(spec.goal, spec.objective), expression_(spec.expression) {
  UserDesignPool pool = make_user_design_pool(spec.pool, pool_seed);
  const auto& features = pool.space.features();
  std::vector<double> variables(features.size(), 0.0);
  mu::Parser parser;
  std::map<std::string, std::string> taken;  // variable or constant name → what it stands for
  try {
    for (const auto& [name, value] : spec.constants) {
      parser.DefineConst(name, value);
      taken[name] = "constant \"" + name + "\"";
    }
    for (size_t j = 0; j < features.size(); ++j) {
      const std::string name = expression_variable_name(features[j].name);
      const auto [earlier, fresh] = taken.emplace(name, "feature \"" + features[j].name + "\"");
      if (!fresh)
        throw InputError("feature \"" + features[j].name + "\" would be the expression variable " + name +
                             ", which is already " + earlier->second,
                         spec.pool.features[j].where);
      parser.DefineVar(name, &variables[j]);
    }
  } catch (const mu::Parser::exception_type& error) {
    throw InputError("in [truth.constants] or a feature name: " + error.GetMsg(), spec.constants_where);
  }
  Eigen::VectorXd values(pool.designs.rows());
  try {
    parser.SetExpr(spec.expression);
    for (Eigen::Index i = 0; i < pool.designs.rows(); ++i) {
      for (size_t j = 0; j < variables.size(); ++j) variables[j] = pool.designs(i, static_cast<Eigen::Index>(j));
      values[i] = parser.Eval();
      if (!std::isfinite(values[i])) {
        std::string design;
        for (size_t j = 0; j < variables.size(); ++j)
          design.append(j == 0 ? "" : ", ").append(features[j].name + " = " + number_text(variables[j]));
        throw InputError("the expression is " + number_text(values[i]) + " (not finite) at design " +
                             std::to_string(i + 1) + " (" + design + ")",
                         position_in_expression(spec, 0));
      }
    }
  } catch (const mu::Parser::exception_type& error) {
    std::string variables_text;
    for (const auto& [name, meaning] : taken) variables_text.append(variables_text.empty() ? "" : ", ").append(name);
    throw InputError("expression: " + error.GetMsg() + " (at character " + std::to_string(error.GetPos() + 1) +
                         " of the expression; its variables and constants: " + variables_text + ")",
                     position_in_expression(spec, error.GetPos()));
  }
  pool_kind_ = pool.kind;
  from_file_ = pool.from_file;
  set_space(std::move(pool.space));
  set_pool(std::move(pool.designs), std::move(values));
}

std::string ExpressionTruth::describe() const {
  char text[160];
  std::snprintf(text, sizeof text, "%s pool of %ld designs, best value %.6g",
                from_file_ ? "file" : to_string(pool_kind_).c_str(), static_cast<long>(size()), best_value());
  return "expression " + expression_ + " (" + (goal() == Goal::minimize ? "minimize" : "maximize") + "): " + text;
}

double ExpressionTruth::measure(Eigen::Index design, Rng& /*rng*/) const {
  require_design(design);
  return expected_value(design);
}

}  // namespace bosim
