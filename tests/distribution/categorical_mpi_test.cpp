// A categorical study gives the same bytes on 1, 2 and 3 ranks and without MPI, and /truth/designs names its levels.
#include <gtest/gtest.h>

#include <sstream>

#include "hdf5_reading.hpp"
#include "launch.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;
using testing::file_text;
using testing::plain;
using testing::run_to_end;
using testing::under_mpirun;

/// A full-factorial mixed table: solvent (4 text levels) × base (3 text levels) × t ∈ {0, 0.25, …, 1};
/// the yield depends on the categories and peaks at t = 0.5.
std::string mixed_table() {
  const char* solvents[] = {"water", "ethanol", "toluene", "dmso"};
  const char* bases[] = {"K2CO3", "NaOH", "Et3N"};
  std::ostringstream out;
  out << "solvent,base,t,yield\n";
  for (int s = 0; s < 4; ++s)
    for (int b = 0; b < 3; ++b)
      for (int k = 0; k <= 4; ++k) {
        const double t = k / 4.0;
        out << solvents[s] << "," << bases[b] << "," << t << ","
            << (10 * s + 7 * ((b + s) % 3)) - 20 * (t - 0.5) * (t - 0.5) << "\n";
      }
  return out.str();
}

TEST(CategoricalMpiRun, SameBytesOnOneTwoAndThreeRanks) {
  const fs::path folder = testing::scratch_folder("categorical_ranks");
  testing::write_text_file(folder / "mixed.csv", mixed_table());
  testing::write_text_file(folder / "study.toml",
                           "name = \"categorical\"\nseed = 5\nrepeats = 6\n[truth]\npath = \"mixed.csv\"\n"
                           "[campaign]\nn_init = 4\ninit = \"lhs\"\n"
                           "[[sweep]]\nencoding = [\"one-hot\", \"one-hot-shared\", \"overlap\"]\n"
                           "[[sweep]]\nmode = \"grid-snap\"\nencoding = \"overlap\"\n");
  const auto arguments = [&](const fs::path& output) {
    return std::vector<std::string>{"run", (folder / "study.toml").string(), "-o", output.string(), "--quiet"};
  };
  ASSERT_EQ(run_to_end(plain(arguments(folder / "plain.h5")), folder / "log"), 0) << file_text(folder / "log");
  const std::string expected = (folder / "plain.h5").string();
  for (int ranks : {1, 2, 3}) {
    const fs::path output = folder / ("np" + std::to_string(ranks) + ".h5");
    ASSERT_EQ(run_to_end(under_mpirun(ranks, arguments(output)), folder / "log"), 0) << file_text(folder / "log");
    EXPECT_EQ(testing::read_compound_bytes_without(expected, "/runs", {"wall_seconds"}),
              testing::read_compound_bytes_without(output.string(), "/runs", {"wall_seconds"}));
    for (const char* dataset : {"/configs", "/summary", "/trajectories/chosen", "/trajectories/best_so_far",
                                "/truth/designs", "/truth/values"})
      EXPECT_EQ(testing::read_raw_bytes(expected, dataset), testing::read_raw_bytes(output.string(), dataset))
          << dataset << " at " << ranks << " ranks";
  }
  // /truth/designs row 0 is the first design of the table: ("water", "K2CO3", 0) with levels as text.
  const std::vector<unsigned char> designs = testing::read_raw_bytes(expected, "/truth/designs");
  const std::string first_row(designs.begin(), designs.begin() + 7 + 5);  // text widths: 7 (toluene), 5 (K2CO3)
  EXPECT_EQ(first_row.substr(0, 5), "water");
  EXPECT_EQ(first_row.substr(7, 5), "K2CO3");
}

}  // namespace
}  // namespace bosim
