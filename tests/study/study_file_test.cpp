// Tests of the study file parser: defaults, sweep expansion order and values, and every kind of input error with its
// position.
#include "study/study_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "common/file_hash.hpp"
#include "parse_errors.hpp"
#include "study/campaign_parameters.hpp"
#include "study/parameter_input.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

const std::string truth_block = "[truth]\npath = \"data.csv\"\n";  // lines 1–2 of most studies below

using testing::expect_error;
using testing::parse;

double real_of(const CampaignSettings& settings, const std::string& name) {
  return std::get<double>(find_campaign_parameter(name)->get(settings));
}
std::string text_of(const CampaignSettings& settings, const std::string& name) {
  return std::get<std::string>(find_campaign_parameter(name)->get(settings));
}

TEST(StudyFile, StoreTrajectoriesDefaultsToTrueAndMustBeABoolean) {
  EXPECT_TRUE(parse(truth_block).study.store_trajectories);
  EXPECT_FALSE(parse("store_trajectories = false\n" + truth_block).study.store_trajectories);
  expect_error("store_trajectories = \"no\"\n" + truth_block, "1:22",
               "'store_trajectories' must be true or false (got a string)");
}

TEST(StudyFile, NoSweepGivesOneConfigurationOfTheDefaults) {
  const ParsedStudy parsed = parse(truth_block);
  const Study& study = parsed.study;
  EXPECT_EQ(study.name, "s");
  EXPECT_EQ(study.seed, 0u);
  EXPECT_EQ(study.repeats, 1u);
  EXPECT_EQ(study.toml_text, truth_block);
  ASSERT_EQ(study.inputs.size(), 1u);
  EXPECT_EQ(study.inputs[0].path, "s.toml");
  EXPECT_EQ(study.inputs[0].hash, fnv1a_hex(truth_block));
  ASSERT_EQ(study.configurations.size(), 1u);
  const Configuration& only = study.configurations[0];
  EXPECT_EQ(only.config_id, 0u);
  EXPECT_EQ(only.sweep_index, 0);
  EXPECT_TRUE(only.randomized.empty());
  const CampaignSettings defaults;
  for (const auto& parameter : campaign_parameters())
    EXPECT_EQ(parameter.get(only.settings), parameter.get(defaults)) << parameter.name;
  EXPECT_TRUE(study.swept_factor_names.empty());
  EXPECT_TRUE(study.randomized_factor_names.empty());
  EXPECT_EQ(study.total_runs(), 1u);
}

TEST(StudyFile, HeaderCampaignAndModelValuesApply) {
  const ParsedStudy parsed = parse("name = \"p3ht-ei\"\nseed = 42\nrepeats = 100\n" + truth_block +
                                   "[campaign]\nacquisition = \"ucb\"\nbeta0 = 3\nn_init = 4\n"
                                   "continue_after_optimum = true\n"
                                   "[model]\nkernel = \"matern52\"\nrestarts = 0\npredictive = \"latent\"\n");
  const Study& study = parsed.study;
  EXPECT_EQ(study.name, "p3ht-ei");
  EXPECT_EQ(study.seed, 42u);
  EXPECT_EQ(study.repeats, 100u);
  EXPECT_EQ(study.total_runs(), 100u);
  const CampaignSettings& settings = study.configurations.at(0).settings;
  EXPECT_EQ(settings.acquisition, AcquisitionKind::upper_confidence_bound);
  EXPECT_EQ(settings.acquisition_parameters.beta0, 3.0);  // an integer is accepted for a real parameter
  EXPECT_EQ(settings.n_init, 4);
  EXPECT_TRUE(settings.continue_after_optimum);
  EXPECT_EQ(settings.kernel, KernelKind::matern52);
  EXPECT_EQ(settings.restarts, 0);
  EXPECT_FALSE(settings.predict_observation);
  // Later checks point at the key that set a value, else at the [campaign] table.
  EXPECT_EQ(parsed.origins.at(0).of("n_init").line, 9);
  EXPECT_EQ(parsed.origins.at(0).of("restarts").line, 13);
  EXPECT_EQ(parsed.origins.at(0).of("budget").line, 6);
}

