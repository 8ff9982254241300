// Study files with campaign options: replacement, batch_size, biased initial designs (worst, box), initial_data and
// prior_data CSVs — values read, files hashed, and every mistake reported at its file:line:column.
#include <gtest/gtest.h>

#include "common/file_hash.hpp"
#include "study/study.hpp"
#include "study/study_file.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

using bosim::testing::scratch_folder;
using bosim::testing::write_text_file;

/// Nine designs on {0, 1, 2}²; y = a + 3b.
const std::string grid_csv = "a,b,y\n0,0,0\n0,1,3\n0,2,6\n1,0,1\n1,1,4\n1,2,7\n2,0,2\n2,1,5\n2,2,8\n";
/// Lines 1–2 of every study below.
const std::string truth_block = "[truth]\npath = \"grid.csv\"\n";

/// Writes grid.csv, the extra files and s.toml into a fresh folder; returns the study's path.
std::string write_study(const std::string& study_text,
                        const std::vector<std::pair<std::string, std::string>>& files = {}) {
  const auto folder = scratch_folder("study");
  write_text_file(folder / "grid.csv", grid_csv);
  for (const auto& [name, text] : files) write_text_file(folder / name, text);
  write_text_file(folder / "s.toml", study_text);
  return (folder / "s.toml").string();
}

/// Expects load_study to fail with what() == file:position: error: message.
void expect_error(const std::string& path, const std::string& file, const std::string& position,
                  const std::string& message) {
  try {
    load_study(path);
    ADD_FAILURE() << "no error; expected " << position << ": " << message;
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), file + ":" + position + ": error: " + message);
  }
}

std::string beside(const std::string& study_path, const std::string& name) {
  return (std::filesystem::path(study_path).parent_path() / name).string();
}

TEST(CampaignOptionsStudy, ReadsReplacementBatchAndBiasedInitialDesigns) {
  const std::string path =
      write_study(truth_block +
                  "[campaign]\nreplacement = true\nbudget = 20\nn_init = 2\n"
                  "[campaign.init_box]\na = [0, 1]\n"
                  "[[sweep]]\nbatch_size = [1, 3]\ninit = [\"worst\", \"box\"]\ninit_fraction = 0.5\n");
  const LoadedStudy loaded = load_study(path);
  const auto& configurations = loaded.study.configurations;
  ASSERT_EQ(configurations.size(), 4u);
  EXPECT_TRUE(configurations[0].settings.replacement);
  EXPECT_EQ(configurations[0].settings.budget, 20);  // more than the 9 designs: allowed with replacement
  EXPECT_EQ(configurations[0].settings.batch_size, 1);
  EXPECT_EQ(configurations[3].settings.batch_size, 3);
  EXPECT_EQ(configurations[0].settings.initial_design, InitialDesignKind::worst);
  EXPECT_EQ(configurations[1].settings.initial_design, InitialDesignKind::box);
  EXPECT_EQ(configurations[0].settings.init_fraction, 0.5);
  ASSERT_EQ(configurations[1].settings.initial_box.size(), 1u);
  EXPECT_EQ(configurations[1].settings.initial_box[0].feature, "a");
  EXPECT_EQ(configurations[1].settings.initial_box[0].upper, 1.0);
}

