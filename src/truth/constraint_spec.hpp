// ConstraintSpec: a [[truth.constraint]] as the user wrote it (feature names and coefficients), resolved against a
// truth's features into the LinearConstraint a DesignSpace checks.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/input_error.hpp"
#include "space/design_space.hpp"

namespace bosim {

/// lower ≤ Σ coefficient · feature ≤ upper over named features, e.g. CB + CNT ≤ 0.9 written as
/// coefficients = {CB = 1, CNT = 1}, upper = 0.9. At least one bound is given; features not named have
/// coefficient 0.
struct ConstraintSpec {
  std::vector<std::pair<std::string, double>> terms;  ///< in file order
  std::optional<double> lower;
  std::optional<double> upper;
  SourcePosition where;  ///< the [[truth.constraint]] table
};

/// "CB + CNT <= 0.9", "0.1 <= x1 - 2*x2 <= 0.5": the constraint as text, for messages and describe().
std::string describe_constraint(const ConstraintSpec& spec);

/// The constraints as coefficient vectors over features (in their order); a missing bound becomes ∓infinity.
/// Throws InputError at the constraint for a name that is not a feature (listing the features) or that is a
/// categorical feature (a level index is no quantity to add up).
std::vector<LinearConstraint> resolve_constraints(const std::vector<FeatureRange>& features,
                                                  const std::vector<ConstraintSpec>& specs);

/// The first row of designs (raw units, columns in the space's feature order) that violates a constraint of
/// space, or -1 when every row is feasible.
Eigen::Index first_infeasible_design(const DesignSpace& space, const Eigen::MatrixXd& designs);

}  // namespace bosim
