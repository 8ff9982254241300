// ConstraintSpec: text of a constraint, and its coefficient vector over a truth's features.
#include "truth/constraint_spec.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

namespace bosim {
namespace {

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

}  // namespace

std::string describe_constraint(const ConstraintSpec& spec) {
  std::string sum;
  bool first_term = true;
  for (const auto& [name, coefficient] : spec.terms) {
    const double size = std::fabs(coefficient);
    if (!first_term)
      sum.append(coefficient < 0 ? " - " : " + ");
    else if (coefficient < 0)
      sum.push_back('-');
    first_term = false;
    if (size != 1.0) sum += number_text(size) + "*";
    sum += name;
  }
  std::string text;
  if (spec.lower) text = number_text(*spec.lower) + " <= ";
  text += sum;
  if (spec.upper) text += " <= " + number_text(*spec.upper);
  return text;
}

std::vector<LinearConstraint> resolve_constraints(const std::vector<FeatureRange>& features,
                                                  const std::vector<ConstraintSpec>& specs) {
  constexpr double infinity = std::numeric_limits<double>::infinity();
  std::vector<LinearConstraint> constraints;
  for (const ConstraintSpec& spec : specs) {
    LinearConstraint constraint{describe_constraint(spec), std::vector<double>(features.size(), 0.0),
                                spec.lower.value_or(-infinity), spec.upper.value_or(infinity)};
    for (const auto& [name, coefficient] : spec.terms) {
      size_t index = 0;
      while (index < features.size() && features[index].name != name) ++index;
      if (index == features.size()) {
        std::string names;
        for (const FeatureRange& range : features)
          names.append(names.empty() ? "\"" : ", \"").append(range.name + "\"");
        throw InputError("constraint \"" + constraint.description + "\" names \"" + name +
                             "\", which is not a feature; features: " + names,
                         spec.where);
      }
      if (features[index].is_categorical())
        throw InputError("constraint \"" + constraint.description + "\" names \"" + name +
                             "\", a categorical feature; constraints are linear in numeric features",
                         spec.where);
      constraint.coefficients[index] += coefficient;
    }
    constraints.push_back(std::move(constraint));
  }
  return constraints;
}

Eigen::Index first_infeasible_design(const DesignSpace& space, const Eigen::MatrixXd& designs) {
  for (Eigen::Index i = 0; i < designs.rows(); ++i)
    if (!space.is_feasible(designs.row(i))) return i;
  return -1;
}

}  // namespace bosim
