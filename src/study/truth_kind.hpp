// Truth kinds as one table: each [truth] kind's name in study files, the keys it takes, how they are read and how
// its ground truth is built. Adding a kind: its enumerator (TruthKind) and spec member (Study) in study.hpp, its own
// file truth_kind_NAME.cpp defining its row, and one line in truth_kind.cpp's table.
#pragma once

#include <toml++/toml.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "study/study_file.hpp"
#include "study/toml_reader.hpp"

namespace bosim {

/// What a kind's reader works with: the [truth] table, the parsed study it fills, and the [[truth.feature]] and
/// [[truth.constraint]] tables read before (a kind that takes them moves them into its spec).
struct TruthReading {
  const TomlReader& toml;
  const toml::table& truth;
  ParsedStudy& parsed;
  std::vector<FeatureOverride> features;
  std::vector<ConstraintSpec> constraints;

  Study& study() const { return parsed.study; }
  /// A path as written in the study file, resolved against the study file's folder.
  std::string relative_to_study(const std::string& path) const;
};

/// One kind of ground truth.
struct TruthKindRow {
  TruthKind kind;
  std::string name;               ///< in study files: [truth] kind = "name"
  std::vector<std::string> keys;  ///< the [truth] keys it takes besides kind, noise and feature
  /// Reads its keys into its spec in reading.study(); throws InputError at the offending value.
  void (*read)(TruthReading& reading);
  /// Builds its ground truth (adding the files it reads to Study::inputs). Throws InputError, or
  /// std::invalid_argument for errors that load_study reports at the [truth] table.
  std::shared_ptr<const GroundTruth> (*make)(ParsedStudy& parsed);
};

/// Every kind, in TruthKind order.
const std::vector<TruthKindRow>& truth_kind_table();
const TruthKindRow& truth_kind_row(TruthKind kind);
/// The kinds' names in table order, for messages and suggestions.
std::vector<std::string> truth_kind_names();

// Readers of keys that several kinds share.

Goal read_goal(const TomlReader& toml, const toml::node& node);
/// replicates = "mean" | "sample".
ReplicatePolicy read_replicate_policy(const TomlReader& toml, const toml::node& node);
/// pool and pool_size (kinds "function", "emulator", "expression" and "command").
void read_pool_keys(const TomlReader& toml, const toml::table& truth, std::optional<PoolKind>& pool,
                    Eigen::Index& pool_size);
/// path, features, objective, exclude and goal: a CSV table and its columns (kinds "dataset" and "emulator").
void read_data_keys(TruthReading& reading, DatasetSpec& spec);
/// The designs of kinds "expression" and "command": the features and constraints, pool and pool_size or a designs
/// file.
void read_user_pool_keys(TruthReading& reading, UserPoolSpec& pool);

/// The CSV file of a table-based truth, checked to exist (an error at the [truth] path value) and recorded in
/// Study::inputs with its hash.
const DatasetSpec& checked_data_file(ParsedStudy& parsed, const DatasetSpec& spec);

}  // namespace bosim
