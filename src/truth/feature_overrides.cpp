// Feature overrides for synthetic truths: name lookup and validation through DesignSpace.
#include "truth/feature_overrides.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace bosim {

void apply_feature_overrides(std::vector<FeatureRange>& features, const std::vector<FeatureOverride>& overrides) {
  std::set<std::string> seen;
  for (const FeatureOverride& override_spec : overrides) {
    SourcePosition where = override_spec.where;
    where.key = override_spec.name;
    const auto feature = std::find_if(features.begin(), features.end(),
                                      [&](const FeatureRange& range) { return range.name == override_spec.name; });
    if (feature == features.end()) {
      std::string names;
      for (const FeatureRange& range : features) names.append(names.empty() ? "\"" : ", \"").append(range.name + "\"");
      throw InputError("override names \"" + override_spec.name + "\", which is not a feature; features: " + names,
                       where);
    }
    if (override_spec.categorical)
      throw InputError(
          "feature \"" + override_spec.name +
              "\": this truth's features are numeric; kind = \"categorical\" is for dataset truths (text "
              "columns), for features added to a function truth and for the features of expression and command "
              "truths",
          where);
    if (!seen.insert(override_spec.name).second)
      throw InputError("feature \"" + override_spec.name + "\" is overridden twice", where);
    if (override_spec.lower) feature->lower = *override_spec.lower;
    if (override_spec.upper) feature->upper = *override_spec.upper;
    if (override_spec.step) feature->step = *override_spec.step;
    feature->log_scale = feature->log_scale || override_spec.log_scale;
    try {
      (void)DesignSpace(std::vector<FeatureRange>{*feature});
    } catch (const std::invalid_argument& error) {
      throw InputError(error.what(), where);
    }
  }
}

}  // namespace bosim
