// Tests of randomized factors: the draws of settings_for_run are reproducible, in range, stored in name order and
// distributed as declared.
#include <gtest/gtest.h>

#include <cmath>

#include "campaign/run_seeds.hpp"
#include "study/study_file.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

/// Configurations: 0, 1 (pi, ei with random delta); 2 (ucb with random beta0); 3 (ucb with random
/// epsilon and beta0, written in that order).
Study randomized_study() {
  return parse_study_text(
             "seed = 7\n[truth]\npath = \"d.csv\"\n"
             "[[sweep]]\nacquisition = [\"pi\", \"ei\"]\ndelta = {uniform = [0, 60]}\n"
             "[[sweep]]\nbeta0 = {loguniform = [0.1, 10]}\nacquisition = \"ucb\"\n"
             "[[sweep]]\nacquisition = \"ucb\"\nepsilon = {uniform = [0.5, 1]}\nbeta0 = {loguniform = [0.1, 10]}\n",
             "s.toml")
      .study;
}

TEST(RandomizedFactor, DrawsFollowTheFormulaOnTheRunsDrawSeed) {
  const Study study = randomized_study();
  ASSERT_EQ(study.randomized_factor_names, (std::vector<std::string>{"delta", "beta0", "epsilon"}));
  std::vector<double> drawn;
  const CampaignSettings settings = settings_for_run(study, study.configurations[1], 3, drawn);
  Rng expected(RunSeeds::derive(7, 1, 3).draws);
  const double delta = 0.0 + 60.0 * expected.uniform();
  ASSERT_EQ(drawn.size(), 3u);
  EXPECT_EQ(drawn[0], delta);
  EXPECT_TRUE(std::isnan(drawn[1]));
  EXPECT_TRUE(std::isnan(drawn[2]));
  EXPECT_EQ(settings.acquisition_parameters.delta, delta);
  EXPECT_EQ(settings.acquisition, AcquisitionKind::expected_improvement);
}

TEST(RandomizedFactor, SeveralFactorsAreDrawnInStudyNameOrder) {
  const Study study = randomized_study();
  std::vector<double> drawn;
  // Sweep 3 writes epsilon before beta0; the draws still go beta0 then epsilon (the names' order).
  const CampaignSettings settings = settings_for_run(study, study.configurations[3], 0, drawn);
  Rng expected(RunSeeds::derive(7, 3, 0).draws);
  const double beta0 = std::exp(std::log(0.1) + (std::log(10.0) - std::log(0.1)) * expected.uniform());
  const double epsilon = 0.5 + 0.5 * expected.uniform();
  EXPECT_TRUE(std::isnan(drawn[0]));
  EXPECT_EQ(drawn[1], beta0);
  EXPECT_EQ(drawn[2], epsilon);
  EXPECT_EQ(settings.acquisition_parameters.beta0, beta0);
  EXPECT_EQ(settings.acquisition_parameters.epsilon, epsilon);
}

TEST(RandomizedFactor, SameRunSameDrawsOtherRunsOtherDraws) {
  const Study study = randomized_study();
  std::vector<double> first, again, next_repeat, other_configuration;
  settings_for_run(study, study.configurations[0], 5, first);
  settings_for_run(study, study.configurations[0], 5, again);
  settings_for_run(study, study.configurations[0], 6, next_repeat);
  settings_for_run(study, study.configurations[1], 5, other_configuration);
  EXPECT_EQ(first[0], again[0]);
  EXPECT_NE(first[0], next_repeat[0]);
  EXPECT_NE(first[0], other_configuration[0]);
}

TEST(RandomizedFactor, UnrandomizedConfigurationKeepsItsSettings) {
  const Study study = parse_study_text("[truth]\npath = \"d.csv\"\n[campaign]\ndelta = 4\n", "s.toml").study;
  std::vector<double> drawn{1.0, 2.0};
  const CampaignSettings settings = settings_for_run(study, study.configurations[0], 0, drawn);
  EXPECT_TRUE(drawn.empty());
  EXPECT_EQ(settings.acquisition_parameters.delta, 4.0);
}

// Over 4000 repeats the sample mean of uniform(0, 60) has standard error
// 60/√12/√4000 ≈ 0.27, and that of log10 of loguniform(0.1, 10) has 2/√12/√4000 ≈ 0.0091;
// the tolerances are 4 standard errors.
TEST(RandomizedFactor, DrawsAreInRangeAndDistributedAsDeclared) {
  const Study study = randomized_study();
  constexpr int repeats = 4000;
  double delta_sum = 0.0, log_beta0_sum = 0.0;
  std::vector<double> drawn;
  for (std::uint32_t repeat = 0; repeat < repeats; ++repeat) {
    settings_for_run(study, study.configurations[0], repeat, drawn);
    ASSERT_GE(drawn[0], 0.0);
    ASSERT_LT(drawn[0], 60.0);
    delta_sum += drawn[0];
    settings_for_run(study, study.configurations[2], repeat, drawn);
    ASSERT_GE(drawn[1], 0.1);
    ASSERT_LE(drawn[1], 10.0);
    log_beta0_sum += std::log10(drawn[1]);
  }
  EXPECT_NEAR(delta_sum / repeats, 30.0, 4 * 0.274);
  EXPECT_NEAR(log_beta0_sum / repeats, 0.0, 4 * 0.0091);
}

}  // namespace
}  // namespace bosim