TEST(CampaignOptionsStudy, InitialAndPriorDataAreReadHashedAndAttached) {
  const std::string initial = "b,a,y,note\n2,2,80,x\n0,1,10,y\n";  // columns by name; y is the given value
  const std::string prior = "a,b,y\n0.5,0.5,2\n3,3,12\n";          // any designs, outside the pool too
  const std::string path = write_study(truth_block +
                                           "[campaign]\ninit = \"data\"\ninitial_data = \"initial.csv\"\n"
                                           "prior_data = \"prior.csv\"\n",
                                       {{"initial.csv", initial}, {"prior.csv", prior}});
  const LoadedStudy loaded = load_study(path);
  const CampaignSettings& settings = loaded.study.configurations.front().settings;
  EXPECT_EQ(settings.n_init, 2);  // the rows of initial_data
  ASSERT_NE(settings.initial_data, nullptr);
  EXPECT_EQ(settings.initial_data->pool_designs, (std::vector<Eigen::Index>{8, 3}));  // (2, 2) and (1, 0)
  EXPECT_EQ(settings.initial_data->values, (Eigen::VectorXd(2) << 80, 10).finished());
  ASSERT_NE(settings.prior_data, nullptr);
  EXPECT_EQ(settings.prior_data->designs, (Eigen::MatrixXd(2, 2) << 0.5, 0.5, 3, 3).finished());
  EXPECT_EQ(settings.prior_data->lines, (std::vector<int>{2, 3}));
  ASSERT_EQ(loaded.study.inputs.size(), 4u);  // study, dataset, initial data, prior data
  EXPECT_EQ(loaded.study.inputs[2].path, beside(path, "initial.csv"));
  EXPECT_EQ(loaded.study.inputs[2].hash, fnv1a_hex(initial));
  EXPECT_EQ(loaded.study.inputs[3].hash, fnv1a_hex(prior));
}

// ---- errors found while parsing ---------------------------------------------------------------

TEST(CampaignOptionsStudy, ReplacementNeedsABudget) {
  const std::string path = write_study(truth_block + "[campaign]\nreplacement = true\n");
  expect_error(path, path, "4:1",
               "configuration 0: replacement = true needs a budget > 0 (the campaign never runs out of designs)");
}

TEST(CampaignOptionsStudy, BatchSizeAndInitFractionAreRangeChecked) {
  std::string path = write_study(truth_block + "[campaign]\nbatch_size = 0\n");
  expect_error(path, path, "4:14", "'batch_size' must be an integer >= 1 (got 0)");
  path = write_study(truth_block + "[[sweep]]\ninit_fraction = [0.5, 1.5]\n");
  expect_error(path, path, "4:23", "'init_fraction' must be a number in (0, 1] (got 1.5)");
}

TEST(CampaignOptionsStudy, BoxNeedsItsTableAndTheTableNeedsTheBox) {
  std::string path = write_study(truth_block + "[campaign]\ninit = \"box\"\n");
  expect_error(path, path, "4:1",
               "configuration 0: init = \"box\" needs a [campaign.init_box] table: feature = [lower, upper]");
  path = write_study(truth_block + "[campaign.init_box]\na = [0, 1]\n");
  expect_error(path, path, "3:1", "[campaign.init_box] is used only with init = \"box\", which no configuration sets");
  path = write_study(truth_block + "[campaign]\ninit = \"box\"\n[campaign.init_box]\na = [1, 0]\n");
  expect_error(path, path, "6:5", "'a' in [campaign.init_box]: lower must not exceed upper");
  path = write_study(truth_block + "[campaign]\ninit = \"box\"\n[campaign.init_box]\na = [1]\n");
  expect_error(path, path, "6:5", "'a' in [campaign.init_box] must be [lower, upper]");
}

TEST(CampaignOptionsStudy, DataFilesNeedInitDataAndCannotBeSwept) {
  std::string path = write_study(truth_block + "[campaign]\ninit = \"data\"\n");
  expect_error(path, path, "4:1",
               "configuration 0: init = \"data\" needs initial_data = \"…\" in [campaign]: a CSV of earlier "
               "measurements");
  path = write_study(truth_block + "[campaign]\ninitial_data = \"i.csv\"\n");
  expect_error(path, path, "4:16", "initial_data is used only with init = \"data\", which no configuration sets");
  path = write_study(truth_block + "[[sweep]]\nprior_data = \"p.csv\"\n");
  expect_error(path, path, "4:1", "'prior_data' cannot be swept; give it in [campaign]");
}

// ---- errors found against the truth and in the data files --------------------------------------

