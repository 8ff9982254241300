// Truth kind "dataset": replay a measured CSV table (truth/dataset_truth.hpp).
#include "study/truth_kind.hpp"
#include "truth/constraint_spec.hpp"

namespace bosim {
namespace {

void read_dataset(TruthReading& reading) {
  DatasetSpec& spec = reading.study().dataset;
  read_data_keys(reading, spec);
  if (const auto* node = reading.truth.get("replicates")) spec.replicates = read_replicate_policy(reading.toml, *node);
}

/// A dataset's designs against its [[truth.constraint]]s: a violating design is an error at the constraint.
void check_designs_feasible(const DatasetSpec& spec, const GroundTruth& truth) {
  if (spec.constraints.empty()) return;
  const std::vector<FeatureRange>& features = truth.space().features();
  const std::vector<LinearConstraint> constraints = resolve_constraints(features, spec.constraints);
  const DesignSpace space(features, constraints);
  const Eigen::Index bad = first_infeasible_design(space, truth.designs());
  if (bad < 0) return;
  const int violated = space.violated_constraint(truth.designs().row(bad));
  std::string design;
  for (size_t j = 0; j < features.size(); ++j)
    design.append(j == 0 ? "" : ", ")
        .append(features[j].name + " = " + std::to_string(truth.designs()(bad, static_cast<Eigen::Index>(j))));
  throw InputError("design " + std::to_string(bad + 1) + " of " + spec.path + " (" + design +
                       ") violates constraint \"" + constraints[static_cast<size_t>(violated)].description + "\"",
                   spec.constraints[static_cast<size_t>(violated)].where);
}

std::shared_ptr<const GroundTruth> make_dataset(ParsedStudy& parsed) {
  const DatasetSpec& spec = checked_data_file(parsed, parsed.study.dataset);
  auto truth = std::make_shared<const DatasetTruth>(DatasetTruth::load(spec));
  check_designs_feasible(spec, *truth);
  return truth;
}

}  // namespace

TruthKindRow dataset_truth_kind() {
  return {TruthKind::dataset,
          "dataset",
          {"path", "features", "objective", "exclude", "goal", "constraint", "replicates"},
          read_dataset,
          make_dataset};
}

}  // namespace bosim
