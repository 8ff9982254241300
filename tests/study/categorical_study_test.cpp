// Study files over categorical datasets: detected and declared levels, swept encodings, descriptor files, and every
// mistake reported at its file:line(:column).
#include <gtest/gtest.h>

#include "campaign/descriptor_encoding.hpp"
#include "study/study.hpp"
#include "study/study_file.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

using bosim::testing::scratch_folder;
using bosim::testing::write_text_file;

/// Two solvents × four temperatures; y favours "water".
const std::string mixed_csv =
    "solvent,t,y\n"
    "water,0,1\nwater,1,3\nwater,2,2\nwater,3,1.5\n"
    "ethanol,0,0\nethanol,1,1\nethanol,2,0.5\nethanol,3,0.2\n";
const std::string truth_block = "[truth]\npath = \"m.csv\"\n";  // lines 1–2

std::string write_study(const std::string& study_text,
                        const std::vector<std::pair<std::string, std::string>>& files = {}) {
  const auto folder = scratch_folder("study");
  write_text_file(folder / "m.csv", mixed_csv);
  for (const auto& [name, text] : files) write_text_file(folder / name, text);
  write_text_file(folder / "s.toml", study_text);
  return (folder / "s.toml").string();
}

std::string beside(const std::string& study_path, const std::string& name) {
  return (std::filesystem::path(study_path).parent_path() / name).string();
}

void expect_error(const std::string& path, const std::string& file, const std::string& position,
                  const std::string& message) {
  try {
    load_study(path);
    ADD_FAILURE() << "no error; expected " << position << ": " << message;
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), file + ":" + position + ": error: " + message);
  }
}

TEST(CategoricalStudy, TextColumnsAreCategoricalWithSortedLevels) {
  const LoadedStudy loaded = load_study(write_study(truth_block));
  const auto& features = loaded.truth->space().features();
  ASSERT_EQ(features.size(), 2u);
  EXPECT_EQ(features[0].levels, (std::vector<std::string>{"ethanol", "water"}));
  EXPECT_FALSE(features[1].is_categorical());
  EXPECT_EQ(loaded.truth->designs()(0, 0), 1.0);  // "water" is level 1
  EXPECT_EQ(loaded.truth->space().value_text(0, 0.0), "ethanol");
}

TEST(CategoricalStudy, DeclaredLevelsKeepTheirOrderAndSweepEncodings) {
  const LoadedStudy loaded = load_study(
      write_study(truth_block +
                  "[[truth.feature]]\nname = \"solvent\"\nkind = \"categorical\"\nlevels = [\"water\", \"ethanol\"]\n"
                  "[[sweep]]\nencoding = [\"one-hot\", \"one-hot-shared\", \"overlap\"]\n"));
  EXPECT_EQ(loaded.truth->space().features()[0].levels, (std::vector<std::string>{"water", "ethanol"}));
  ASSERT_EQ(loaded.study.configurations.size(), 3u);
  EXPECT_EQ(loaded.study.configurations[2].settings.encoding, CategoricalEncoding::overlap);
}

TEST(CategoricalStudy, ANumericColumnMayBeDeclaredCategorical) {
  const LoadedStudy loaded =
      load_study(write_study(truth_block + "[[truth.feature]]\nname = \"t\"\nkind = \"categorical\"\n"));
  EXPECT_EQ(loaded.truth->space().features()[1].levels, (std::vector<std::string>{"0", "1", "2", "3"}));
}

TEST(CategoricalStudy, LevelErrorsPointAtTheirPosition) {
  std::string path = write_study(
      truth_block + "[[truth.feature]]\nname = \"solvent\"\nkind = \"categorical\"\nlevels = [\"water\", \"dmso\"]\n");
  expect_error(path, path, "6:10",
               "level \"dmso\" of feature \"solvent\" never occurs in " + beside(path, "m.csv") +
                   "; its column holds \"ethanol\", \"water\"");
  path = write_study(truth_block +
                     "[[truth.feature]]\nname = \"solvent\"\nkind = \"categorical\"\nlevels = [\"water\", \"\"]\n");
  expect_error(path, path, "6:10", "'levels' of feature 'solvent' has an empty level");
  path = write_study(truth_block + "[[truth.feature]]\nname = \"solvent\"\nlower = 0\n");
  expect_error(path, path, "4:8",
               "feature \"solvent\" is categorical (its column in " + beside(path, "m.csv") +
                   " holds text); it takes no lower, upper, step or log_scale");
}

