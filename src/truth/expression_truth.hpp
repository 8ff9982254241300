// ExpressionTruth: a closed-form model written in the study file (kind "expression"), evaluated by muparser over
// the [[truth.feature]] names at every pool design.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "truth/tabulated_truth.hpp"
#include "truth/user_design_pool.hpp"

namespace bosim {

/// What a study gives for kind "expression".
struct ExpressionSpec {
  std::string expression;  ///< e.g. "A * exp(-Ea / (R * T_K)) * sqrt(t_h)"
  /// Where the expression's first character is in the study file (line, column), so that a parse error at
  /// character k of the expression is reported at column + k.
  SourcePosition expression_where;
  std::vector<std::pair<std::string, double>> constants;  ///< [truth.constants], in file order
  SourcePosition constants_where;
  Goal goal = Goal::maximize;
  std::string objective = "value";  ///< the objective's name in results
  UserPoolSpec pool;
};

/// The variable name of a feature in an expression: the feature name with every run of characters other than
/// ASCII letters, digits and '_' replaced by one '_', leading and trailing '_' removed, and '_' put in front
/// when it would start with a digit: "Temperature (K)" → "Temperature_K", "C-rate" → "C_rate", "2θ" → "_2".
std::string expression_variable_name(const std::string& feature_name);

/// The expression evaluated once per pool design (muparser: + − * / ^, comparison and ?:, sin cos tan asin acos
/// atan sinh cosh tanh exp ln log log2 log10 sqrt abs sign rint min max sum avg; constants _pi and _e). Measuring
/// returns the value exactly; the study's noise is added by NoisyTruth.
class ExpressionTruth final : public TabulatedTruth {
 public:
  /// Throws InputError at the expression's line and the column of the offending character for a parse error
  /// (unknown variable or function, bad syntax), at the design for a non-finite value, and at the feature
  /// for two features with the same variable name or a name that clashes with a constant.
  ExpressionTruth(const ExpressionSpec& spec, std::uint64_t pool_seed);

  std::string describe() const override;
  double measure(Eigen::Index design, Rng& rng) const override;

 private:
  std::string expression_;
  PoolKind pool_kind_;
  bool from_file_;
};

}  // namespace bosim
