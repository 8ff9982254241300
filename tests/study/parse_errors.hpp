// Study-file test helpers: parse a study text as "s.toml" and expect an exact error message at a position.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "study/study_file.hpp"

namespace bosim::testing {

inline ParsedStudy parse(const std::string& text) { return parse_study_text(text, "s.toml"); }

/// Expects parsing to fail with exactly "s.toml:LINE:COLUMN: error: MESSAGE".
inline void expect_error(const std::string& text, const std::string& position, const std::string& message) {
  try {
    parse(text);
    ADD_FAILURE() << "no error; expected " << position << ": " << message;
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), "s.toml:" + position + ": error: " + message);
  }
}

}  // namespace bosim::testing
