// common/source_revision.cmake: the revision in the build identity changes with the sources, not with a rebuild.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/version.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Runs the script on `tree` (not a git checkout) and returns the generated file's text.
std::string generate(const fs::path& tree, const fs::path& output) {
  const std::string command = "cmake -DSOURCE_DIR='" + tree.string() + "' -DOUTPUT='" + output.string() + "' -P '" +
                              BOSIM_SOURCE_DIR + "/src/common/source_revision.cmake'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return read(output);
}

TEST(SourceRevision, OutsideGitIsAHashOfTheSourcesThatChangesWithThem) {
  const fs::path folder = fs::path(BOSIM_BINARY_DIR) / "test-scratch" / "SourceRevision";
  fs::remove_all(folder);
  const fs::path tree = folder / "tree", output = folder / "revision.cpp";
  write(tree / "CMakeLists.txt", "project(x)\n");
  write(tree / "src" / "a.cpp", "int a = 1;\n");
  const std::string first = generate(tree, output);
  EXPECT_NE(first.find("source_revision = \"sources-"), std::string::npos) << first;

  // Unchanged sources: the file is not rewritten (no recompilation).
  const auto written = fs::last_write_time(output);
  fs::last_write_time(output, written - std::chrono::hours(1));
  EXPECT_EQ(generate(tree, output), first);
  EXPECT_EQ(fs::last_write_time(output), written - std::chrono::hours(1));

  write(tree / "src" / "a.cpp", "int a = 2;\n");  // one changed source: another revision
  const std::string second = generate(tree, output);
  EXPECT_NE(second, first);
  write(tree / "docs" / "notes.md", "not part of the binary\n");
  EXPECT_EQ(generate(tree, output), second);
}

TEST(SourceRevision, IsPartOfTheBuildIdentity) {
  EXPECT_NE(std::string(source_revision), "");
  EXPECT_EQ(build_identity(), std::string("bosim ") + version + " (" + source_revision + ") for " + instruction_set);
}

}  // namespace
}  // namespace bosim
