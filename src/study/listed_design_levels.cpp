#include "study/listed_design_levels.hpp"

#include <algorithm>

namespace bosim {

void resolve_listed_design_levels(ParsedStudy& parsed, const GroundTruth& truth) {
  const auto& features = truth.space().features();
  for (std::size_t r = 0; r < parsed.initial_design_texts.size(); ++r) {
    const std::vector<std::string>& texts = parsed.initial_design_texts[r];
    for (std::size_t d = 0; d < texts.size() && d < features.size(); ++d) {
      if (texts[d].empty()) continue;
      const FeatureRange& feature = features[d];
      const std::string label = "initial design " + std::to_string(r + 1) + ": ";
      if (!feature.is_categorical())
        throw InputError(label + "\"" + texts[d] + "\" is text, but feature \"" + feature.name + "\" is numeric",
                         parsed.initial_design_where[r]);
      const auto level = std::find(feature.levels.begin(), feature.levels.end(), texts[d]);
      if (level == feature.levels.end()) {
        std::string levels;
        for (const std::string& name : feature.levels)
          levels.append(levels.empty() ? "\"" : ", \"").append(name + "\"");
        throw InputError(label + "\"" + texts[d] + "\" is not a level of feature \"" + feature.name +
                             "\" in the pool; levels: " + levels,
                         parsed.initial_design_where[r]);
      }
      const auto index = static_cast<double>(level - feature.levels.begin());
      for (Configuration& configuration : parsed.study.configurations)
        if (r < configuration.settings.listed_initial_designs.size())
          configuration.settings.listed_initial_designs[r][d] = index;
    }
  }
}

}  // namespace bosim
