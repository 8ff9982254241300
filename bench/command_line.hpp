// Command-line numbers of the benchmark programs (bench/fit_vs_nlopt.cpp, bench/campaign_profile.cpp), which
// take a few positional arguments and reject anything else with their usage and exit 2.
#pragma once

#include <cmath>
#include <cstdlib>

namespace bosim::bench {

/// The positive finite number `text` (the whole string), or 0 when it is not one.
inline double positive_number(const char* text) {
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  return end != text && *end == '\0' && value > 0.0 && std::isfinite(value) ? value : 0.0;
}

/// The positive whole number `text`, at most `largest`, or 0 when it is not one.
inline long positive_integer(const char* text, long largest) {
  const double value = positive_number(text);
  return value == std::floor(value) && value <= static_cast<double>(largest) ? static_cast<long>(value) : 0;
}

}  // namespace bosim::bench
