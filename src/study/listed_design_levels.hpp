// Level names in [campaign] initial_designs: resolved to the level indices of the truth's categorical features.
#pragma once

#include "study/study_file.hpp"
#include "truth/ground_truth.hpp"

namespace bosim {

/// Replaces each level name of a listed initial design (ParsedStudy::initial_design_texts) by its level
/// index in every configuration. Throws InputError at the row for a name given for a numeric feature or a
/// name that is not a level of its categorical feature (listing the levels).
void resolve_listed_design_levels(ParsedStudy& parsed, const GroundTruth& truth);

}  // namespace bosim
