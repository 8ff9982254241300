// The [truth] table: kind, keys checked against the kind's row, noise, [[truth.feature]], [[truth.constraint]].
#include "study/truth_section.hpp"

#include <algorithm>

#include "study/categorical_feature_keys.hpp"
#include "study/closest_name.hpp"
#include "study/truth_kind.hpp"

namespace bosim {
namespace {

/// The keys every kind takes.
const std::vector<std::string> common_truth_keys = {"kind", "noise", "feature"};
const std::vector<std::string> feature_keys = {"name", "lower", "upper", "step", "log_scale", "kind", "levels"};
const std::vector<std::string> constraint_keys = {"coefficients", "lower", "upper"};
const std::vector<std::string> noise_keys = {"sd", "kind"};

/// The [truth] keys a kind accepts.
std::vector<std::string> truth_keys(const TruthKindRow& row) {
  std::vector<std::string> keys = common_truth_keys;
  keys.insert(keys.end(), row.keys.begin(), row.keys.end());
  return keys;
}

TruthKind read_kind(const TomlReader& toml, const toml::table& truth) {
  const auto* kind = truth.get("kind");
  if (kind == nullptr) return TruthKind::dataset;
  const std::string name = toml.text(*kind, "kind");
  const std::vector<std::string> names = truth_kind_names();
  const auto known = std::find(names.begin(), names.end(), name);
  if (known == names.end())
    throw InputError("unknown truth kind '" + name + "'; valid kinds: " + join_names(names) + did_you_mean(name, names),
                     toml.at(*kind, "kind"));
  return truth_kind_table()[static_cast<std::size_t>(known - names.begin())].kind;
}

/// A key of another kind is named as such ("'pool' is not a key of [truth] of kind "dataset"; it belongs to kind
/// function, …"); any other unknown key gets the closest valid one.
void check_keys(const TomlReader& toml, const toml::table& truth, const TruthKindRow& row) {
  const std::string section = "[truth] of kind \"" + row.name + "\"";
  const std::vector<std::string> allowed = truth_keys(row);
  for (const auto& entry : TomlReader::in_file_order(truth)) {
    const std::string key(entry.key->str());
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string kinds;  // the kinds that do take this key, if any
    for (const TruthKindRow& other : truth_kind_table())
      if (std::find(other.keys.begin(), other.keys.end(), key) != other.keys.end())
        kinds.append(kinds.empty() ? "" : ", ").append(other.name);
    if (!kinds.empty())
      throw InputError("'" + key + "' is not a key of " + section + "; it belongs to kind " + kinds,
                       toml.at(*entry.key));
  }
  toml.reject_unknown_keys(truth, section, allowed);
}

/// noise = {sd = x, kind = "absolute" | "relative"}.
ObservationNoise read_noise(const TomlReader& toml, const toml::node& node) {
  const toml::table& table = toml.table(node, "noise");
  toml.reject_unknown_keys(table, "[truth] noise", noise_keys);
  ObservationNoise noise;
  const auto* sd = table.get("sd");
  if (sd == nullptr)
    throw InputError("'noise' needs sd = … (the standard deviation), e.g. noise = {sd = 5.0, kind = \"absolute\"}",
                     toml.at(node, "noise"));
  noise.sd = toml.real(*sd, "sd");
  if (noise.sd < 0.0) throw InputError("'sd' must be >= 0", toml.at(*sd, "sd"));
  if (const auto* kind = table.get("kind"))
    noise.kind = toml.choice(*kind, "kind", {"absolute", "relative"}) == "absolute" ? ObservationNoise::Kind::absolute
                                                                                    : ObservationNoise::Kind::relative;
  return noise;
}

FeatureOverride read_feature_override(const TomlReader& toml, const toml::table& table) {
  toml.reject_unknown_keys(table, "[[truth.feature]]", feature_keys);
  FeatureOverride feature;
  const auto* name = table.get("name");
  if (name == nullptr)
    throw InputError("[[truth.feature]] needs name = \"…\" (a feature of the truth)", toml.at(table));
  feature.name = toml.text(*name, "name");
  feature.where = toml.at(*name, "name");
  if (const auto* node = table.get("lower")) feature.lower = toml.real(*node, "lower");
  if (const auto* node = table.get("upper")) feature.upper = toml.real(*node, "upper");
  if (const auto* node = table.get("step")) {
    feature.step = toml.real(*node, "step");
    if (*feature.step <= 0.0) throw InputError("'step' must be > 0", toml.at(*node, "step"));
  }
  if (const auto* node = table.get("log_scale")) feature.log_scale = toml.boolean(*node, "log_scale");
  read_categorical_keys(toml, table, feature);
  if (feature.lower && feature.upper && !(*feature.lower < *feature.upper))
    throw InputError("feature '" + feature.name + "': lower must be less than upper", feature.where);
  if (feature.log_scale && feature.lower && *feature.lower <= 0.0)
    throw InputError("feature '" + feature.name + "': log_scale needs lower > 0", feature.where);
  return feature;
}

std::vector<FeatureOverride> read_feature_overrides(const TomlReader& toml, const toml::table& truth) {
  std::vector<FeatureOverride> overrides;
  const auto* node = truth.get("feature");
  if (node == nullptr) return overrides;
  for (const auto& element : toml.array(*node, "feature")) {
    FeatureOverride feature = read_feature_override(toml, toml.table(element, "truth.feature"));
    for (const auto& earlier : overrides)
      if (earlier.name == feature.name)
        throw InputError("feature '" + feature.name + "' is overridden twice in [[truth.feature]]", feature.where);
    overrides.push_back(std::move(feature));
  }
  return overrides;
}

/// [[truth.constraint]]: coefficients = {feature = number, …}, lower and/or upper.
ConstraintSpec read_constraint(const TomlReader& toml, const toml::table& table) {
  toml.reject_unknown_keys(table, "[[truth.constraint]]", constraint_keys);
  ConstraintSpec constraint;
  constraint.where = toml.at(table);
  const auto* coefficients = table.get("coefficients");
  if (coefficients == nullptr)
    throw InputError(
        "[[truth.constraint]] needs coefficients = {feature = number, …} and lower and/or upper, e.g. "
        "coefficients = {CB = 1, CNT = 1}, upper = 0.9 for CB + CNT <= 0.9",
        constraint.where);
  for (const auto& entry : TomlReader::in_file_order(toml.table(*coefficients, "coefficients")))
    constraint.terms.emplace_back(std::string(entry.key->str()),
                                  toml.real(*entry.value, std::string(entry.key->str())));
  if (constraint.terms.empty())
    throw InputError("'coefficients' must name at least one feature", toml.at(*coefficients, "coefficients"));
  if (const auto* node = table.get("lower")) constraint.lower = toml.real(*node, "lower");
  if (const auto* node = table.get("upper")) constraint.upper = toml.real(*node, "upper");
  if (!constraint.lower && !constraint.upper)
    throw InputError("[[truth.constraint]] needs lower, upper or both", constraint.where);
  if (constraint.lower && constraint.upper && *constraint.lower > *constraint.upper)
    throw InputError("[[truth.constraint]]: lower must not exceed upper", constraint.where);
  return constraint;
}

std::vector<ConstraintSpec> read_constraints(const TomlReader& toml, const toml::table& truth) {
  std::vector<ConstraintSpec> constraints;
  if (const auto* node = truth.get("constraint"))
    for (const auto& element : toml.array(*node, "constraint"))
      constraints.push_back(read_constraint(toml, toml.table(element, "truth.constraint")));
  return constraints;
}

}  // namespace

void read_truth_section(const TomlReader& toml, const toml::table& truth, ParsedStudy& parsed) {
  Study& study = parsed.study;
  parsed.truth_where = toml.at(truth, "truth");
  study.truth_kind = read_kind(toml, truth);
  const TruthKindRow& row = truth_kind_row(study.truth_kind);
  check_keys(toml, truth, row);
  if (const auto* node = truth.get("noise")) study.noise = read_noise(toml, *node);
  TruthReading reading{toml, truth, parsed, read_feature_overrides(toml, truth), read_constraints(toml, truth)};
  row.read(reading);
}

}  // namespace bosim
