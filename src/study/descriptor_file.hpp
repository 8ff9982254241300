// Descriptor files of a study: the CSVs that configurations with encoding = "descriptors" name, read once each and
// checked against the truth's categorical features.
#pragma once

#include "study/study_file.hpp"
#include "truth/ground_truth.hpp"

namespace bosim {

/// For each configuration: with encoding = "descriptors", reads the descriptors file it names (relative
/// to the study file's folder; each distinct file once, its hash recorded in Study::inputs) into
/// CampaignSettings::descriptors and checks that it describes every level of every categorical feature
/// of the truth; with another encoding, the file name is dropped (it does not apply). Throws InputError
/// at the value naming the file for a missing file or level, and at the encoding key when encoding =
/// "descriptors" names no file.
void attach_descriptors(ParsedStudy& parsed, const GroundTruth& truth);

}  // namespace bosim
