// Feature overrides for synthetic truths: the user's [[truth.feature]] bounds, steps and scales applied to a built-in
// design space.
#pragma once

#include <vector>

#include "space/design_space.hpp"
#include "truth/dataset_truth.hpp"

namespace bosim {

/// Replaces the given parts (lower, upper, step, log_scale) of the named
/// features. Throws InputError at the override's position for a name that is
/// not a feature (listing the features), a name overridden twice, or a range
/// DesignSpace rejects.
void apply_feature_overrides(std::vector<FeatureRange>& features, const std::vector<FeatureOverride>& overrides);

}  // namespace bosim
