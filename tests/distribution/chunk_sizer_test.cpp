// ChunkSizer: guided self-scheduling sizes with the time cap.
#include "distribution/chunk_sizer.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace bosim {
namespace {

TEST(ChunkSizer, HandsOutSingleTasksUntilADurationIsKnown) {
  const ChunkSizer sizer(4);
  EXPECT_EQ(sizer.next(10000), 1u);
  EXPECT_EQ(sizer.next(0), 0u);
}

TEST(ChunkSizer, GuidedShareOfTheRemainingTasks) {
  ChunkSizer sizer(4, 0.5, 1000000);
  sizer.observe(0.001);                 // 1 ms per task: the time cap is 500 tasks
  EXPECT_EQ(sizer.next(800), 100u);     // 800 / (2 · 4)
  EXPECT_EQ(sizer.next(7), 1u);         // the tail shrinks to single tasks
  EXPECT_EQ(sizer.next(100000), 500u);  // capped at target / mean = 0.5 s / 1 ms
}

TEST(ChunkSizer, TimeCapFollowsTheMeanDurationAndMaxTasks) {
  ChunkSizer sizer(2, 0.5, 1000);
  sizer.observe(3.0, 2);  // 1.5 s per task: longer than the target, so one task per chunk
  EXPECT_EQ(sizer.next(1000), 1u);
  ChunkSizer cheap(2, 0.5, 1000);
  cheap.observe(0.0, 10);  // immeasurably fast tasks: only max_tasks bounds the chunk
  EXPECT_EQ(cheap.next(100000), 1000u);
  cheap.observe(0.01, 10);            // mean 0.5 ms: cap 1000
  EXPECT_EQ(cheap.next(2000), 500u);  // 2000 / (2 · 2)
}

}  // namespace
}  // namespace bosim
