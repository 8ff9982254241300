// DatasetTruth: a ground truth replayed from a measured CSV table (replicate rows grouped into designs).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/input_error.hpp"
#include "truth/constraint_spec.hpp"
#include "truth/tabulated_truth.hpp"

namespace bosim {

/// A user override of one feature's range in the design space.
struct FeatureOverride {
  /// Positional like an aggregate (FeatureOverride{"x", 0.0, 1.0, std::nullopt, false, where}); not categorical.
  FeatureOverride(std::string name_ = {}, std::optional<double> lower_ = {}, std::optional<double> upper_ = {},
                  std::optional<double> step_ = {}, bool log_scale_ = false, SourcePosition where_ = {})
      : name(std::move(name_)),
        lower(lower_),
        upper(upper_),
        step(step_),
        log_scale(log_scale_),
        where(std::move(where_)) {}

  std::string name;
  std::optional<double> lower;
  std::optional<double> upper;
  std::optional<double> step;
  bool log_scale = false;
  SourcePosition where;  ///< position in the study file, for error messages
  /// kind = "categorical": the feature's values are level names (a text column is categorical anyway).
  bool categorical = false;
  /// levels = [...]: the allowed levels in this order (each must occur); empty = the distinct
  /// cells, sorted bytewise. Only with categorical.
  std::vector<std::string> levels;
  SourcePosition levels_where;
};

/// Everything needed to load a dataset. Positions point into the study file so
/// that an unknown column is reported where the user typed it.
struct DatasetSpec {
  std::string path;  ///< as resolved (relative to the study file's folder)
  /// Empty: every column but the objective and the excluded ones, and also
  /// without an unnamed first column, which is a row index (pandas writes one).
  std::vector<std::string> features;
  std::string objective;             ///< empty: the last column
  std::vector<std::string> exclude;  ///< columns to ignore (e.g. "" for an unnamed index column)
  Goal goal = Goal::maximize;
  ReplicatePolicy replicates = ReplicatePolicy::mean;
  std::vector<FeatureOverride> feature_overrides;
  /// [[truth.constraint]]s: every design of a dataset must meet them (checked by load_study); an emulator
  /// draws its pool and searches its optimum within them.
  std::vector<ConstraintSpec> constraints;
  SourcePosition features_where, objective_where, exclude_where;
};

/// Replays a table: rows with identical feature values (exact equality of the
/// parsed numbers) are replicates of one design; designs keep the order of
/// their first row. The design space is inferred from the data unless
/// overridden: bounds = min/max over designs; step = the smallest gap between
/// sorted distinct values when every gap is a whole multiple of it (to 1e-9
/// relative) and the grid has at most 1000 values, else 0 (continuous).
class DatasetTruth final : public TabulatedTruth {
 public:
  /// Reads and validates the CSV; throws InputError (file, line, column) on bad data:
  /// missing file, empty or non-numeric cell, NaN/inf, ragged row, unknown column,
  /// fewer than 2 designs, constant objective. Unknown column names and bad
  /// overrides are reported at their position in the study file.
  static DatasetTruth load(const DatasetSpec& spec);

  std::string describe() const override;
  /// ReplicatePolicy::mean: the mean (expected_value); sample: one replicate drawn uniformly.
  double measure(Eigen::Index design, Rng& rng) const override;

  /// Replicate values of one design, in file order.
  const std::vector<double>& replicates(Eigen::Index design) const { return replicates_[static_cast<size_t>(design)]; }
  /// How repeated measurements of one design are answered.
  ReplicatePolicy replicate_policy() const { return policy_; }
  /// Number of data rows read.
  Eigen::Index row_count() const { return row_count_; }

 private:
  DatasetTruth(Goal goal, std::string objective_name) : TabulatedTruth(goal, std::move(objective_name)) {}

  std::string path_;
  ReplicatePolicy policy_ = ReplicatePolicy::mean;
  std::vector<std::vector<double>> replicates_;
  Eigen::Index row_count_ = 0;
};

}  // namespace bosim
