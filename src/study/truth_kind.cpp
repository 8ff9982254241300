// The table of truth kinds and the key readers several kinds share.
#include "study/truth_kind.hpp"

#include <algorithm>
#include <filesystem>

#include "common/file_hash.hpp"

namespace bosim {

// Each kind's row, defined in its own file (truth_kind_NAME.cpp).
TruthKindRow dataset_truth_kind();
TruthKindRow nucleation_layer_truth_kind();
TruthKindRow function_truth_kind();
TruthKindRow emulator_truth_kind();
TruthKindRow expression_truth_kind();
TruthKindRow command_truth_kind();

const std::vector<TruthKindRow>& truth_kind_table() {
  static const std::vector<TruthKindRow> table = [] {
    std::vector<TruthKindRow> rows = {dataset_truth_kind(),  nucleation_layer_truth_kind(), function_truth_kind(),
                                      emulator_truth_kind(), expression_truth_kind(),       command_truth_kind()};
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (static_cast<std::size_t>(rows[i].kind) != i) throw std::logic_error("truth kind table out of order");
    return rows;
  }();
  return table;
}

const TruthKindRow& truth_kind_row(TruthKind kind) { return truth_kind_table().at(static_cast<std::size_t>(kind)); }

std::vector<std::string> truth_kind_names() {
  std::vector<std::string> names;
  for (const TruthKindRow& row : truth_kind_table()) names.push_back(row.name);
  return names;
}

std::string to_string(TruthKind kind) { return truth_kind_row(kind).name; }

std::string TruthReading::relative_to_study(const std::string& path) const {
  return (std::filesystem::path(parsed.study.path).parent_path() / path).lexically_normal().string();
}

Goal read_goal(const TomlReader& toml, const toml::node& node) {
  return toml.choice(node, "goal", {"maximize", "minimize"}) == "maximize" ? Goal::maximize : Goal::minimize;
}

ReplicatePolicy read_replicate_policy(const TomlReader& toml, const toml::node& node) {
  return toml.choice(node, "replicates", {"mean", "sample"}) == "mean" ? ReplicatePolicy::mean
                                                                       : ReplicatePolicy::sample;
}

void read_pool_keys(const TomlReader& toml, const toml::table& truth, std::optional<PoolKind>& pool,
                    Eigen::Index& pool_size) {
  if (const auto* node = truth.get("pool")) {
    PoolKind kind = PoolKind::sobol;
    parse_pool_kind(toml.choice(*node, "pool", {"grid", "sobol", "lhs"}), kind);
    pool = kind;
  }
  if (const auto* node = truth.get("pool_size")) {
    const std::int64_t size = toml.integer(*node, "pool_size");
    if (size < 1 || static_cast<double>(size) > max_pool_size)
      throw InputError(
          "'pool_size' must be an integer between 1 and " + std::to_string(static_cast<std::int64_t>(max_pool_size)),
          toml.at(*node, "pool_size"));
    if (pool == PoolKind::grid)
      throw InputError("'pool_size' applies to pool = \"sobol\" or \"lhs\"; a grid pool is every grid point",
                       toml.at(*node, "pool_size"));
    pool_size = static_cast<Eigen::Index>(size);
  }
}

void read_data_keys(TruthReading& reading, DatasetSpec& spec) {
  const TomlReader& toml = reading.toml;
  const toml::table& truth = reading.truth;
  const auto* path = truth.get("path");
  if (path == nullptr)
    throw InputError("[truth] needs path = \"…\": the dataset CSV, relative to the study file's folder",
                     toml.at(truth, "truth"));
  const std::string relative = toml.text(*path, "path");
  if (relative.empty()) throw InputError("'path' must not be empty", toml.at(*path, "path"));
  spec.path = reading.relative_to_study(relative);
  reading.parsed.truth_path_where = toml.at(*path, "path");

  if (const auto* node = truth.get("features")) {
    spec.features = toml.texts(*node, "features");
    spec.features_where = toml.at(*node, "features");
  }
  if (const auto* node = truth.get("objective")) {
    spec.objective = toml.text(*node, "objective");
    spec.objective_where = toml.at(*node, "objective");
  }
  if (const auto* node = truth.get("exclude")) {
    spec.exclude = toml.texts(*node, "exclude");
    spec.exclude_where = toml.at(*node, "exclude");
  }
  if (const auto* node = truth.get("goal")) spec.goal = read_goal(toml, *node);
  spec.feature_overrides = std::move(reading.features);
  spec.constraints = std::move(reading.constraints);
}

void read_user_pool_keys(TruthReading& reading, UserPoolSpec& pool) {
  const TomlReader& toml = reading.toml;
  const toml::table& truth = reading.truth;
  pool.where = toml.at(truth, "truth");
  pool.features = std::move(reading.features);
  pool.constraints = std::move(reading.constraints);
  read_pool_keys(toml, truth, pool.pool, pool.pool_size);
  if (const auto* node = truth.get("designs")) {
    const std::string relative = toml.text(*node, "designs");
    if (relative.empty()) throw InputError("'designs' must not be empty", toml.at(*node, "designs"));
    if (truth.get("pool") != nullptr || truth.get("pool_size") != nullptr)
      throw InputError("'designs' (a CSV of designs) replaces pool and pool_size; give one or the other",
                       toml.at(*node, "designs"));
    pool.designs_path = reading.relative_to_study(relative);
    pool.designs_where = toml.at(*node, "designs");
    if (!std::filesystem::is_regular_file(pool.designs_path))
      throw InputError(
          "designs file not found: " + pool.designs_path + " (paths are relative to the study file's folder)",
          pool.designs_where);
  }
}

const DatasetSpec& checked_data_file(ParsedStudy& parsed, const DatasetSpec& spec) {
  if (!std::filesystem::is_regular_file(spec.path))
    throw InputError("dataset file not found: " + spec.path + " (paths are relative to the study file's folder)",
                     parsed.truth_path_where);
  parsed.study.inputs.push_back({spec.path, fnv1a_hex(read_file_bytes(spec.path))});
  return spec;
}

}  // namespace bosim
