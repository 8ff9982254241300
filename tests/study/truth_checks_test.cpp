// Tests of the checks of configurations against a ground truth (pool size, budget, listed designs, grid-snap, Thompson
// limits).
#include "study/truth_checks.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace bosim {
namespace {

/// A ground truth given directly by its designs and design space.
class TableTruth final : public GroundTruth {
 public:
  TableTruth(Eigen::MatrixXd designs, DesignSpace space) : designs_(std::move(designs)), space_(std::move(space)) {}
  std::string describe() const override { return "table"; }
  const DesignSpace& space() const override { return space_; }
  Goal goal() const override { return Goal::maximize; }
  const std::string& objective_name() const override { return name_; }
  const Eigen::MatrixXd& designs() const override { return designs_; }
  double expected_value(Eigen::Index design) const override { return static_cast<double>(design); }
  double measure(Eigen::Index design, Rng&) const override { return static_cast<double>(design); }
  const std::vector<Eigen::Index>& optimal_designs() const override { return optimal_; }

 private:
  Eigen::MatrixXd designs_;
  DesignSpace space_;
  std::string name_ = "y";
  std::vector<Eigen::Index> optimal_{0};
};

/// Four designs on the 2×2 grid {0,1}², a and b with step 1.
TableTruth square_truth() {
  Eigen::MatrixXd designs(4, 2);
  designs << 0, 0, 0, 1, 1, 0, 1, 1;
  return TableTruth(designs, DesignSpace({{"a", 0, 1, 1, false}, {"b", 0, 1, 1, false}}));
}

const std::string truth_block = "[truth]\npath = \"d.csv\"\n";  // lines 1–2

void expect_error(const std::string& text, const GroundTruth& truth, const std::string& expected) {
  const ParsedStudy parsed = parse_study_text(text, "s.toml");
  try {
    check_against_truth(parsed, truth);
    ADD_FAILURE() << "no error; expected " << expected;
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), expected);
  }
}

TEST(TruthChecks, AcceptsAValidStudy) {
  const auto parsed = parse_study_text(truth_block +
                                           "[campaign]\nn_init = 2\nbudget = 4\ninit = \"list\"\n"
                                           "initial_designs = [[1, 0], [0, 1.0]]\nmode = \"grid-snap\"\n"
                                           "acquisition = \"thompson\"\n",
                                       "s.toml");
  EXPECT_NO_THROW(check_against_truth(parsed, square_truth()));
}

TEST(TruthChecks, NInitMustLeaveADesignToChoose) {
  expect_error(truth_block + "[[sweep]]\nn_init = [3, 4]\n", square_truth(),
               "s.toml:4:1: error: configuration 1: n_init (4) must be less than the pool of 4 designs, so that at "
               "least one design is left to choose");
}

TEST(TruthChecks, BudgetAtMostThePool) {
  expect_error(truth_block + "[campaign]\nn_init = 1\nbudget = 5\n", square_truth(),
               "s.toml:5:1: error: configuration 0: budget (5) exceeds the pool of 4 designs; use 0 to run until the "
               "pool is exhausted");
}

TEST(TruthChecks, ListedDesignsMustBePoolDesigns) {
  const std::string listed = truth_block + "[campaign]\nn_init = 2\ninit = \"list\"\n";
  expect_error(listed + "initial_designs = [[0, 0],\n  [0.5, 1]]\n", square_truth(),
               "s.toml:7:3: error: initial design 2 (0.5, 1) is not a design of the pool (listed designs must "
               "match a pool design's features exactly)");
  expect_error(listed + "initial_designs = [[0, 0, 1], [1, 1, 1]]\n", square_truth(),
               "s.toml:6:20: error: initial design 1 (0, 0, 1) has 3 values but the ground truth has 2 features");
  expect_error(listed + "initial_designs = [[1, 1], [1, 1]]\n", square_truth(),
               "s.toml:6:28: error: initial design 2 (1, 1) repeats initial design 1");
}

TEST(TruthChecks, GridSnapNeedsAStepForEveryFeature) {
  Eigen::MatrixXd designs(3, 3);
  designs << 0, 0, 5, 0.5, 0.3, 5, 1, 1, 5;
  // c is fixed (one value), so only b lacks a step.
  const TableTruth truth(designs, DesignSpace({{"a", 0, 1, 0.5, false}, {"b", 0, 1, 0, false}, {"c", 5, 5, 0, false}}));
  expect_error(truth_block + "[[sweep]]\nn_init = 1\nmode = [\"pool\", \"grid-snap\"]\n", truth,
               "s.toml:5:1: error: configuration 1: mode = \"grid-snap\" needs a step for every feature; without "
               "one: 'b'. Give each a step in the study, e.g. [[truth.feature]] name = \"b\" step = 0.1");
}

TEST(TruthChecks, GridSnapGridMustBeEnumerable) {
  Eigen::MatrixXd designs(2, 3);
  designs << 0, 0, 0, 1, 1, 1;
  // 201 values per feature: 201³ = 8,120,601 grid points.
  const DesignSpace space({{"a", 0, 1, 0.005, false}, {"b", 0, 1, 0.005, false}, {"c", 0, 1, 0.005, false}});
  expect_error(truth_block + "[campaign]\nmode = \"grid-snap\"\nn_init = 1\n", TableTruth(designs, space),
               "s.toml:4:1: error: configuration 0: mode = \"grid-snap\" would enumerate 8120601 grid points (limit "
               "5000000); use coarser steps in [[truth.feature]] or mode = \"pool\"");
}

TEST(TruthChecks, ThompsonSamplingIsLimitedToFiveThousandCandidates) {
  Eigen::MatrixXd designs(5001, 1);
  for (Eigen::Index i = 0; i < designs.rows(); ++i) designs(i, 0) = static_cast<double>(i);
  const TableTruth large_pool(designs, DesignSpace({{"a", 0, 5000, 1, false}}));
  expect_error(truth_block + "[[sweep]]\nacquisition = [\"ei\", \"thompson\"]\n", large_pool,
               "s.toml:4:1: error: configuration 1: thompson sampling draws jointly over 5001 candidates (limit 5000)");
  // In grid-snap mode the grid counts, not the pool: 5001 grid points over a 2-design pool.
  Eigen::MatrixXd two(2, 1);
  two << 0, 5000;
  expect_error(truth_block + "[campaign]\nacquisition = \"thompson\"\nmode = \"grid-snap\"\nn_init = 1\n",
               TableTruth(two, DesignSpace({{"a", 0, 5000, 1, false}})),
               "s.toml:4:1: error: configuration 0: thompson sampling draws jointly over 5001 candidates (limit 5000)");
  const TableTruth small_grid(designs, DesignSpace({{"a", 0, 5000, 100, false}}));
  const auto parsed =
      parse_study_text(truth_block + "[campaign]\nacquisition = \"thompson\"\nmode = \"grid-snap\"\n", "s.toml");
  EXPECT_NO_THROW(check_against_truth(parsed, small_grid));
}

}  // namespace
}  // namespace bosim