TEST(CategoricalStudy, FunctionTruthLevelOffsetsAreCheckedAtTheirKey) {
  const std::string head = "[truth]\nkind = \"function\"\nfunction = \"branin\"\npool_size = 30\n";  // lines 1–4
  const std::string catalyst = "[[truth.feature]]\nname = \"catalyst\"\nkind = \"categorical\"\n";
  const std::string levels = "levels = [\"Pd\", \"Ni\"]\n";
  std::string path = write_study(head + "level_offsets = { catalyst = [0.0, 2.0] }\n" + catalyst + levels);
  const LoadedStudy loaded = load_study(path);
  EXPECT_EQ(loaded.truth->space().dimension(), 3);
  path = write_study(head + "level_offsets = { catalyst = [0.0] }\n" + catalyst + levels);
  expect_error(path, path, "5:30", "level_offsets of \"catalyst\" has 1 values for its 2 levels");
  path = write_study(head + "level_offsets = { x1 = [0.0] }\n" + catalyst + levels);
  expect_error(path, path, "5:24",
               "level_offsets names \"x1\", which is not a categorical feature (declare it in [[truth.feature]] with "
               "kind = \"categorical\" and levels)");
  path = write_study(head + catalyst);
  expect_error(path, path, "6:8", "categorical feature \"catalyst\" of a function truth needs levels = [\"…\", …]");
  path = write_study(head + "[[truth.feature]]\nname = \"x1\"\nkind = \"categorical\"\n" + levels);
  expect_error(path, path, "6:8",
               "feature \"x1\" is a numeric feature of the function; a categorical feature needs a name of its own");
  path = write_study(head + catalyst + levels +
                     "[[truth.constraint]]\ncoefficients = { x1 = 1.0, catalyst = 1.0 }\n"
                     "upper = 5\n");
  expect_error(path, path, "9:1",
               "constraint \"x1 + catalyst <= 5\" names \"catalyst\", a categorical feature; constraints are linear "
               "in numeric features");
  path = write_study(head + "level_offsets = { catalyst = [0.0, inf] }\n" + catalyst + levels);
  expect_error(path, path, "5:36", "'catalyst' must be a finite number");
}

TEST(CategoricalStudy, EmptyLevelAndMixedColumnsPointIntoTheCsv) {
  const auto folder = scratch_folder("bad");
  write_text_file(folder / "m.csv", "solvent,t,y\nwater,0,1\n\"\",1,2\n");
  write_text_file(folder / "s.toml", truth_block);
  expect_error((folder / "s.toml").string(), (folder / "m.csv").string(), "3:1",
               "empty cell in categorical column \"solvent\": a level needs a name");
  write_text_file(folder / "m.csv", "solvent,t,y\nwater,0,1\n3,1,2\n");
  expect_error((folder / "s.toml").string(), (folder / "m.csv").string(), "2:1",
               "cell \"water\" in column \"solvent\" is not a finite number, while other cells of the column are; if "
               "its values are categories, declare [[truth.feature]] kind = \"categorical\"");
}

TEST(CategoricalStudy, InitialDataWithALevelNotInThePool) {
  const std::string study = truth_block + "[campaign]\ninit = \"data\"\ninitial_data = \"i.csv\"\n";
  const std::string path = write_study(study, {{"i.csv", "solvent,t,y\nwater,0,1\ndmso,1,2\n"}});
  expect_error(path, beside(path, "i.csv"), "3:1",
               "\"dmso\" is not a level of categorical feature \"solvent\"; levels: \"ethanol\", \"water\"");
  const LoadedStudy loaded = load_study(write_study(study, {{"i.csv", "solvent,t,y\nwater,0,1\nethanol,2,0.5\n"}}));
  EXPECT_EQ(loaded.study.configurations[0].settings.initial_data->pool_designs, (std::vector<Eigen::Index>{0, 6}));
}

