#include "stats/summary_statistics.hpp"

#include <cmath>
#include <vector>

#include "common/random.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

// Expected quantiles are numpy.quantile(x, p) (default method "linear" = type 7).
TEST(QuantileSorted, MatchesNumpyLinearInterpolation) {
  const std::vector<double> values{1.0, 2.0, 3.0, 4.0};
  EXPECT_DOUBLE_EQ(quantile_sorted(values, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(quantile_sorted(values, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile_sorted(values, 0.75), 3.25);
  EXPECT_DOUBLE_EQ(quantile_sorted(values, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile_sorted(values, 1.0), 4.0);

  const std::vector<double> uneven{2.0, 3.0, 5.0, 7.0, 11.0, 13.0};
  EXPECT_DOUBLE_EQ(quantile_sorted(uneven, 0.1), 2.5);   // h = 0.5
  EXPECT_DOUBLE_EQ(quantile_sorted(uneven, 0.9), 12.0);  // h = 4.5
}

TEST(QuantileSorted, SingleValueAndEmpty) {
  EXPECT_DOUBLE_EQ(quantile_sorted({7.0}, 0.3), 7.0);
  EXPECT_TRUE(std::isnan(quantile_sorted({}, 0.5)));
}

TEST(BootstrapMeanInterval, ContainsTheMeanAndIsReproducible) {
  Rng rng(11);
  std::vector<double> values(40);
  double sum = 0.0;
  for (double& value : values) sum += (value = 20.0 + 5.0 * rng.normal());
  const double mean = sum / static_cast<double>(values.size());

  const Interval first = bootstrap_mean_interval(values, 0.95, 2000, 99);
  const Interval second = bootstrap_mean_interval(values, 0.95, 2000, 99);
  EXPECT_LT(first.low, mean);
  EXPECT_GT(first.high, mean);
  EXPECT_EQ(first.low, second.low);
  EXPECT_EQ(first.high, second.high);

  const Interval other_seed = bootstrap_mean_interval(values, 0.95, 2000, 100);
  EXPECT_NE(first.low, other_seed.low);
}

TEST(BootstrapMeanInterval, WidthMatchesStandardErrorAndShrinksWithSampleSize) {
  // For a normal sample the 95 % interval is about 2 × 1.96 σ/√n wide; with
  // 2,000 resamples its width is within 15 % of that (bootstrap + sampling error).
  Rng rng(5);
  const auto width_for = [&rng](std::size_t n) {
    std::vector<double> values(n);
    for (double& value : values) value = 3.0 * rng.normal();
    const Interval interval = bootstrap_mean_interval(values, 0.95, 2000, 7);
    return interval.high - interval.low;
  };
  const double width_small = width_for(25);
  const double width_large = width_for(400);
  EXPECT_NEAR(width_large, 2.0 * 1.96 * 3.0 / 20.0, 0.15 * 2.0 * 1.96 * 3.0 / 20.0);
  EXPECT_LT(width_large, 0.5 * width_small);  // expected ratio 1/4
}

TEST(BootstrapMeanInterval, ConstantValuesGiveADegenerateInterval) {
  const Interval interval = bootstrap_mean_interval({4.0, 4.0, 4.0}, 0.95, 500, 1);
  EXPECT_DOUBLE_EQ(interval.low, 4.0);
  EXPECT_DOUBLE_EQ(interval.high, 4.0);
}

TEST(Summarize, HandMadeValues) {
  // Unsorted on purpose: summarize sorts.
  const ConfigSummary summary = summarize(3, {9.0, 7.0, 10.0, 8.0, 16.0}, 8, 1);
  EXPECT_EQ(summary.config_id, 3u);
  EXPECT_EQ(summary.runs, 8u);
  EXPECT_EQ(summary.found, 5u);
  EXPECT_EQ(summary.failed, 1u);
  EXPECT_DOUBLE_EQ(summary.mean, 10.0);
  EXPECT_DOUBLE_EQ(summary.std, std::sqrt(12.5));  // squared deviations sum to 50, n − 1 = 4
  EXPECT_DOUBLE_EQ(summary.median, 9.0);
  EXPECT_DOUBLE_EQ(summary.q25, 8.0);
  EXPECT_DOUBLE_EQ(summary.q75, 10.0);
  EXPECT_DOUBLE_EQ(summary.min, 7.0);
  EXPECT_DOUBLE_EQ(summary.max, 16.0);
  EXPECT_DOUBLE_EQ(summary.success_rate, 5.0 / 8.0);
  EXPECT_LE(summary.ci_low, summary.mean);
  EXPECT_GE(summary.ci_high, summary.mean);
  EXPECT_GE(summary.ci_low, 7.0);
  EXPECT_LE(summary.ci_high, 16.0);

  // The interval is the documented bootstrap: 2,000 resamples seeded by mix_seed(0x5EED, config_id).
  const Interval expected = bootstrap_mean_interval({7.0, 8.0, 9.0, 10.0, 16.0}, 0.95, 2000, mix_seed(0x5EED, 3));
  EXPECT_EQ(summary.ci_low, expected.low);
  EXPECT_EQ(summary.ci_high, expected.high);
}

TEST(Summarize, OrderOfRunsDoesNotMatter) {
  const ConfigSummary forward = summarize(1, {1.0, 5.0, 2.0, 8.0}, 4, 0);
  const ConfigSummary backward = summarize(1, {8.0, 2.0, 5.0, 1.0}, 4, 0);
  EXPECT_EQ(forward.mean, backward.mean);
  EXPECT_EQ(forward.ci_low, backward.ci_low);
  EXPECT_EQ(forward.ci_high, backward.ci_high);
}

TEST(Summarize, SingleFoundRunHasZeroStd) {
  const ConfigSummary summary = summarize(0, {12.0}, 3, 0);
  EXPECT_DOUBLE_EQ(summary.mean, 12.0);
  EXPECT_DOUBLE_EQ(summary.std, 0.0);
  EXPECT_DOUBLE_EQ(summary.median, 12.0);
  EXPECT_DOUBLE_EQ(summary.ci_low, 12.0);
  EXPECT_DOUBLE_EQ(summary.ci_high, 12.0);
  EXPECT_DOUBLE_EQ(summary.success_rate, 1.0 / 3.0);
}

TEST(Summarize, NoFoundRunGivesNaNStatistics) {
  const ConfigSummary summary = summarize(2, {}, 4, 4);
  EXPECT_EQ(summary.found, 0u);
  EXPECT_EQ(summary.failed, 4u);
  EXPECT_DOUBLE_EQ(summary.success_rate, 0.0);
  for (const double statistic : {summary.mean, summary.std, summary.median, summary.q25, summary.q75, summary.min,
                                 summary.max, summary.ci_low, summary.ci_high})
    EXPECT_TRUE(std::isnan(statistic));
}

TEST(DescribeSample, TukeyWhiskersStopAtTheLastValueWithinOnePointFiveIqr) {
  // numpy: quartiles of 1..9 and 40 are 3.25 and 7.75 (IQR 4.5), so the fences are −3.5 and 14.5:
  // whiskers 1 and 9, the 40 is an outlier drawn beyond them.
  const SampleSummary sample = describe_sample({40, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 1);
  EXPECT_DOUBLE_EQ(sample.q25, 3.25);
  EXPECT_DOUBLE_EQ(sample.q75, 7.75);
  EXPECT_DOUBLE_EQ(sample.whisker_low, 1.0);
  EXPECT_DOUBLE_EQ(sample.whisker_high, 9.0);
  EXPECT_DOUBLE_EQ(sample.max, 40.0);
  EXPECT_TRUE(std::isnan(describe_sample({}, 1).whisker_low));
}

}  // namespace
}  // namespace bosim
