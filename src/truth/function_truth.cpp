// FunctionTruth: the function's feature box (plus categorical features), its candidate pool and values.
#include "truth/function_truth.hpp"

#include <algorithm>
#include <cstdio>

#include "truth/feature_overrides.hpp"

namespace bosim {
namespace {

/// x1..xD over the function's standard domain, continuous.
std::vector<FeatureRange> function_features(const TestFunction& function) {
  std::vector<FeatureRange> features;
  const auto domain = function.domain();
  for (size_t d = 0; d < domain.size(); ++d) {
    std::string name = std::to_string(d + 1);
    name.insert(name.begin(), 'x');  // not "x" + …: GCC 12 warns falsely (-Wrestrict) on that operator+
    features.push_back({name, domain[d].first, domain[d].second, 0.0, false});
  }
  return features;
}

/// A categorical override as a new feature after x1..xD. Throws InputError when it names one of them or
/// lists no levels.
FeatureRange categorical_feature(const FeatureOverride& declared, const std::vector<FeatureRange>& numeric) {
  SourcePosition where = declared.where;
  where.key = declared.name;
  if (std::any_of(numeric.begin(), numeric.end(), [&](const FeatureRange& f) { return f.name == declared.name; }))
    throw InputError("feature \"" + declared.name +
                         "\" is a numeric feature of the function; a categorical feature needs a name of its own",
                     where);
  if (declared.levels.empty())
    throw InputError("categorical feature \"" + declared.name + "\" of a function truth needs levels = [\"…\", …]",
                     where);
  return FeatureRange::categorical(declared.name, declared.levels);
}

/// The function's features: x1..xD with the numeric overrides applied, then the categorical ones.
std::vector<FeatureRange> mixed_features(const TestFunction& function, const std::vector<FeatureOverride>& overrides) {
  std::vector<FeatureRange> features = function_features(function);
  std::vector<FeatureOverride> numeric_overrides;
  std::vector<FeatureRange> categorical;
  for (const FeatureOverride& declared : overrides) {
    if (declared.categorical)
      categorical.push_back(categorical_feature(declared, features));
    else
      numeric_overrides.push_back(declared);
  }
  apply_feature_overrides(features, numeric_overrides);
  features.insert(features.end(), categorical.begin(), categorical.end());
  return features;
}

/// Each categorical feature's column with its level offsets (zeros unless level_offsets gives them).
/// Throws InputError at the offsets for a feature that is not categorical or a count that is not its levels'.
std::vector<std::pair<Eigen::Index, std::vector<double>>> resolve_level_offsets(const DesignSpace& space,
                                                                                const FunctionSpec& spec) {
  std::vector<std::pair<Eigen::Index, std::vector<double>>> resolved;
  for (const Eigen::Index column : space.categorical_features())
    resolved.emplace_back(column, std::vector<double>(space.features()[static_cast<size_t>(column)].levels.size()));
  for (const LevelOffsets& given : spec.level_offsets) {
    const auto target = std::find_if(resolved.begin(), resolved.end(), [&](const auto& entry) {
      return space.features()[static_cast<size_t>(entry.first)].name == given.feature;
    });
    if (target == resolved.end())
      throw InputError("level_offsets names \"" + given.feature +
                           "\", which is not a categorical feature (declare it in [[truth.feature]] with kind = "
                           "\"categorical\" and levels)",
                       given.where);
    if (given.offsets.size() != target->second.size())
      throw InputError("level_offsets of \"" + given.feature + "\" has " + std::to_string(given.offsets.size()) +
                           " values for its " + std::to_string(target->second.size()) + " levels",
                       given.where);
    target->second = given.offsets;
  }
  return resolved;
}

}  // namespace

FunctionTruth::FunctionTruth(const FunctionSpec& spec, std::uint64_t pool_seed)
    : TabulatedTruth(spec.goal, to_string(spec.function) + "(x)"),
      function_(TestFunction::make(spec.function, spec.dimension)) {
  std::vector<FeatureRange> features = mixed_features(function_, spec.feature_overrides);
  std::vector<LinearConstraint> constraints = resolve_constraints(features, spec.constraints);
  set_space(DesignSpace(std::move(features), std::move(constraints)));
  level_offsets_ = resolve_level_offsets(space(), spec);
  pool_kind_ = spec.pool.value_or(space().is_grid() ? PoolKind::grid : PoolKind::sobol);
  Eigen::MatrixXd pool = make_candidate_pool(space(), PoolSpec{pool_kind_, spec.pool_size}, pool_seed);
  Eigen::VectorXd values(pool.rows());
  for (Eigen::Index i = 0; i < pool.rows(); ++i) values[i] = value(pool.row(i));
  set_pool(std::move(pool), std::move(values));
}

double FunctionTruth::value(const Eigen::RowVectorXd& design) const {
  double total = function_(design.head(function_.dimension));
  for (const auto& [column, offsets] : level_offsets_) total += offsets[static_cast<size_t>(design[column])];
  return total;
}

std::string FunctionTruth::describe() const {
  // The known global minimum of f + Σ_j o_j[c_j] is f's plus each feature's smallest offset.
  double minimum = function_.minimum();
  for (const auto& entry : level_offsets_) minimum += *std::min_element(entry.second.begin(), entry.second.end());
  char text[256];
  std::snprintf(text, sizeof text,
                "function %s (%d-D%s, %s): %s pool of %ld designs, best pool value %.6g; known global minimum %.6g",
                to_string(function_.kind).c_str(), function_.dimension, level_offsets_.empty() ? "" : " + categories",
                goal() == Goal::minimize ? "minimize" : "maximize", to_string(pool_kind_).c_str(),
                static_cast<long>(size()), best_value(), minimum);
  return text;
}

double FunctionTruth::measure(Eigen::Index design, Rng& /*rng*/) const {
  require_design(design);
  return expected_value(design);
}

}  // namespace bosim
