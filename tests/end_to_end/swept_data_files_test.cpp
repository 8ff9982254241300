// End to end: a study sweeping prior_data runs once per file and labels each configuration in /configs with the
// file's name as written.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "distribution/study_runner.hpp"
#include "hdf5_reading.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;

/// A fixed-length text member of a compound dataset (e.g. /configs prior_data), one string per row.
std::vector<std::string> read_text_member(const std::string& path, const std::string& dataset,
                                          const std::string& member) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) throw std::runtime_error("cannot open " + path);
  const hid_t data = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  const hid_t file_type = H5Dget_type(data);
  const int index = H5Tget_member_index(file_type, member.c_str());
  const hid_t member_type = index >= 0 ? H5Tget_member_type(file_type, static_cast<unsigned>(index)) : -1;
  const std::size_t width = member_type >= 0 ? H5Tget_size(member_type) : 1;
  const hid_t space = H5Dget_space(data);
  const auto rows = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  // Read into width-byte cells; the file pads with NUL, so each cell ends at its first NUL or at width.
  const hid_t text = H5Tcopy(H5T_C_S1);
  H5Tset_size(text, width);
  H5Tset_strpad(text, H5T_STR_NULLPAD);
  const hid_t compound = H5Tcreate(H5T_COMPOUND, width);
  H5Tinsert(compound, member.c_str(), 0, text);
  std::vector<char> cells(rows * width, '\0');
  const herr_t status = index >= 0 ? H5Dread(data, compound, H5S_ALL, H5S_ALL, H5P_DEFAULT, cells.data()) : -1;
  H5Tclose(compound);
  H5Tclose(text);
  H5Sclose(space);
  if (member_type >= 0) H5Tclose(member_type);
  H5Tclose(file_type);
  H5Dclose(data);
  H5Fclose(file);
  if (status < 0) throw std::runtime_error("cannot read " + dataset + "/" + member);
  std::vector<std::string> values;
  for (std::size_t row = 0; row < rows; ++row) {
    const char* cell = cells.data() + row * width;
    values.emplace_back(cell, strnlen(cell, width));
  }
  return values;
}

TEST(SweptDataFiles, ConfigsNameThePriorDataFileOfEachConfiguration) {
  const fs::path folder = testing::scratch_folder("e2e_swept_prior");
  fs::create_directories(folder / "materials");
  // Nine designs on {0, 1, 2}²; y = a + 3b. Prior data: two related materials (any designs).
  testing::write_text_file(folder / "grid.csv",
                           "a,b,y\n0,0,0\n0,1,3\n0,2,6\n1,0,1\n1,1,4\n1,2,7\n2,0,2\n2,1,5\n2,2,8\n");
  testing::write_text_file(folder / "prior-a.csv", "a,b,y\n0.5,0.5,2\n1.5,2,7.5\n");
  testing::write_text_file(folder / "materials" / "prior-b.csv", "a,b,y\n2,2,9\n0,0,-1\n1,2,6\n");
  testing::write_text_file(folder / "study.toml",
                           "seed = 5\nrepeats = 2\n[truth]\npath = \"grid.csv\"\ngoal = \"maximize\"\n"
                           "[campaign]\nn_init = 2\n"
                           "[[sweep]]\nprior_data = [\"\", \"prior-a.csv\", \"materials/prior-b.csv\"]\n");
  RunRequest request;
  request.study_path = (folder / "study.toml").string();
  request.output_path = (folder / "out.h5").string();
  request.force = true;
  request.quiet = true;
  ASSERT_EQ(run_study(request), 0);

  EXPECT_EQ(read_text_member(request.output_path, "/configs", "prior_data"),
            (std::vector<std::string>{"", "prior-a.csv", "materials/prior-b.csv"}));
  EXPECT_EQ(read_text_member(request.output_path, "/configs", "initial_data"), (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(read_text_member(request.output_path, "/configs", "acquisition"),
            (std::vector<std::string>{"ei", "ei", "ei"}));
  const auto config_ids =
      testing::read_compound_member<std::uint32_t>(request.output_path, "/runs", "config_id", H5T_NATIVE_UINT32);
  EXPECT_EQ(config_ids, (std::vector<std::uint32_t>{0, 0, 1, 1, 2, 2}));
}

}  // namespace
}  // namespace bosim