TEST(CampaignOptionsStudy, RegionsMustHoldTheInitialDesigns) {
  std::string path = write_study(truth_block + "[campaign]\nn_init = 3\ninit = \"worst\"\ninit_fraction = 0.2\n");
  expect_error(path, path, "6:1", "configuration 0: init_fraction = 0.2 of 9 designs leaves 2, fewer than n_init (3)");
  path = write_study(truth_block +
                     "[campaign]\nn_init = 3\ninit = \"box\"\n[campaign.init_box]\nb = [2, 2]\nc = [0, 1]\n");
  expect_error(path, path, "8:1", "[campaign.init_box] bounds 'c', which is not a feature; features: 'a', 'b'");
  path = write_study(truth_block + "[campaign]\nn_init = 4\ninit = \"box\"\n[campaign.init_box]\nb = [2, 2]\n");
  expect_error(path, path, "6:1", "configuration 0: [campaign.init_box] holds 3 pool designs, fewer than n_init (4)");
}

TEST(CampaignOptionsStudy, DataFileErrorsPointIntoTheFile) {
  const std::string study = truth_block + "[campaign]\ninit = \"data\"\ninitial_data = \"i.csv\"\n";  // value at 5:16
  std::string path = write_study(study);
  expect_error(path, path, "5:16",
               "data file not found: " + beside(path, "i.csv") + " (paths are relative to the study file's folder)");
  path = write_study(study, {{"i.csv", "a,y\n0,1\n"}});
  expect_error(path, path, "5:16",
               beside(path, "i.csv") + " has no column \"b\" (the truth's feature); available columns: \"a\", \"y\"");
  path = write_study(study, {{"i.csv", "a,b,y\n0,0,1\n1,x,2\n"}});
  expect_error(path, beside(path, "i.csv"), "3:2", "cell \"x\" in column \"b\" is not a finite number");
  path = write_study(study, {{"i.csv", "a,b,y\n0,0,1\n1,\"\",2\n"}});
  expect_error(path, beside(path, "i.csv"), "3:2", "empty cell in column \"b\"");
  path = write_study(study, {{"i.csv", "a,b,y\n0,0,1\n0.5,0,2\n"}});
  expect_error(path, beside(path, "i.csv"), "3",
               "this row is not a design of the pool: initial data must match a pool design's features exactly "
               "(measurements of other designs belong in prior_data)");
  path = write_study(study, {{"i.csv", "a,b,y\n"}});
  expect_error(path, beside(path, "i.csv"), "1", "no data rows below the header");
  path = write_study(study + "n_init = 3\n", {{"i.csv", "a,b,y\n0,0,1\n1,1,2\n"}});
  expect_error(path, path, "6:1",
               "configuration 0: n_init (3) differs from the 2 rows of initial_data; with init = \"data\" leave "
               "n_init out");
  path = write_study(study + "budget = 1\n", {{"i.csv", "a,b,y\n0,0,1\n1,1,2\n"}});
  expect_error(path, path, "6:1",
               "configuration 0: budget (1) must be at least the 2 rows of initial_data, which count as experiments");
}

TEST(CampaignOptionsStudy, PriorDataErrorsPointIntoTheFile) {
  const std::string study = truth_block +
                            "[[truth.feature]]\nname = \"a\"\nlower = 0.5\nlog_scale = true\n"
                            "[campaign]\nprior_data = \"p.csv\"\n";  // value at 8:14
  const std::string data = "a,b,y\n0.5,0,1\n1,1,4\n2,2,8\n";
  std::string path = write_study(study, {{"grid.csv", data}, {"p.csv", "a,b,z\n1,1,1\n"}});
  expect_error(path, path, "8:14",
               beside(path, "p.csv") +
                   " has no column \"y\" (the truth's objective); available columns: \"a\", "
                   "\"b\", \"z\"");
  path = write_study(study, {{"grid.csv", data}, {"p.csv", "a,b,y\n1,1,1\n0,5,2\n"}});
  expect_error(path, beside(path, "p.csv"), "3:1", "value of \"a\" cannot be log-scaled (it must be > 0)");
}

}  // namespace
}  // namespace bosim