TEST(StudyFile, DatasetPathIsRelativeToTheStudyFolder) {
  EXPECT_EQ(parse_study_text("[truth]\npath = \"../data/x.csv\"\n", "studies/a/s.toml").study.dataset.path,
            "studies/data/x.csv");
  EXPECT_EQ(parse_study_text("[truth]\npath = \"x.csv\"\n", "/abs/s.toml").study.dataset.path, "/abs/x.csv");
  EXPECT_EQ(parse_study_text("[truth]\npath = \"/data/x.csv\"\n", "studies/s.toml").study.dataset.path, "/data/x.csv");
  EXPECT_EQ(parse("[truth]\npath = \"x.csv\"\n").study.dataset.path, "x.csv");
  EXPECT_EQ(parse("[truth]\npath = \"x.csv\"\n").truth_path_where.line, 2);
}

TEST(StudyFile, TruthOptionsAndFeatureOverrides) {
  const ParsedStudy parsed = parse(
      "[truth]\nkind = \"dataset\"\npath = \"d.csv\"\nfeatures = [\"a\", \"b\"]\nobjective = \"y\"\n"
      "exclude = [\"\"]\ngoal = \"minimize\"\nreplicates = \"sample\"\n"
      "[[truth.feature]]\nname = \"a\"\nstep = 0.01\n"
      "[[truth.feature]]\nname = \"b\"\nlower = 1\nupper = 100\nlog_scale = true\n");
  const DatasetSpec& spec = parsed.study.dataset;
  EXPECT_EQ(spec.features, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(spec.objective, "y");
  EXPECT_EQ(spec.exclude, std::vector<std::string>{""});
  EXPECT_EQ(spec.goal, Goal::minimize);
  EXPECT_EQ(spec.replicates, ReplicatePolicy::sample);
  EXPECT_EQ(spec.features_where.line, 4);
  EXPECT_EQ(spec.features_where.column, 12);
  EXPECT_EQ(spec.objective_where.line, 5);
  ASSERT_EQ(spec.feature_overrides.size(), 2u);
  EXPECT_EQ(spec.feature_overrides[0].name, "a");
  EXPECT_EQ(spec.feature_overrides[0].step, 0.01);
  EXPECT_FALSE(spec.feature_overrides[0].lower.has_value());
  EXPECT_EQ(spec.feature_overrides[0].where.line, 10);
  EXPECT_EQ(spec.feature_overrides[1].lower, 1.0);
  EXPECT_EQ(spec.feature_overrides[1].upper, 100.0);
  EXPECT_TRUE(spec.feature_overrides[1].log_scale);
}

TEST(StudyFile, SweepsExpandInFileOrderWithTheFirstFactorSlowest) {
  const ParsedStudy parsed = parse(truth_block +
                                   "[[sweep]]\nacquisition = [\"pi\", \"ei\"]\ndelta = {linspace = [0, 60, 7]}\n"
                                   "[[sweep]]\nacquisition = \"ucb\"\nbeta0 = [0.5, 1.5, 3.0]\n"
                                   "epsilon = {logspace = [-2, 0, 3]}\n");
  const auto& configurations = parsed.study.configurations;
  ASSERT_EQ(configurations.size(), 2u * 7u + 3u * 3u);
  for (std::uint32_t k = 0; k < 14; ++k) {
    EXPECT_EQ(configurations[k].config_id, k);
    EXPECT_EQ(configurations[k].sweep_index, 0);
    EXPECT_EQ(text_of(configurations[k].settings, "acquisition"), k < 7 ? "pi" : "ei");
    EXPECT_EQ(real_of(configurations[k].settings, "delta"), 10.0 * (k % 7));
  }
  const double beta0[] = {0.5, 1.5, 3.0};
  const double epsilon[] = {0.01, 0.1, 1.0};  // exact: integral exponents give correctly rounded powers
  for (std::uint32_t k = 0; k < 9; ++k) {
    const Configuration& configuration = configurations[14 + k];
    EXPECT_EQ(configuration.config_id, 14 + k);
    EXPECT_EQ(configuration.sweep_index, 1);
    EXPECT_EQ(configuration.settings.acquisition, AcquisitionKind::upper_confidence_bound);
    EXPECT_EQ(configuration.settings.acquisition_parameters.beta0, beta0[k / 3]);
    EXPECT_EQ(configuration.settings.acquisition_parameters.epsilon, epsilon[k % 3]);
    EXPECT_EQ(configuration.settings.acquisition_parameters.delta, 0.0);  // not swept here: the default
  }
  EXPECT_EQ(parsed.study.swept_factor_names, (std::vector<std::string>{"acquisition", "delta", "beta0", "epsilon"}));
  EXPECT_TRUE(parsed.study.randomized_factor_names.empty());
  EXPECT_EQ(parsed.origins[3].of("delta").line, 5);
  EXPECT_EQ(parsed.origins[20].of("epsilon").line, 9);
  EXPECT_EQ(parsed.origins[20].of("n_init").line, 6);  // the [[sweep]] table
}

TEST(StudyFile, FactorOrderFollowsTheFileNotTheAlphabet) {
  const ParsedStudy parsed = parse(truth_block + "[[sweep]]\nrestarts = [0, 1]\nbeta0 = [1, 2, 3]\n");
  const auto& configurations = parsed.study.configurations;
  ASSERT_EQ(configurations.size(), 6u);
  for (std::size_t k = 0; k < 6; ++k) {
    EXPECT_EQ(configurations[k].settings.restarts, static_cast<int>(k / 3));
    EXPECT_EQ(configurations[k].settings.acquisition_parameters.beta0, static_cast<double>(k % 3 + 1));
  }
}

TEST(StudyFile, SweepOverridesCampaignDefaultsAndKeepsTheRest) {
  const ParsedStudy parsed =
      parse(truth_block + "[campaign]\nn_init = 3\ndelta = 5\n[[sweep]]\ndelta = [1, 2]\n[[sweep]]\n");
  const auto& configurations = parsed.study.configurations;
  ASSERT_EQ(configurations.size(), 3u);  // an empty [[sweep]] adds the defaults once
  EXPECT_EQ(configurations[0].settings.acquisition_parameters.delta, 1.0);
  EXPECT_EQ(configurations[1].settings.acquisition_parameters.delta, 2.0);
  EXPECT_EQ(configurations[2].settings.acquisition_parameters.delta, 5.0);
  for (const auto& configuration : configurations) EXPECT_EQ(configuration.settings.n_init, 3);
  EXPECT_EQ(configurations[2].sweep_index, 1);
}

TEST(StudyFile, IdenticalConfigurationsFromOverlappingSweepsAreKept) {
  const ParsedStudy parsed = parse(truth_block +
                                   "[[sweep]]\nacquisition = [\"ei\", \"pi\"]\n"
                                   "[[sweep]]\nacquisition = \"ei\"\n");
  ASSERT_EQ(parsed.study.configurations.size(), 3u);
  EXPECT_EQ(parsed.study.configurations[0].settings.acquisition, parsed.study.configurations[2].settings.acquisition);
  EXPECT_EQ(parsed.study.configurations[2].config_id, 2u);
}

TEST(StudyFile, IntegerParametersTakeIntegralSpacedValues) {
  const ParsedStudy parsed = parse(truth_block +
                                   "[[sweep]]\nn_init = {linspace = [2, 10, 5]}\n"
                                   "[[sweep]]\nrestarts = {logspace = [0, 2, 3]}\n");
  const auto& configurations = parsed.study.configurations;
  ASSERT_EQ(configurations.size(), 8u);
  for (int k = 0; k < 5; ++k) EXPECT_EQ(configurations[static_cast<size_t>(k)].settings.n_init, 2 + 2 * k);
  EXPECT_EQ(configurations[5].settings.restarts, 1);
  EXPECT_EQ(configurations[6].settings.restarts, 10);
  EXPECT_EQ(configurations[7].settings.restarts, 100);
}

TEST(StudyFile, LinspaceAndLogspaceValues) {
  EXPECT_EQ(linspace(0, 60, 7), (std::vector<double>{0, 10, 20, 30, 40, 50, 60}));
  EXPECT_EQ(linspace(1, 0, 3), (std::vector<double>{1, 0.5, 0}));
  EXPECT_EQ(linspace(4, 9, 1), std::vector<double>{4});
  EXPECT_EQ(logspace(-3, 1, 5), (std::vector<double>{0.001, 0.01, 0.1, 1, 10}));
  const auto halves = logspace(0, 1, 3);
  EXPECT_DOUBLE_EQ(halves[1], std::sqrt(10.0));
}

TEST(StudyFile, RandomizedFactorsAreRecordedPerConfiguration) {
  const ParsedStudy parsed = parse(truth_block +
                                   "[[sweep]]\nacquisition = [\"pi\", \"ei\"]\n"
                                   "delta = {uniform = [0, 60]}\n"
                                   "[[sweep]]\nacquisition = \"ucb\"\nbeta0 = {loguniform = [0.1, 10]}\n"
                                   "epsilon = {uniform = [0.5, 1]}\n");
  const Study& study = parsed.study;
  ASSERT_EQ(study.configurations.size(), 3u);
  EXPECT_EQ(study.randomized_factor_names, (std::vector<std::string>{"delta", "beta0", "epsilon"}));
  EXPECT_EQ(study.swept_factor_names, (std::vector<std::string>{"acquisition", "delta", "beta0", "epsilon"}));
  for (int k = 0; k < 2; ++k) {
    const auto& randomized = study.configurations[static_cast<size_t>(k)].randomized;
    ASSERT_EQ(randomized.size(), 1u);
    EXPECT_EQ(randomized[0].name, "delta");
    EXPECT_EQ(randomized[0].describe(), "uniform(0, 60)");
  }
  const auto& ucb = study.configurations[2].randomized;
  ASSERT_EQ(ucb.size(), 2u);
  EXPECT_EQ(ucb[0].distribution, RandomizedFactor::Distribution::loguniform);
  EXPECT_EQ(ucb[0].describe(), "loguniform(0.1, 10)");
  EXPECT_EQ(ucb[1].describe(), "uniform(0.5, 1)");
}

TEST(StudyFile, ListedInitialDesigns) {
  const ParsedStudy parsed = parse(truth_block +
                                   "[campaign]\ninit = \"list\"\nn_init = 2\n"
                                   "initial_designs = [[0.5, 0.1, 2.0],\n                   [1, 2, 3]]\n");
  const auto& designs = parsed.study.configurations.at(0).settings.listed_initial_designs;
  EXPECT_EQ(designs, (std::vector<std::vector<double>>{{0.5, 0.1, 2.0}, {1, 2, 3}}));
  ASSERT_EQ(parsed.initial_design_where.size(), 2u);
  EXPECT_EQ(parsed.initial_design_where[1].line, 7);
  EXPECT_EQ(parsed.initial_design_where[1].column, 20);
}

TEST(StudyFile, DocumentedExampleParsesAsDescribed) {
  const std::string document = read_file_bytes(BOSIM_SOURCE_DIR "/docs/study-format.md");
  const std::string fence = "```toml\n";
  const auto start = document.find(fence);
  ASSERT_NE(start, std::string::npos) << "docs/study-format.md lost its example";
  const auto end = document.find("```", start + fence.size());
  const ParsedStudy parsed =
      parse_study_text(document.substr(start + fence.size(), end - start - fence.size()), "studies/p3ht.toml");
  const Study& study = parsed.study;
  EXPECT_EQ(study.name, "p3ht-ei");
  EXPECT_EQ(study.dataset.path, "data/p3ht.csv");
  ASSERT_EQ(study.configurations.size(), 14u + 9u + 2u);
  EXPECT_EQ(study.configurations[22].settings.acquisition_parameters.epsilon, 1.0);
  EXPECT_EQ(study.configurations[24].randomized.at(0).describe(), "uniform(0, 60)");
  EXPECT_EQ(study.configurations[0].settings.listed_initial_designs.size(), 3u);
  EXPECT_EQ(study.randomized_factor_names, std::vector<std::string>{"delta"});
}

// ---- errors, each with its exact position ----

TEST(StudyFileErrors, ParseErrorKeepsTomlPosition) {
  expect_error("seed = 42\nrepeats = \n", "2:11", "Error while parsing key-value pair: expected value, saw '\\n'");
}

TEST(StudyFileErrors, UnknownKeysSuggestTheClosest) {
  expect_error(truth_block + "[[sweep]]\nacquisition = \"pi\"\n  dleta = [1, 2]\n", "5:3",
               "unknown key 'dleta' in [[sweep]]; did you mean 'delta'?");
  expect_error("repeat = 3\n" + truth_block, "1:1", "unknown key 'repeat' in the top level; did you mean 'repeats'?");
  expect_error(truth_block + "objectve = \"y\"\n", "3:1",
               "unknown key 'objectve' in [truth] of kind \"dataset\"; did you mean 'objective'?");
  expect_error(truth_block + "[[truth.feature]]\nname = \"a\"\nstepp = 1\n", "5:1",
               "unknown key 'stepp' in [[truth.feature]]; did you mean 'step'?");
  expect_error(truth_block + "[campaign]\nn_inti = 3\n", "4:1",
               "unknown key 'n_inti' in [campaign]; did you mean 'n_init'?");
  expect_error(truth_block + "[model]\nzzz = 3\n", "4:1",
               "unknown key 'zzz' in [model]");  // nothing close: no suggestion
  expect_error(truth_block + "[[sweep]]\ndelta = {linspce = [0, 1, 2]}\n", "4:10",
               "unknown key 'linspce' in the value of 'delta'; did you mean 'linspace'?");
}

TEST(StudyFileErrors, ParameterInTheWrongSection) {
  expect_error(truth_block + "[campaign]\nkernel = \"se\"\n", "4:1",
               "'kernel' belongs in [model] (or in a [[sweep]] table), not in [campaign]");
  expect_error("delta = 1\n" + truth_block, "1:1",
               "'delta' belongs in [campaign] (or in a [[sweep]] table), not in the top level");
  expect_error(truth_block + "[[sweep]]\ninitial_designs = [[1]]\n", "4:1",
               "'initial_designs' cannot be swept; give it in [campaign]");
}

TEST(StudyFileErrors, WrongTypes) {
  expect_error(truth_block + "[campaign]\nn_init = 6.0\n", "4:10",
               "'n_init' must be an integer (got a floating-point number)");
  expect_error("repeats = \"10\"\n" + truth_block, "1:11", "'repeats' must be an integer (got a string)");
  expect_error(truth_block + "[campaign]\ncontinue_after_optimum = 1\n", "4:26",
               "'continue_after_optimum' must be true or false (got an integer)");
  expect_error(truth_block + "[[sweep]]\ndelta = [1, \"x\"]\n", "4:13", "'delta' must be a number (got a string)");
  expect_error(truth_block + "[campaign]\ndelta = [1, 2]\n", "4:9",
               "'delta' in [campaign] takes one value; sweep or randomize it in a [[sweep]] table");
  expect_error(truth_block + "[sweep]\ndelta = 1\n", "3:1",
               "'sweep' must be an array of tables: write each one as [[sweep]]");
  expect_error("[truth]\npath = 3\n", "2:8", "'path' must be a string (got an integer)");
}

TEST(StudyFileErrors, BadChoicesListTheValidOnes) {
  expect_error(truth_block + "[campaign]\nacquisition = \"eii\"\n", "4:15",
               "'eii' is not a valid acquisition; choose one of: pi, ei, ucb, random, exploration, thompson, "
               "mean-variance; did you mean 'ei'?");
  // Names are case-sensitive; the suggestion ignores case ("EI" used to suggest 'pi', tied at distance 2).
  expect_error(truth_block + "[campaign]\nacquisition = \"EI\"\n", "4:15",
               "'EI' is not a valid acquisition; choose one of: pi, ei, ucb, random, exploration, thompson, "
               "mean-variance; did you mean 'ei'?");
  expect_error(truth_block + "[[sweep]]\nacquisition = [\"ei\", \"UCB\"]\n", "4:22",
               "'UCB' is not a valid acquisition; choose one of: pi, ei, ucb, random, exploration, thompson, "
               "mean-variance; did you mean 'ucb'?");
  expect_error(truth_block + "[campaign]\nDelta = 3\n", "4:1",
               "unknown key 'Delta' in [campaign]; did you mean 'delta'?");
  expect_error(truth_block + "goal = \"max\"\n", "3:8", "'max' is not a valid goal; choose one of: maximize, minimize");
  expect_error("[truth]\nkind = \"datset\"\npath = \"d.csv\"\n", "2:8",
               "unknown truth kind 'datset'; valid kinds: dataset, nucleation-layer, function, emulator, expression, "
               "command; did you mean "
               "'dataset'?");
}

TEST(StudyFileErrors, OutOfRangeValuesNameTheKey) {
  expect_error(truth_block + "[campaign]\nepsilon = 0\n", "4:11", "'epsilon' must be a finite number > 0 (got 0)");
  expect_error(truth_block + "[model]\nrestarts = -1\n", "4:12", "'restarts' must be an integer >= 0 (got -1)");
  expect_error(truth_block + "[[sweep]]\nn_init = [3, 0]\n", "4:14", "'n_init' must be an integer >= 1 (got 0)");
  expect_error(truth_block + "[[sweep]]\nalpha = {linspace = [0, 1, 3]}\n", "4:21",
               "'alpha' must be strictly between 0 and 1 (got 0)");
  expect_error(truth_block + "[campaign]\nbudget = 3000000000\n", "4:10", "'budget' is too large (got 3000000000)");
  expect_error("seed = -1\n" + truth_block, "1:8", "'seed' must be an integer >= 0");
  expect_error("repeats = 0\n" + truth_block, "1:11",
               "'repeats' must be an integer between 1 and " + std::to_string(max_total_runs) +
                   " (the most runs a study may have)");
  expect_error(truth_block + "[[truth.feature]]\nname = \"a\"\nstep = 0\n", "5:8", "'step' must be > 0");
}

TEST(StudyFileErrors, BadSpacedValues) {
  expect_error(truth_block + "[[sweep]]\ndelta = {linspace = [0, 1]}\n", "4:21",
               "linspace needs [start, stop, count] for 'delta'");
  expect_error(truth_block + "[[sweep]]\ndelta = {linspace = [0, 1, 0]}\n", "4:28",
               "linspace count must be between 1 and 10000 (got 0)");
  expect_error(truth_block + "[[sweep]]\ndelta = {logspace = [0, 1, 2.5]}\n", "4:28",
               "'logspace count' must be an integer (got a floating-point number)");
  expect_error(truth_block + "[[sweep]]\nn_init = {linspace = [1, 2, 3]}\n", "4:22",
               "linspace gives the non-integer value 1.5 for the integer parameter 'n_init'");
  expect_error(truth_block + "[[sweep]]\nkernel = {linspace = [1, 2, 3]}\n", "4:22",
               "linspace needs a numeric parameter; 'kernel' takes words");
  expect_error(truth_block + "[[sweep]]\ndelta = {linspace = [0, 1, 2], uniform = [0, 1]}\n", "4:9",
               "give exactly one of linspace, logspace, uniform, loguniform for 'delta'");
  expect_error(truth_block + "[[sweep]]\ndelta = []\n", "4:9", "empty list of values for 'delta'");
}

TEST(StudyFileErrors, BadRandomizedFactors) {
  expect_error(truth_block + "[[sweep]]\nrestarts = {uniform = [0, 3]}\n", "4:23",
               "'restarts' cannot be randomized; uniform is allowed for: delta, beta0, epsilon, alpha");
  expect_error(truth_block + "[[sweep]]\ndelta = {uniform = [5, 5]}\n", "4:20",
               "uniform needs lower < upper for 'delta' (got uniform(5, 5))");
  expect_error(truth_block + "[[sweep]]\ndelta = {loguniform = [0, 5]}\n", "4:23",
               "loguniform needs lower > 0 for 'delta' (got loguniform(0, 5))");
  expect_error(truth_block + "[[sweep]]\nepsilon = {uniform = [0, 2]}\n", "4:23",
               "'epsilon' must be a finite number > 0 (got 0)");
  expect_error(truth_block + "[[sweep]]\nbeta0 = {uniform = [1]}\n", "4:20",
               "uniform needs [lower, upper] for 'beta0'");
}

TEST(StudyFileErrors, MissingOrIncompleteTruth) {
  try {
    parse("seed = 1\n");
    ADD_FAILURE() << "a study without [truth] was accepted";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "s.toml: error: the study needs a [truth] table, e.g. kind = \"dataset\" with path = \"data.csv\", or "
              "kind = \"nucleation-layer\"");
  }
  expect_error("[truth]\nobjective = \"y\"\n", "1:1",
               "[truth] needs path = \"…\": the dataset CSV, relative to the study file's folder");
  expect_error(truth_block + "[[truth.feature]]\nstep = 1\n", "3:1",
               "[[truth.feature]] needs name = \"…\" (a feature of the truth)");
  expect_error(truth_block + "[[truth.feature]]\nname = \"a\"\n[[truth.feature]]\nname = \"a\"\n", "6:8",
               "feature 'a' is overridden twice in [[truth.feature]]");
  expect_error(truth_block + "[[truth.feature]]\nname = \"a\"\nlower = 2\nupper = 1\n", "4:8",
               "feature 'a': lower must be less than upper");
}

