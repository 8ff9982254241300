// Tests of the edit distance and the "did you mean" suggestion.
#include "study/closest_name.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace bosim {
namespace {

TEST(ClosestName, EditDistanceCountsTranspositionsOnce) {
  EXPECT_EQ(edit_distance("dleta", "delta"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
}

TEST(ClosestName, SuggestsOnlyLikelyTypos) {
  const std::vector<std::string> keys = {"delta", "beta0", "epsilon", "alpha"};
  EXPECT_EQ(closest_name("epsilom", keys), "epsilon");
  EXPECT_EQ(closest_name("beta", keys), "beta0");
  EXPECT_EQ(closest_name("kernel", keys), "");
  EXPECT_EQ(did_you_mean("dleta", keys), "; did you mean 'delta'?");
  EXPECT_EQ(did_you_mean("zzzzzz", keys), "");
}

TEST(ClosestName, IgnoresCase) {
  // The acquisition names in registry order: a case-sensitive distance puts "EI" 2 from both "pi" and "ei"
  // and the tie went to "pi".
  const std::vector<std::string> acquisitions = {"pi", "ei", "ucb", "random", "exploration", "thompson"};
  EXPECT_EQ(closest_name("EI", acquisitions), "ei");
  EXPECT_EQ(closest_name("UCB", acquisitions), "ucb");
  EXPECT_EQ(closest_name("Thompsen", acquisitions), "thompson");
  EXPECT_EQ(did_you_mean("Delta", {"delta", "beta0"}), "; did you mean 'delta'?");
  EXPECT_EQ(closest_name("KERNEL", {"delta", "beta0"}), "");
}

}  // namespace
}  // namespace bosim
