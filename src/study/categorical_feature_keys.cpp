#include "study/categorical_feature_keys.hpp"

#include <set>

namespace bosim {

void read_categorical_keys(const TomlReader& reader, const toml::table& table, FeatureOverride& feature) {
  if (const auto* node = table.get("kind"))
    feature.categorical = reader.choice(*node, "kind", {categorical_kind_name, "continuous"}) == categorical_kind_name;
  const auto* levels = table.get("levels");
  if (levels != nullptr) {
    feature.levels_where = reader.at(*levels, "levels");
    if (!feature.categorical)
      throw InputError("'levels' needs kind = \"categorical\" for feature '" + feature.name + "'",
                       feature.levels_where);
    feature.levels = reader.texts(*levels, "levels");
    if (feature.levels.empty())
      throw InputError("'levels' of feature '" + feature.name + "' lists no level", feature.levels_where);
    std::set<std::string> seen;
    for (const std::string& level : feature.levels) {
      if (level.empty())
        throw InputError("'levels' of feature '" + feature.name + "' has an empty level", feature.levels_where);
      if (!seen.insert(level).second)
        throw InputError("'levels' of feature '" + feature.name + "' lists \"" + level + "\" twice",
                         feature.levels_where);
    }
  }
  if (feature.categorical) {
    for (const char* key : {"lower", "upper", "step", "log_scale"})
      if (const auto* node = table.get(key))
        throw InputError("categorical feature '" + feature.name + "' takes no '" + key + "' (its values are levels)",
                         reader.at(*node, key));
  }
}

}  // namespace bosim
