// `bosim validate` as a guide to hyperparameters: objective range, measurement spread, fixed values, warnings
// about factors an acquisition ignores, case-insensitive suggestions.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "test_support.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;

/// Designs x = 1, 2, 3 with replicates {10, 14}, {20, 20, 26}, {30}: means 12, 22, 30; sample SDs
/// √8 = 2.828427 and √12 = 3.464102, mean over the two designs with replicates 3.146264.
const std::string replicate_csv = "x,y\n1,10\n1,14\n2,20\n2,20\n2,26\n3,30\n";

struct Validated {
  int exit_code;
  std::string output;
};

Validated validate(const std::string& name, const std::string& study_text) {
  const fs::path folder = testing::scratch_folder("validate_" + name);
  testing::write_text_file(folder / "data.csv", replicate_csv);
  testing::write_text_file(folder / "study.toml", study_text);
  const fs::path log = folder / "validate.log";
  const std::string command = std::string(BOSIM_BINARY_DIR) + "/apps/bosim validate " +
                              (folder / "study.toml").string() + " > " + log.string() + " 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(log);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1,
          {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()}};
}

std::string dataset_study(const std::string& replicates, const std::string& rest) {
  return "name = \"v\"\n[truth]\npath = \"data.csv\"\nreplicates = \"" + replicates + "\"\n" + rest;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(ValidateCommand, DatasetRangeAndReplicateSpread) {
  const Validated sampled = validate("sample", dataset_study("sample", "[campaign]\nn_init = 1\n"));
  ASSERT_EQ(sampled.exit_code, 0) << sampled.output;
  EXPECT_TRUE(contains(sampled.output, "range      12 to 30 (expected values of the 3 designs; span 18)"))
      << sampled.output;
  EXPECT_TRUE(contains(sampled.output, "spread     3.146: mean within-design SD of the replicates (2 of 3 designs"))
      << sampled.output;

  // Under "mean" a campaign sees no spread, but the data's own spread is still shown.
  const Validated means = validate("mean", dataset_study("mean", "[campaign]\nn_init = 1\n"));
  ASSERT_EQ(means.exit_code, 0) << means.output;
  EXPECT_TRUE(contains(means.output, "spread     0: none: replicates = \"mean\"")) << means.output;
  EXPECT_TRUE(contains(means.output, "own spread is 3.146 (2 of 3 designs)")) << means.output;

  // Gaussian noise adds in quadrature: √(3.146264² + 4²) = 5.089.
  const Validated noisy =
      validate("noisy",
               "name = \"v\"\n[truth]\npath = \"data.csv\"\nreplicates = \"sample\"\nnoise = {sd = 4.0}\n"
               "[campaign]\nn_init = 1\n");
  ASSERT_EQ(noisy.exit_code, 0) << noisy.output;
  EXPECT_TRUE(contains(noisy.output, "spread     5.089: absolute noise sd 4, combined with 3.146")) << noisy.output;
}

TEST(ValidateCommand, DeltaHintOnlyWhereDeltaIsUsed) {
  const Validated ei = validate("hint_ei", dataset_study("sample", "[campaign]\nn_init = 1\n"));
  EXPECT_TRUE(contains(ei.output, "delta is in the objective's units")) << ei.output;
  const Validated ucb =
      validate("hint_ucb", dataset_study("sample", "[campaign]\nn_init = 1\nacquisition = \"ucb\"\n"));
  ASSERT_EQ(ucb.exit_code, 0) << ucb.output;
  EXPECT_FALSE(contains(ucb.output, "delta is in the objective's units")) << ucb.output;
}

TEST(ValidateCommand, RelativeNoiseSpreadIsAtTheMeanMagnitude) {
  // 0.1 × mean |12, 22, 30| = 2.1333; √(3.146264² + 2.1333²) = 3.8013.
  const Validated relative = validate("relative", dataset_study("sample",
                                                                "noise = {sd = 0.1, kind = \"relative\"}\n"
                                                                "[campaign]\nn_init = 1\n"));
  ASSERT_EQ(relative.exit_code, 0) << relative.output;
  EXPECT_TRUE(contains(relative.output, "spread     3.801: relative noise sd 0.1 x mean |value| = 2.133, combined"))
      << relative.output;
}

TEST(ValidateCommand, OtherTruthsSpread) {
  const std::string branin = "name = \"f\"\n[truth]\nkind = \"function\"\nfunction = \"branin\"\npool_size = 64\n";
  const Validated exact = validate("exact", branin);
  ASSERT_EQ(exact.exit_code, 0) << exact.output;
  EXPECT_TRUE(contains(exact.output, "spread     0: none: measurements are exact")) << exact.output;
  const Validated noisy = validate("function_noise", branin + "noise = {sd = 2.5}\n");
  ASSERT_EQ(noisy.exit_code, 0) << noisy.output;
  EXPECT_TRUE(contains(noisy.output, "spread     2.5: absolute noise sd 2.5\n")) << noisy.output;
}

TEST(ValidateCommand, FixedValuesAndUnusedFactors) {
  const Validated fixed =
      validate("fixed", dataset_study("sample",
                                      "[campaign]\nn_init = 1\ndelta = 30\n[model]\nrestarts = 0\n"
                                      "[[sweep]]\nacquisition = [\"ei\", \"ucb\"]\nbeta0 = [1, 2]\n"));
  ASSERT_EQ(fixed.exit_code, 0) << fixed.output;
  EXPECT_TRUE(contains(fixed.output, "fixed      n_init = 1, delta = 30, restarts = 0\n")) << fixed.output;
  // beta0 means nothing to EI: configurations 0 and 1 are the same campaign.
  EXPECT_TRUE(contains(fixed.output,
                       "warning: beta0 takes 2 values in configurations with acquisition ei, which does not use it\n"))
      << fixed.output;
  EXPECT_TRUE(contains(fixed.output, "warning: configuration 1 has the settings of configuration 0")) << fixed.output;
  EXPECT_FALSE(contains(fixed.output, "configuration 3 has")) << fixed.output;

  const Validated unused =
      validate("unused", dataset_study("sample", "[campaign]\nn_init = 1\nacquisition = \"ucb\"\ndelta = 30\n"));
  ASSERT_EQ(unused.exit_code, 0) << unused.output;
  EXPECT_TRUE(contains(unused.output, "warning: [campaign] delta = 30 is used by none of this study's acquisitions"))
      << unused.output;

  const Validated drawn =
      validate("drawn", dataset_study("sample",
                                      "[campaign]\nn_init = 1\n[[sweep]]\nacquisition = [\"ei\", \"ucb\"]\n"
                                      "delta = {uniform = [0, 60]}\n"));
  ASSERT_EQ(drawn.exit_code, 0) << drawn.output;
  EXPECT_TRUE(contains(drawn.output,
                       "warning: delta is randomized in configurations with acquisition ucb, which does not use it\n"))
      << drawn.output;
  EXPECT_FALSE(contains(drawn.output, "delta takes")) << drawn.output;

  const Validated clean =
      validate("clean", dataset_study("sample", "[campaign]\nn_init = 1\n[[sweep]]\ndelta = [0, 5]\n"));
  ASSERT_EQ(clean.exit_code, 0) << clean.output;
  EXPECT_FALSE(contains(clean.output, "warning")) << clean.output;
}

TEST(ValidateCommand, SuggestionsIgnoreCase) {
  const Validated upper = validate("upper", dataset_study("sample", "[campaign]\nacquisition = \"EI\"\n"));
  EXPECT_EQ(upper.exit_code, 2) << upper.output;
  EXPECT_TRUE(contains(upper.output, "'EI' is not a valid acquisition")) << upper.output;
  EXPECT_TRUE(contains(upper.output, "did you mean 'ei'?")) << upper.output;
}

}  // namespace
}  // namespace bosim
