// The [racing] table: defaults, every key's range and type at its file:line:column, repeats vs max_repeats.
#include "study/racing_table.hpp"

#include <gtest/gtest.h>

#include <string>

#include "parse_errors.hpp"
#include "study/study_file.hpp"

namespace bosim {
namespace {

const std::string truth_block = "[truth]\npath = \"data.csv\"\n";  // lines 1–2

using testing::expect_error;
using testing::parse;

TEST(RacingTable, DefaultsAndTheCapBecomeTheStudysRepeats) {
  const Study plain = parse(truth_block).study;
  EXPECT_FALSE(plain.racing.has_value());
  const Study study = parse(truth_block + "[racing]\n").study;
  ASSERT_TRUE(study.racing.has_value());
  EXPECT_EQ(study.racing->first_round, default_first_round);
  EXPECT_EQ(study.racing->round, default_round);
  EXPECT_EQ(study.racing->max_repeats, default_max_repeats);
  EXPECT_EQ(study.racing->alpha, default_race_alpha);
  EXPECT_EQ(study.racing->scope, RaceScope::acquisition);
  EXPECT_EQ(study.racing->equivalence, 0.0);
  EXPECT_EQ(study.repeats, default_max_repeats);  // the worst case: validate --estimate and the journal count it
}

TEST(RacingTable, EveryKeyIsRead) {
  const Study study = parse(truth_block +
                            "[racing]\nfirst_round = 20\nround = 5\nmax_repeats = 200\nalpha = 0.01\nscope = \"all\"\n"
                            "equivalence = 1.5\n")
                          .study;
  EXPECT_EQ(study.racing->first_round, 20u);
  EXPECT_EQ(study.racing->round, 5u);
  EXPECT_EQ(study.racing->max_repeats, 200u);
  EXPECT_EQ(study.racing->alpha, 0.01);
  EXPECT_EQ(study.racing->scope, RaceScope::all);
  EXPECT_EQ(study.racing->equivalence, 1.5);
  EXPECT_EQ(study.repeats, 200u);
  EXPECT_EQ(study.racing->max_rounds(), 1u + 36u);  // 20, then 5 more at a time up to 200
}

TEST(RacingTable, ASmallCapClampsTheDefaultRounds) {
  const Study study = parse(truth_block + "[racing]\nmax_repeats = 4\n").study;
  EXPECT_EQ(study.racing->first_round, 4u);
  EXPECT_EQ(study.racing->round, 4u);
  EXPECT_EQ(study.racing->max_rounds(), 1u);
}

TEST(RacingTable, RepeatsAndRacingConflict) {
  expect_error("repeats = 50\n" + truth_block + "[racing]\nmax_repeats = 80\n", "1:11",
               "'repeats' cannot be used with [racing]: a raced study gives each setting up to [racing] max_repeats "
               "repeats (default " +
                   std::to_string(default_max_repeats) + "); write max_repeats = 50 in [racing] instead");
}

TEST(RacingTable, RangesAreCheckedAtTheValueWithTheLimitsInTheMessage) {
  const std::string racing = truth_block + "[racing]\n";  // keys on line 4
  expect_error(racing + "max_repeats = 0\n", "4:15",
               "[racing] max_repeats must be an integer from 1 to " + std::to_string(max_total_runs) +
                   " (the most runs a study may have) (got 0)");
  expect_error(racing + "max_repeats = 30\nfirst_round = 31\n", "5:15",
               "[racing] first_round must be an integer from 1 to 30 (max_repeats) (got 31)");
  expect_error(
      racing + "round = 0\n", "4:9",
      "[racing] round must be an integer from 1 to " + std::to_string(default_max_repeats) + " (max_repeats) (got 0)");
  expect_error(racing + "alpha = 0\n", "4:9", "[racing] alpha must be a level above 0 and at most 0.5 (got 0)");
  expect_error(racing + "alpha = 0.7\n", "4:9", "[racing] alpha must be a level above 0 and at most 0.5 (got 0.7)");
  expect_error(racing + "equivalence = -1\n", "4:15",
               "[racing] equivalence must be a margin in experiments above 0 (got -1); leave it out to race without "
               "one");
  expect_error(racing + "scope = \"acquisitions\"\n", "4:9",
               "'acquisitions' is not a valid scope; choose one of: acquisition, all; did you mean 'acquisition'?");
  expect_error(racing + "round = 2.5\n", "4:9", "'round' must be an integer (got a floating-point number)");
  expect_error(racing + "max_repeat = 10\n", "4:1",
               "unknown key 'max_repeat' in [racing]; did you mean 'max_repeats'?");
  expect_error("racing = 3\n" + truth_block, "1:10", "'racing' must be a table (got an integer)");
}

TEST(RacingTable, TheWorstCaseCountsAgainstTheStudyLimit) {
  // 2 configurations × max_repeats = max_total_runs: twice the limit, reported at max_repeats.
  expect_error(truth_block + "[racing]\nmax_repeats = " + std::to_string(max_total_runs) +
                   "\n[[sweep]]\nacquisition = [\"ei\", \"pi\"]\n",
               "4:15",
               "2 configurations x " + std::to_string(max_total_runs) +
                   " repeats = " + std::to_string(2 * max_total_runs) + " runs, more than the " +
                   std::to_string(max_total_runs) + " a study may have; split it into several studies");
}

}  // namespace
}  // namespace bosim
