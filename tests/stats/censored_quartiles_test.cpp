#include "stats/censored_quartiles.hpp"

#include <gtest/gtest.h>

#include "stats/summary_statistics.hpp"

namespace bosim {
namespace {

TEST(CensoredBox, RanksMissesWorstAndFlagsQuartilesAmongThem) {
  // Found at 10, 20, 30; two runs missed after 40 experiments: ordered 10, 20, 30, 40+, 40+.
  const CensoredBox box = censored_box({{30, true}, {40, false}, {10, true}, {40, false}, {20, true}});
  EXPECT_DOUBLE_EQ(box.q25.value, 20.0);
  EXPECT_FALSE(box.q25.censored);
  EXPECT_DOUBLE_EQ(box.median.value, 30.0);
  EXPECT_FALSE(box.median.censored);
  EXPECT_DOUBLE_EQ(box.q75.value, 40.0);  // the 4th of 5 runs: a miss, so only "> 40" is known
  EXPECT_TRUE(box.q75.censored);
  EXPECT_DOUBLE_EQ(box.whisker_low.value, 10.0);
  EXPECT_DOUBLE_EQ(box.whisker_high.value, 40.0);
  EXPECT_TRUE(box.whisker_high.censored);
}

TEST(CensoredBox, AMedianInterpolatedTowardAMissIsCensored) {
  // Over successes only the median would be 10; with the two misses it lies between 12 and a miss.
  const CensoredBox box = censored_box({{8, true}, {12, true}, {40, false}, {40, false}});
  EXPECT_DOUBLE_EQ(box.q25.value, 11.0);  // type 7: position 0.75 between 8 and 12
  EXPECT_FALSE(box.q25.censored);
  EXPECT_DOUBLE_EQ(box.median.value, 26.0);  // position 1.5 between 12 and the miss at 40: > 26
  EXPECT_TRUE(box.median.censored);
}

TEST(CensoredBox, WithoutMissesEqualsTheType7QuartilesAndTukeyWhiskers) {
  const std::vector<double> values{3, 1, 2, 10, 4, 5, 30};
  std::vector<CensoredRuntime> runs;
  for (const double v : values) runs.push_back({v, true});
  const CensoredBox box = censored_box(runs);
  const SampleSummary sample = describe_sample(values, 1);
  EXPECT_DOUBLE_EQ(box.q25.value, sample.q25);
  EXPECT_DOUBLE_EQ(box.median.value, sample.median);
  EXPECT_DOUBLE_EQ(box.q75.value, sample.q75);
  EXPECT_DOUBLE_EQ(box.whisker_low.value, sample.whisker_low);
  EXPECT_DOUBLE_EQ(box.whisker_high.value, sample.whisker_high);
  EXPECT_DOUBLE_EQ(box.whisker_high.value, 10.0);  // 30 lies beyond 1.5 IQR
  EXPECT_FALSE(box.q75.censored || box.median.censored || box.whisker_high.censored);
}

}  // namespace
}  // namespace bosim
