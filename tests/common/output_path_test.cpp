// Output files: the location check before any work, and write-then-rename with a temporary name per writer.
#include "common/output_path.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "common/input_error.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;

std::string text_of(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t entries_in(const fs::path& folder) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
}

// Two writers of one output at once (two `merge -o same.h5 --force`): each fills its own temporary file, so
// neither deletes nor truncates the other's, and the output is one writer's whole file.
TEST(WriteThenRename, ConcurrentWritersOfOneOutputDoNotShareATemporaryFile) {
  const fs::path folder = testing::scratch_folder("concurrent");
  const std::string output = (folder / "out.txt").string();
  std::string outer_partial, inner_partial;
  write_then_rename(output, [&](const std::string& partial) {
    outer_partial = partial;
    std::ofstream(partial) << "outer";
    write_then_rename(output, [&](const std::string& inner) {  // the other writer, while this one writes
      inner_partial = inner;
      std::ofstream(inner) << "inner";
    });
    EXPECT_EQ(text_of(partial), "outer");  // untouched by the other writer
  });
  EXPECT_NE(outer_partial, inner_partial);
  EXPECT_EQ(outer_partial.rfind(output + ".partial-", 0), 0u) << outer_partial;
  EXPECT_EQ(text_of(output), "outer");  // the last rename wins
  EXPECT_EQ(entries_in(folder), 1u);
}

TEST(WriteThenRename, AFailedWriteLeavesNeitherOutputNorTemporaryFile) {
  const fs::path folder = testing::scratch_folder("failed");
  const std::string output = (folder / "out.txt").string();
  EXPECT_THROW(write_then_rename(output,
                                 [](const std::string& partial) {
                                   std::ofstream(partial) << "half";
                                   throw std::runtime_error("disk full");
                                 }),
               std::runtime_error);
  EXPECT_EQ(entries_in(folder), 0u);
}

TEST(WriteFileDurably, WritesTheBytesWithTheUsualPermissions) {
  const fs::path folder = testing::scratch_folder("durable");
  const std::string output = (folder / "out.bin").string();
  write_file_durably(output, std::string("a\0b", 3));
  EXPECT_EQ(text_of(output), std::string("a\0b", 3));
  struct stat status {};
  ASSERT_EQ(::stat(output.c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, new_file_mode());
  EXPECT_EQ(new_file_mode() & 0600, 0600u);  // mkstemp's 0600 widened by the umask, never narrowed
  EXPECT_EQ(entries_in(folder), 1u);
}

TEST(CheckOutputLocation, RefusesAFolderWithoutFilesAndANameWithoutRoomForTheJournal) {
  try {
    check_output_location("/proc/out.h5");
    FAIL() << "accepted /proc";
  } catch (const InputError& error) {
    EXPECT_EQ(error.where().key, "--output");
    EXPECT_NE(error.message().find("cannot create files in the output's folder /proc"), std::string::npos)
        << error.what();
  }
  const fs::path folder = testing::scratch_folder("names");
  const std::size_t limit = static_cast<std::size_t>(::pathconf(folder.c_str(), _PC_NAME_MAX));
  const std::string longest = std::string(limit - longest_derived_suffix, 'n');
  EXPECT_NO_THROW(check_output_location((folder / longest).string()));
  try {
    check_output_location((folder / (longest + "x")).string());
    FAIL() << "accepted a name whose journal name is too long";
  } catch (const InputError& error) {
    EXPECT_NE(error.message().find("choose a name of at most " + std::to_string(limit - longest_derived_suffix)),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(entries_in(folder), 0u);  // the probe file is gone
}

}  // namespace
}  // namespace bosim
