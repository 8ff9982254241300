#include <filesystem>

#include "common/file_hash.hpp"
#include "study/study.hpp"
#include "study/study_file.hpp"
#include "study/truth_checks.hpp"

namespace bosim {

LoadedStudy load_study(const std::string& path) {
  ParsedStudy parsed = parse_study_text(read_file_bytes(path), path);
  const DatasetSpec& dataset = parsed.study.dataset;
  // Checked here so that a wrong path is reported where it was typed.
  if (!std::filesystem::is_regular_file(dataset.path))
    throw InputError("dataset file not found: " + dataset.path + " (paths are relative to the study file's folder)",
                     parsed.truth_path_where);
  LoadedStudy loaded;
  loaded.truth = std::make_shared<const DatasetTruth>(DatasetTruth::load(dataset));
  check_against_truth(parsed, *loaded.truth);
  parsed.study.inputs.push_back({dataset.path, fnv1a_hex(read_file_bytes(dataset.path))});
  loaded.study = std::move(parsed.study);
  return loaded;
}

}  // namespace bosim
