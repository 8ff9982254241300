// Progress lines: done/total, runs/s, ETA and failures, as a job log sees them.
#include "distribution/progress_reporter.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <string>
#include <vector>

namespace bosim {
namespace {

std::string contents(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file)) text.push_back(static_cast<char>(c));
  return text;
}

/// Every match of `line` in `text`, in order (the match results point into `text`).
std::vector<std::smatch> matches(const std::string& text, const std::regex& line) {
  std::vector<std::smatch> found;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), line); it != std::sregex_iterator(); ++it)
    found.push_back(*it);
  return found;
}

TEST(ProgressReporter, PlainLinesForJobLogs) {
  std::FILE* log = std::tmpfile();  // not a terminal: plain lines, no carriage returns
  ASSERT_NE(log, nullptr);
  ProgressReporter progress(200, 50, log, 0.0);  // resumed with 50 done; print at every advance
  progress.advance(30, 2);
  progress.advance(120, 1);
  progress.finish();
  const std::string text = contents(log);
  std::fclose(log);
  EXPECT_EQ(text.find('\r'), std::string::npos) << text;
  const std::regex line(R"((\d+)/200 runs \(([\d.]+)%\)  ([\d.]+) runs/s  ETA (\S+)  failed (\d+)\n)");
  const std::vector<std::smatch> lines = matches(text, line);
  ASSERT_EQ(lines.size(), 3u) << text;
  EXPECT_EQ(lines[0][1], "80");
  EXPECT_EQ(lines[0][2], "40.0");
  EXPECT_EQ(lines[0][5], "2");
  EXPECT_EQ(lines[2][1], "200");
  EXPECT_EQ(lines[2][2], "100.0");
  EXPECT_EQ(lines[2][4], "0:00:00");  // nothing left
  EXPECT_EQ(lines[2][5], "3");
}

TEST(ProgressReporter, ARaceTotalIsAWorstCaseUntilTheRaceIsOver) {
  std::FILE* log = std::tmpfile();
  ASSERT_NE(log, nullptr);
  ProgressReporter progress(400, 0, log, 0.0);
  progress.set_total(400, true);  // 40 settings x 10 repeats, nothing eliminated yet
  progress.advance(100, 0);
  progress.set_total(250, true);  // eliminations after a round: the bound tightens
  progress.advance(100, 0);
  progress.set_total(200, false);  // the race is over: exact
  progress.finish();
  const std::string text = contents(log);
  std::fclose(log);
  const std::regex bounded(
      R"((\d+)/<=(\d+) runs \(>=([\d.]+)%\)  [\d.]+ runs/s  ETA <=(\S+) \(worst case: no more eliminations\)  failed 0\n)");
  const std::vector<std::smatch> lines = matches(text, bounded);
  ASSERT_EQ(lines.size(), 2u) << text;
  EXPECT_EQ(lines[0][1], "100");
  EXPECT_EQ(lines[0][2], "400");
  EXPECT_EQ(lines[0][3], "25.0");
  EXPECT_EQ(lines[1][1], "200");
  EXPECT_EQ(lines[1][2], "250");
  EXPECT_EQ(lines[1][3], "80.0");
  const std::string last = text.substr(text.rfind("\n", text.size() - 2) + 1);
  EXPECT_EQ(last.find("200/200 runs (100.0%)"), 0u) << text;  // exact once the race is over
  EXPECT_EQ(last.find("<="), std::string::npos) << text;
  EXPECT_EQ(last.find("worst case"), std::string::npos) << text;
}

TEST(ProgressReporter, WaitsForTheLogInterval) {
  std::FILE* log = std::tmpfile();
  ASSERT_NE(log, nullptr);
  ProgressReporter progress(10, 0, log, 3600.0);  // a line an hour: none before finish()
  for (int i = 0; i < 10; ++i) progress.advance(1, 0);
  EXPECT_TRUE(contents(log).empty());
  progress.finish();
  EXPECT_NE(contents(log).find("10/10 runs (100.0%)"), std::string::npos);
  std::fclose(log);
}

TEST(ProgressReporter, NullStreamCountsSilently) {
  ProgressReporter progress(5, 0, nullptr);
  progress.advance(5, 1);
  progress.finish();
  EXPECT_EQ(progress.done(), 5u);
  EXPECT_EQ(progress.failed(), 1u);
}

}  // namespace
}  // namespace bosim