TEST(StudyFileErrors, CrossFieldRulesPointAtTheKeyOrTheSweep) {
  expect_error(truth_block + "[model]\nlengthscale_min = 2\nlengthscale_max = 1\n", "4:1",
               "configuration 0: lengthscale_min (2) must be less than lengthscale_max (1)");
  expect_error(truth_block + "[[sweep]]\nnoise_variance_max = [0.5, 1e-7]\n", "4:1",
               "configuration 1: noise_variance_min (1e-06) must be less than noise_variance_max (1e-07)");
  expect_error(
      truth_block + "[campaign]\ninit = \"list\"\n", "4:1",
      "configuration 0: init = \"list\" needs initial_designs in [campaign]: n_init rows of raw feature values");
  expect_error(truth_block + "[campaign]\ninit = \"list\"\ninitial_designs = [[1, 2]]\n", "5:1",
               "configuration 0: initial_designs lists 1 designs but n_init is 6");
  expect_error(truth_block + "[campaign]\ninit = \"list\"\ninitial_designs = [[1, 2]]\n[[sweep]]\nn_init = [1, 2]\n",
               "7:1", "configuration 1: initial_designs lists 1 designs but n_init is 2");
  expect_error(truth_block + "[campaign]\ninitial_designs = [[1, 2], [3]]\n", "4:28",
               "initial design 2 has 1 values but initial design 1 has 2");
  expect_error(truth_block + "[campaign]\ninitial_designs = [[1, 2]]\n", "4:1",
               "initial_designs is used only with init = \"list\", which no configuration sets");
  expect_error(truth_block + "[campaign]\nn_init = 5\n[[sweep]]\nbudget = [0, 4]\n", "6:1",
               "configuration 1: budget (4) must be at least n_init (5) or 0 for no limit");
}

}  // namespace
}  // namespace bosim
