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

}  // namespace
}  // namespace bosim
