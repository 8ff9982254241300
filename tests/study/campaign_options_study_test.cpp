// Study files with campaign options: replacement, batch_size, biased initial designs (worst, box), initial_data and
// prior_data CSVs (given once or swept) — values read, files hashed, and every mistake reported at its
// file:line:column.
#include <gtest/gtest.h>

#include "common/file_hash.hpp"
#include "study/campaign_parameters.hpp"
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
  for (const auto& [name, text] : files) {
    std::filesystem::create_directories((folder / name).parent_path());
    write_text_file(folder / name, text);
  }
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

TEST(CampaignOptionsStudy, DataFilesNeedInitData) {
  std::string path = write_study(truth_block + "[campaign]\ninit = \"data\"\n");
  expect_error(path, path, "4:1",
               "configuration 0: init = \"data\" needs initial_data = \"…\" in [campaign]: a CSV of earlier "
               "measurements");
  path = write_study(truth_block + "[campaign]\ninitial_data = \"i.csv\"\n");
  expect_error(path, path, "4:16", "initial_data is used only with init = \"data\", which no configuration sets");
  path = write_study(truth_block + "[campaign]\nprior_data = \"\"\n");
  expect_error(path, path, "4:14", "'prior_data' must not be empty");
  path = write_study(truth_block + "[campaign]\nprior_data = [\"p.csv\"]\n");
  expect_error(path, path, "4:14",
               "'prior_data' in [campaign] takes one value; sweep or randomize it in a [[sweep]] table");
  path = write_study(truth_block + "[[sweep]]\nprior_data = {linspace = [0, 1, 2]}\n");
  expect_error(path, path, "4:26", "linspace needs a numeric parameter; 'prior_data' takes words");
}

// ---- data files as [[sweep]] factors ------------------------------------------------------------

/// Prior data of two materials: (0.5, 0.5) and (3, 3), or three rows at the pool's corners.
const std::string prior_a = "a,b,y\n0.5,0.5,2\n3,3,12\n";
const std::string prior_b = "y,a,b\n0,0,0\n2,2,0\n6,0,2\n";

TEST(CampaignOptionsStudy, SweptPriorDataGivesOneConfigurationPerFile) {
  const std::string path = write_study(truth_block +
                                           "[[sweep]]\nprior_data = [\"\", \"pa.csv\", \"more/pb.csv\"]\n"
                                           "[[sweep]]\nacquisition = \"ucb\"\nprior_data = \"./more/../pa.csv\"\n",
                                       {{"pa.csv", prior_a}, {"more/pb.csv", prior_b}});
  const LoadedStudy loaded = load_study(path);
  const auto& configurations = loaded.study.configurations;
  ASSERT_EQ(configurations.size(), 4u);
  EXPECT_EQ(configurations[0].settings.prior_data_file, "");
  EXPECT_EQ(configurations[0].settings.prior_data, nullptr);
  EXPECT_EQ(configurations[1].settings.prior_data_file, "pa.csv");
  ASSERT_NE(configurations[1].settings.prior_data, nullptr);
  EXPECT_EQ(configurations[1].settings.prior_data->designs, (Eigen::MatrixXd(2, 2) << 0.5, 0.5, 3, 3).finished());
  EXPECT_EQ(configurations[2].settings.prior_data_file, "more/pb.csv");
  ASSERT_NE(configurations[2].settings.prior_data, nullptr);
  EXPECT_EQ(configurations[2].settings.prior_data->designs, (Eigen::MatrixXd(3, 2) << 0, 0, 2, 0, 0, 2).finished());
  EXPECT_EQ(configurations[2].settings.prior_data->values, (Eigen::VectorXd(3) << 0, 2, 6).finished());
  // Another spelling of pa.csv is the same file: read once, shared, hashed once.
  EXPECT_EQ(configurations[3].settings.prior_data_file, "./more/../pa.csv");
  EXPECT_EQ(configurations[3].settings.prior_data, configurations[1].settings.prior_data);
  for (const auto& configuration : configurations) EXPECT_EQ(configuration.settings.initial_data, nullptr);
  EXPECT_EQ(loaded.study.swept_factor_names, (std::vector<std::string>{"prior_data", "acquisition"}));
  // The registry reads the name back as written, as /configs stores it.
  EXPECT_EQ(find_campaign_parameter("prior_data")->get(configurations[2].settings), ParameterValue("more/pb.csv"));

  const auto& inputs = loaded.study.inputs;
  ASSERT_EQ(inputs.size(), 4u);  // study, dataset, then each prior-data file once in first-appearance order
  EXPECT_EQ(inputs[2].path, beside(path, "pa.csv"));
  EXPECT_EQ(inputs[2].hash, fnv1a_hex(prior_a));
  EXPECT_EQ(inputs[3].path, beside(path, "more/pb.csv"));
  EXPECT_EQ(inputs[3].hash, fnv1a_hex(prior_b));
}

