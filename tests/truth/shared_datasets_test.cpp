// Tests that every shared dataset loads with the design and row counts documented in ../shared/datasets/README.md.
#include <chrono>

#include "test_support.hpp"
#include "truth/dataset_truth.hpp"

namespace bosim {
namespace {

DatasetTruth load(const std::string& path, Goal goal = Goal::maximize) {
  DatasetSpec spec;
  spec.path = path;
  spec.goal = goal;
  return DatasetTruth::load(spec);
}

/// The optimum's mean equals the best of all means.
void expect_consistent_optimum(const DatasetTruth& truth) {
  ASSERT_FALSE(truth.optimal_designs().empty());
  for (Eigen::Index design = 0; design < truth.size(); ++design) {
    const double best = truth.expected_value(truth.optimal_designs().front());
    const double value = truth.expected_value(design);
    if (truth.goal() == Goal::maximize)
      EXPECT_LE(value, best);
    else
      EXPECT_GE(value, best);
  }
}

TEST(SharedDatasets, P3htCnt) {
  BOSIM_REQUIRE_SHARED_DATASET(path, "p3ht_cnt.csv");
  const DatasetTruth truth = load(path);
  EXPECT_EQ(truth.row_count(), 233);
  EXPECT_EQ(truth.size(), 178);
  EXPECT_EQ(truth.space().dimension(), 5);
  EXPECT_EQ(truth.objective_name(), "Conductivity (measured) (S/cm)");
  EXPECT_EQ(truth.describe(), "dataset p3ht_cnt.csv: 178 designs from 233 rows, 5 features");
  expect_consistent_optimum(truth);
}

TEST(SharedDatasets, CrossedBarrel) {
  BOSIM_REQUIRE_SHARED_DATASET(path, "crossed_barrel.csv");
  const DatasetTruth truth = load(path);
  EXPECT_EQ(truth.row_count(), 1800);
  EXPECT_EQ(truth.size(), 600);
  EXPECT_EQ(truth.space().dimension(), 4);
  for (Eigen::Index design = 0; design < truth.size(); ++design)
    ASSERT_EQ(truth.replicates(design).size(), 3u) << "design " << design;
  expect_consistent_optimum(truth);
}

TEST(SharedDatasets, AutoAm) {
  BOSIM_REQUIRE_SHARED_DATASET(path, "autoam.csv");
  const DatasetTruth truth = load(path);
  EXPECT_EQ(truth.row_count(), 100);
  EXPECT_EQ(truth.size(), 100);
  EXPECT_EQ(truth.space().dimension(), 4);
  EXPECT_EQ(truth.objective_name(), "Score");
}

TEST(SharedDatasets, Agnp) {
  BOSIM_REQUIRE_SHARED_DATASET(path, "agnp.csv");
  const DatasetTruth truth = load(path, Goal::minimize);
  EXPECT_EQ(truth.row_count(), 3295);
  EXPECT_EQ(truth.size(), 164);
  EXPECT_EQ(truth.space().dimension(), 5);
  EXPECT_EQ(truth.objective_name(), "loss");
  expect_consistent_optimum(truth);
}

TEST(SharedDatasets, PerovskiteWithByteOrderMark) {
  BOSIM_REQUIRE_SHARED_DATASET(path, "perovskite.csv");
  const DatasetTruth truth = load(path, Goal::minimize);
  EXPECT_EQ(truth.row_count(), 139);
  EXPECT_EQ(truth.size(), 94);
  ASSERT_EQ(truth.space().dimension(), 3);
  EXPECT_EQ(truth.space().features()[0].name, "CsPbI");  // not "\xEF\xBB\xBFCsPbI"
  EXPECT_EQ(truth.objective_name(), "Instability index");
}

TEST(SharedDatasets, P2dSei10kLoadsQuickly) {
  BOSIM_REQUIRE_SHARED_DATASET(path, "p2d_sei_10k.csv");
  DatasetSpec spec;
  spec.path = path;
  spec.objective = "Capacity loss (%)";
  spec.goal = Goal::minimize;
  spec.exclude = {"", "SEI_thickness(m)"};
  const auto start = std::chrono::steady_clock::now();
  const DatasetTruth truth = DatasetTruth::load(spec);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(truth.row_count(), 10000);
  EXPECT_EQ(truth.size(), 10000);
  ASSERT_EQ(truth.space().dimension(), 15);
  EXPECT_EQ(truth.space().features().front().name, "i_1C (A)");
  EXPECT_EQ(truth.space().features().back().name, "sigma_neg");
  EXPECT_EQ(truth.optimal_designs().size(), 1u);
  // Generous even for Debug builds; the Release load takes a few milliseconds.
  EXPECT_LT(seconds, 1.0);
}

}  // namespace
}  // namespace bosim
