// Helpers shared by the test suites: locating ../shared datasets and temporary folders.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace bosim::testing {

/// Path of a dataset under ../shared/datasets, or "" when the folder is absent
/// (a user's fresh clone): tests then call GTEST_SKIP with a clear message.
inline std::string shared_dataset(const std::string& name) {
  const std::filesystem::path path = std::filesystem::path(BOSIM_SHARED_DIR) / "datasets" / name;
  return std::filesystem::exists(path) ? path.string() : std::string();
}

#define BOSIM_REQUIRE_SHARED_DATASET(variable, name)                   \
  const std::string variable = ::bosim::testing::shared_dataset(name); \
  if (variable.empty())                                                \
  GTEST_SKIP() << "needs " BOSIM_SHARED_DIR "/datasets/" name          \
                  " (../shared beside the project root); "             \
                  "absent in this checkout"

/// A fresh empty folder under the build tree, removed first if present. The path includes the
/// running test's suite and name, because ctest runs tests in parallel processes: two tests
/// asking for the same name must not delete each other's files.
inline std::filesystem::path scratch_folder(const std::string& name) {
  std::filesystem::path path = std::filesystem::path(BOSIM_BINARY_DIR) / "test-scratch";
  if (const auto* test = ::testing::UnitTest::GetInstance()->current_test_info())
    path /= std::string(test->test_suite_name()) + "." + test->name();
  path /= name;
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  return path;
}

/// Writes text to a file (for hand-made CSV and TOML inputs).
void write_text_file(const std::filesystem::path& path, const std::string& text);

/// Whether a temporary file of write_then_rename (PATH.partial-XXXXXX) is left beside `path`.
inline bool partial_file_left(const std::filesystem::path& path) {
  const std::string prefix = path.filename().string() + ".partial";
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  if (!std::filesystem::is_directory(folder)) return false;
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    if (entry.path().filename().string().rfind(prefix, 0) == 0) return true;
  return false;
}

}  // namespace bosim::testing

#include <fstream>

inline void bosim::testing::write_text_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}