TEST(CategoricalStudy, ListedInitialDesignsNameLevels) {
  const std::string head = truth_block + "[campaign]\ninit = \"list\"\nn_init = 2\n";
  const LoadedStudy loaded = load_study(write_study(head + "initial_designs = [[\"water\", 0], [\"ethanol\", 2]]\n"));
  const auto& listed = loaded.study.configurations[0].settings.listed_initial_designs;
  EXPECT_EQ(listed, (std::vector<std::vector<double>>{{1, 0}, {0, 2}}));
  const std::string path = write_study(head + "initial_designs = [[\"water\", 0], [\"dmso\", 1]]\n");
  expect_error(path, path, "6:34",
               "initial design 2: \"dmso\" is not a level of feature \"solvent\" in the pool; levels: \"ethanol\", "
               "\"water\"");
}

TEST(CategoricalStudy, DescriptorFilesLongAndWide) {
  const std::string study = truth_block + "[model]\nencoding = \"descriptors\"\ndescriptors = \"d.csv\"\n";
  const std::string long_format =
      "type,option,desc_name,desc_val\nsolvent,water,polarity,1.0\nsolvent,ethanol,polarity,0.65\n"
      "solvent,water,label,H2O\nsolvent,ethanol,label,EtOH\n";
  const LoadedStudy loaded = load_study(write_study(study, {{"d.csv", long_format}}));
  ASSERT_TRUE(loaded.study.configurations[0].settings.descriptors);
  const DescriptorTable& table = *loaded.study.configurations[0].settings.descriptors;
  EXPECT_EQ(table.features.at("solvent").descriptors, (std::vector<std::string>{"polarity", "label"}));
  const LoadedStudy wide = load_study(
      write_study(study, {{"d.csv", "feature,level,polarity,bp\nsolvent,water,1.0,100\nsolvent,ethanol,0.65,78\n"}}));
  EXPECT_EQ(wide.study.configurations[0].settings.descriptors->features.at("solvent").levels.at("water"),
            (std::vector<double>{1.0, 100.0}));

  std::string path = write_study(study, {{"d.csv", "type,option,desc_name,desc_val\nsolvent,water,polarity,1.0\n"}});
  expect_error(
      path, path, "5:15",
      "descriptor file " + beside(path, "d.csv") + " has no descriptors for level \"ethanol\" of feature \"solvent\"");
  path = write_study(truth_block + "[model]\nencoding = \"descriptors\"\n");
  expect_error(path, path, "4:1",
               "configuration 0: encoding = \"descriptors\" needs descriptors = \"…\" in [model]: a CSV of the "
               "descriptors of each level");
}

TEST(DescriptorCodes, PrincipalCoordinatesKeepDistancesBetweenLevels) {
  const auto folder = scratch_folder("codes");
  write_text_file(folder / "d.csv", "feature,level,a,b,c,constant\ns,x,0,0,1,7\ns,y,1,0,1,7\ns,z,0,2,0,7\n");
  const DescriptorTable table = DescriptorTable::read((folder / "d.csv").string());
  const FeatureRange feature = FeatureRange::categorical("s", {"x", "y", "z"});
  const Eigen::MatrixXd codes = descriptor_codes(feature, table, SourcePosition());
  ASSERT_EQ(codes.rows(), 3);
  EXPECT_LE(codes.cols(), 2);
  // Min-max scaled descriptors: x = (0,0,1), y = (1,0,1), z = (0,1,0); squared distances 1, 2, 3; the
  // farthest pair (y, z) is scaled to 1, so x–y = 1/3 and x–z = 2/3.
  EXPECT_NEAR((codes.row(0) - codes.row(1)).squaredNorm(), 1.0 / 3.0, 1e-12);
  EXPECT_NEAR((codes.row(0) - codes.row(2)).squaredNorm(), 2.0 / 3.0, 1e-12);
  EXPECT_NEAR((codes.row(1) - codes.row(2)).squaredNorm(), 1.0, 1e-12);
}

}  // namespace
}  // namespace bosim