TEST(CampaignOptionsStudy, MissingFileInASweepListNamesItsElement) {
  // Line 4: prior_data = ["", "pa.csv", "nope.csv"] — "nope.csv" begins at column 29.
  std::string path =
      write_study(truth_block + "[[sweep]]\nprior_data = [\"\", \"pa.csv\", \"nope.csv\"]\n", {{"pa.csv", prior_a}});
  expect_error(path, path, "4:29",
               "data file not found: " + beside(path, "nope.csv") + " (paths are relative to the study file's folder)");
  // A file read once is blamed where the first configuration names it: the scalar of sweep 1 at 4:14.
  path = write_study(truth_block + "[[sweep]]\nprior_data = \"bad.csv\"\n[[sweep]]\nprior_data = [\"bad.csv\"]\n",
                     {{"bad.csv", "a,y\n0,1\n"}});
  expect_error(path, path, "4:14",
               beside(path, "bad.csv") + " has no column \"b\" (the truth's feature); available columns: \"a\", \"y\"");
}

TEST(CampaignOptionsStudy, SweptInitialDataFollowsTheInitDataRules) {
  const std::vector<std::pair<std::string, std::string>> files = {{"i1.csv", "a,b,y\n2,2,80\n0,1,10\n"},
                                                                  {"i2.csv", "a,b,y\n0,0,1\n1,1,2\n2,0,3\n"}};
  std::string path = write_study(
      truth_block +
          "[campaign]\ninit = \"data\"\nprior_data = \"i1.csv\"\n[[sweep]]\ninitial_data = [\"i1.csv\", \"i2.csv\"]\n",
      files);
  const LoadedStudy loaded = load_study(path);
  const auto& configurations = loaded.study.configurations;
  ASSERT_EQ(configurations.size(), 2u);
  EXPECT_EQ(configurations[0].settings.n_init, 2);  // each configuration takes its own file's rows
  EXPECT_EQ(configurations[1].settings.n_init, 3);
  EXPECT_EQ(configurations[0].settings.initial_data->pool_designs, (std::vector<Eigen::Index>{8, 1}));
  EXPECT_EQ(configurations[1].settings.initial_data->pool_designs, (std::vector<Eigen::Index>{0, 4, 6}));
  ASSERT_NE(configurations[1].settings.prior_data, nullptr);  // [campaign] prior_data is every configuration's
  EXPECT_EQ(configurations[1].settings.prior_data->values, (Eigen::VectorXd(2) << 80, 10).finished());
  // Initial-data files first, then prior data; i1.csv serves both roles but is one input.
  ASSERT_EQ(loaded.study.inputs.size(), 4u);
  EXPECT_EQ(loaded.study.inputs[2].path, beside(path, "i1.csv"));
  EXPECT_EQ(loaded.study.inputs[3].path, beside(path, "i2.csv"));

  // [campaign] initial_data stays with the init = "data" configurations only.
  path = write_study(truth_block + "[campaign]\ninitial_data = \"i1.csv\"\n[[sweep]]\ninit = [\"random\", \"data\"]\n",
                     files);
  const LoadedStudy mixed = load_study(path);
  EXPECT_EQ(mixed.study.configurations[0].settings.initial_data_file, "");
  EXPECT_EQ(mixed.study.configurations[0].settings.initial_data, nullptr);
  EXPECT_EQ(mixed.study.configurations[0].settings.n_init, 6);
  EXPECT_EQ(mixed.study.configurations[1].settings.initial_data_file, "i1.csv");
  EXPECT_EQ(mixed.study.configurations[1].settings.n_init, 2);

  // Line 5: initial_data = "i1.csv" in a [[sweep]] whose first configuration has init = "random".
  path = write_study(truth_block + "[[sweep]]\ninit = [\"random\", \"data\"]\ninitial_data = \"i1.csv\"\n", files);
  expect_error(path, path, "5:16",
               "configuration 0: initial_data is used only with init = \"data\", but init is \"random\"");
  // Line 6: initial_data = ["", "i1.csv"] with init = "data": the "" at column 17 leaves it without data.
  path =
      write_study(truth_block + "[campaign]\ninit = \"data\"\n[[sweep]]\ninitial_data = [\"\", \"i1.csv\"]\n", files);
  expect_error(path, path, "6:17", "configuration 0: init = \"data\" needs an initial_data file, not \"\"");
  // Line 5: n_init = 2 fits i1.csv (configuration 0) but not the 3 rows of i2.csv.
  path = write_study(
      truth_block + "[campaign]\ninit = \"data\"\nn_init = 2\n[[sweep]]\ninitial_data = [\"i1.csv\", \"i2.csv\"]\n",
      files);
  expect_error(path, path, "5:1",
               "configuration 1: n_init (2) differs from the 3 rows of initial_data; with init = \"data\" leave "
               "n_init out");
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
