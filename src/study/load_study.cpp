#include <filesystem>
#include <stdexcept>

#include "common/file_hash.hpp"
#include "study/descriptor_file.hpp"
#include "study/listed_design_levels.hpp"
#include "study/measured_data_file.hpp"
#include "study/study.hpp"
#include "study/study_file.hpp"
#include "study/truth_checks.hpp"

namespace bosim {

namespace {

/// The data file of a table-based truth, checked here so that a wrong path is reported where it was typed.
const DatasetSpec& checked_data_spec(const ParsedStudy& parsed, const DatasetSpec& spec) {
  if (!std::filesystem::is_regular_file(spec.path))
    throw InputError("dataset file not found: " + spec.path + " (paths are relative to the study file's folder)",
                     parsed.truth_path_where);
  return spec;
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

std::shared_ptr<const GroundTruth> make_truth(ParsedStudy& parsed) {
  Study& study = parsed.study;
  std::shared_ptr<const GroundTruth> truth;
  const DatasetSpec* data = nullptr;
  // Errors of synthetic truths without a more precise position (a pool that is empty, a
  // dimension a function refuses) are reported at the [truth] table.
  try {
    switch (study.truth_kind) {
      case TruthKind::dataset:
        data = &checked_data_spec(parsed, study.dataset);
        truth = std::make_shared<const DatasetTruth>(DatasetTruth::load(*data));
        break;
      case TruthKind::emulator:
        data = &checked_data_spec(parsed, study.emulator.data);
        truth = std::make_shared<const EmulatorTruth>(EmulatorTruth::load(study.emulator, truth_seed(study)));
        break;
      case TruthKind::function:
        truth = std::make_shared<const FunctionTruth>(study.function, truth_seed(study));
        break;
      case TruthKind::nucleation_layer:
        truth = std::make_shared<const NucleationLayerTruth>(study.nucleation_layer);
        break;
      case TruthKind::expression:
        truth = std::make_shared<const ExpressionTruth>(study.expression, truth_seed(study));
        break;
      case TruthKind::command: {
        const CommandJob job(study.command, truth_seed(study));
        study.inputs.push_back({job.input_name(), job.key()});
        truth = std::make_shared<const CommandTruth>(job);
        break;
      }
    }
  } catch (const std::invalid_argument& error) {
    throw InputError(error.what(), parsed.truth_where);
  }
  if (data != nullptr) study.inputs.push_back({data->path, fnv1a_hex(read_file_bytes(data->path))});
  if (study.truth_kind == TruthKind::dataset) check_designs_feasible(study.dataset, *truth);
  if (study.noise.enabled()) truth = std::make_shared<const NoisyTruth>(truth, study.noise);
  return truth;
}

}  // namespace

LoadedStudy load_study(const std::string& path) {
  ParsedStudy parsed = parse_study_text(read_file_bytes(path), path);
  LoadedStudy loaded;
  loaded.truth = make_truth(parsed);
  attach_measured_data(parsed, *loaded.truth);
  attach_descriptors(parsed, *loaded.truth);
  resolve_listed_design_levels(parsed, *loaded.truth);
  check_against_truth(parsed, *loaded.truth);
  loaded.study = std::move(parsed.study);
  return loaded;
}

}  // namespace bosim
