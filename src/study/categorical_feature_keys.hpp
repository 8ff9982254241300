// The [[truth.feature]] keys of a categorical feature: kind = "categorical" and levels = [...].
#pragma once

#include <toml++/toml.h>

#include "study/toml_reader.hpp"
#include "truth/dataset_truth.hpp"

namespace bosim {

/// The study-file word of FeatureOverride::categorical.
inline constexpr const char* categorical_kind_name = "categorical";

/// Reads kind (only "categorical" or "continuous") and levels (distinct non-empty strings; needs
/// kind = "categorical") into feature; a categorical feature takes no lower, upper, step or log_scale.
/// Throws InputError at the offending key.
void read_categorical_keys(const TomlReader& reader, const toml::table& table, FeatureOverride& feature);

}  // namespace bosim
