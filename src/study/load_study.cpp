#include <stdexcept>

#include "common/file_hash.hpp"
#include "study/descriptor_file.hpp"
#include "study/listed_design_levels.hpp"
#include "study/measured_data_file.hpp"
#include "study/study.hpp"
#include "study/study_file.hpp"
#include "study/truth_checks.hpp"
#include "study/truth_kind.hpp"

namespace bosim {

namespace {

/// The study's ground truth, built by its kind's row (study/truth_kind.hpp), with the study's noise on top.
/// Errors of synthetic truths without a more precise position (a pool that is empty, a dimension a function
/// refuses) are reported at the [truth] table.
std::shared_ptr<const GroundTruth> make_truth(ParsedStudy& parsed) {
  std::shared_ptr<const GroundTruth> truth;
  try {
    truth = truth_kind_row(parsed.study.truth_kind).make(parsed);
  } catch (const std::invalid_argument& error) {
    throw InputError(error.what(), parsed.truth_where);
  }
  if (parsed.study.noise.enabled()) truth = std::make_shared<const NoisyTruth>(truth, parsed.study.noise);
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
