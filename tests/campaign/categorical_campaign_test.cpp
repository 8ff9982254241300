// Mixed categorical/continuous campaigns: encodings, the snap rule, stratified LHS and an EI-versus-random check.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "campaign/campaign.hpp"
#include "campaign/initial_design.hpp"
#include "campaign/input_encoder.hpp"
#include "campaign/surrogate_model.hpp"
#include "fake_truth.hpp"

namespace bosim {
namespace {

using testing::FakeTruth;

/// A full-factorial pool: x ∈ {0, 0.05, …, 1} × a categorical variable with 8 levels "A" … "H".
/// y = offset(level) − 4 (x − 0.3)², offsets 0.0, 0.3, …; level "F" has 2.5, so the unique optimum is
/// (F, 0.3): the category decides it, the continuous part only refines it.
FakeTruth category_decides_truth() {
  const std::vector<double> offsets = {0.0, 0.3, 0.6, 0.9, 1.2, 2.5, 0.45, 0.75};
  const int steps = 21, levels = 8;
  Eigen::MatrixXd designs(steps * levels, 2);
  Eigen::VectorXd values(steps * levels);
  for (int c = 0; c < levels; ++c)
    for (int i = 0; i < steps; ++i) {
      const double x = i / 20.0;
      designs.row(c * steps + i) << x, c;
      values[c * steps + i] = offsets[static_cast<size_t>(c)] - 4.0 * (x - 0.3) * (x - 0.3);
    }
  FakeTruth truth(designs, values);
  truth.set_space(DesignSpace({FeatureRange{"x", 0.0, 1.0, 0.05, false},
                               FeatureRange::categorical("c", {"A", "B", "C", "D", "E", "F", "G", "H"})}));
  return truth;
}

TEST(InputEncoder, LayoutsOfEachEncoding) {
  const DesignSpace space({FeatureRange{"x", 0.0, 1.0, 0.0, false}, FeatureRange::categorical("c", {"a", "b", "c"}),
                           FeatureRange::categorical("one", {"only"}), FeatureRange::categorical("d", {"p", "q"})});
  const InputEncoder one_hot(space, CategoricalEncoding::one_hot, nullptr);
  EXPECT_EQ(one_hot.encoded_dimension(), 6);  // x, 3 + 2 one-hot columns; the one-level variable is left out
  EXPECT_EQ(one_hot.layout().group_count, 6);
  const InputEncoder shared(space, CategoricalEncoding::one_hot_shared, nullptr);
  EXPECT_EQ(shared.layout().distance_groups, (std::vector<Eigen::Index>{0, 1, 1, 1, 2, 2}));
  const InputEncoder overlap(space, CategoricalEncoding::overlap, nullptr);
  EXPECT_EQ(overlap.layout().distance_groups, (std::vector<Eigen::Index>{0}));
  EXPECT_EQ(overlap.layout().overlap_columns, 2);

  Eigen::MatrixXd unit(1, 4);
  unit << 0.25, 1.0, 0.0, 1.0;  // c = "c" (index 2 of 3 → unit 1), d = "q"
  Eigen::MatrixXd encoded;
  one_hot.encode(unit, encoded);
  EXPECT_EQ(encoded, (Eigen::MatrixXd(1, 6) << 0.25, 0, 0, 1, 0, 1).finished());
  overlap.encode(unit, encoded);
  EXPECT_EQ(encoded, (Eigen::MatrixXd(1, 3) << 0.25, 2, 1).finished());
  EXPECT_THROW(InputEncoder(space, CategoricalEncoding::descriptors, nullptr), std::invalid_argument);
}

/// One-hot ARD over a variable with a single level is the continuous-only GP: the level carries no
/// information, so the encoder leaves it out and fits, draws and predictions are the same bit for bit.
TEST(InputEncoder, OneLevelCategoryEqualsTheContinuousGp) {
  const DesignSpace continuous({FeatureRange{"x", 0.0, 1.0, 0.0, false}, FeatureRange{"y", 0.0, 1.0, 0.0, false}});
  const DesignSpace mixed({FeatureRange{"x", 0.0, 1.0, 0.0, false}, FeatureRange::categorical("c", {"only"}),
                           FeatureRange{"y", 0.0, 1.0, 0.0, false}});
  Rng data_rng(9);
  Eigen::MatrixXd x(15, 2), x_mixed = Eigen::MatrixXd::Zero(15, 3);
  Eigen::VectorXd values(15);
  for (Eigen::Index i = 0; i < 15; ++i) {
    x.row(i) << data_rng.uniform(), data_rng.uniform();
    x_mixed(i, 0) = x(i, 0);
    x_mixed(i, 2) = x(i, 1);
    values(i) = std::sin(5.0 * x(i, 0)) + x(i, 1);
  }
  for (CategoricalEncoding encoding : {CategoricalEncoding::one_hot, CategoricalEncoding::overlap}) {
    CampaignSettings settings;
    settings.encoding = encoding;
    Rng rng_a(3), rng_b(3);
    SurrogateModel plain(settings, continuous, rng_a), with_category(settings, mixed, rng_b);
    int fits = 0, failures = 0;
    plain.update(x, values, 0, fits, failures);
    with_category.update(x_mixed, values, 0, fits, failures);
    EXPECT_EQ(plain.hyperparameters(), with_category.hyperparameters());
    Eigen::VectorXd mean_a, sd_a, mean_b, sd_b;
    plain.predict(x.topRows(5), mean_a, sd_a);
    with_category.predict(x_mixed.topRows(5), mean_b, sd_b);
    EXPECT_EQ(mean_a, mean_b);
    EXPECT_EQ(sd_a, sd_b);
  }
}

TEST(GridSnap, NeverChangesACategoryThatThePoolHas) {
  const FakeTruth truth = category_decides_truth();
  const Eigen::MatrixXd unit = truth.space().to_unit(truth.designs());
  const std::vector<Eigen::Index> categorical = truth.space().categorical_features();
  Rng rng(4);
  for (int trial = 0; trial < 2000; ++trial) {
    Eigen::RowVectorXd point(2);
    point << rng.uniform(), static_cast<double>(rng.uniform_index(8)) / 7.0;
    // Up to 150 of the 168 designs used: often every design of the point's level is gone.
    std::vector<bool> available(static_cast<size_t>(truth.size()), true);
    const auto used = rng.uniform_index(151);
    for (std::uint64_t k = 0; k < used; ++k) available[rng.uniform_index(available.size())] = false;
    const Eigen::Index snapped = nearest_available_design(unit, point, available, categorical);
    ASSERT_GE(snapped, 0);
    bool level_available = false;
    for (Eigen::Index i = 0; i < truth.size(); ++i)
      level_available = level_available || (available[static_cast<size_t>(i)] && unit(i, 1) == point(1));
    if (level_available) {
      ASSERT_EQ(unit(snapped, 1), point(1)) << "trial " << trial;
    }
  }
  // A whole grid-snap campaign: every model pick keeps the level of the best grid point, checked above;
  // here the campaign runs on the product grid of levels and steps and finds the optimum.
  CampaignSettings settings;
  settings.mode = CandidateMode::grid_snap;
  settings.n_init = 5;
  settings.budget = 100;
  const RunRecord record = run_campaign(truth, settings, RunIdentity{1, 0, 0});
  EXPECT_TRUE(record.found);
}

TEST(LatinHypercube, DrawsCategoriesStratified) {
  const FakeTruth truth = category_decides_truth();
  CampaignSettings settings;
  settings.initial_design = InitialDesignKind::latin_hypercube;
  settings.n_init = 16;  // 2 of each of the 8 levels
  const Eigen::MatrixXd unit = truth.space().to_unit(truth.designs());
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Rng rng(seed);
    const std::vector<Eigen::Index> chosen = choose_initial_designs(truth, unit, settings, rng);
    std::vector<int> per_level(8, 0);
    for (Eigen::Index design : chosen) ++per_level[static_cast<size_t>(truth.designs()(design, 1))];
    for (int count : per_level) EXPECT_EQ(count, 2) << "seed " << seed;
    EXPECT_EQ(std::set<Eigen::Index>(chosen.begin(), chosen.end()).size(), chosen.size());
  }
}

/// EI finds the one optimum of 168 designs in far fewer experiments than random search, whose mean
/// without replacement is exactly (N + 1)/(m + 1) = 169/2 = 84.5 (m = 1 optimal design). With every
/// encoding, the mean over 24 repeats must be below half of that (42.25). The check cannot pass by
/// chance for a model that ignores the category: 24 runs of random search have mean 84.5 and standard
/// error ≈ 48.5/√24 ≈ 9.9, so a mean below 42.25 is more than 4 standard errors away.
TEST(CategoricalCampaign, ExpectedImprovementFindsTheDecisiveCategoryFast) {
  const FakeTruth truth = category_decides_truth();
  const double random_mean = (static_cast<double>(truth.size()) + 1.0) / 2.0;
  for (CategoricalEncoding encoding :
       {CategoricalEncoding::one_hot, CategoricalEncoding::one_hot_shared, CategoricalEncoding::overlap}) {
    CampaignSettings settings;
    settings.encoding = encoding;
    settings.n_init = 5;
    double total = 0.0;
    const int repeats = 24;
    for (std::uint32_t repeat = 0; repeat < repeats; ++repeat) {
      const RunRecord record = run_campaign(truth, settings, RunIdentity{17, 0, repeat});
      ASSERT_TRUE(record.found);
      total += record.experiments_to_optimum;
    }
    const double mean = total / repeats;
    EXPECT_LT(mean, 0.5 * random_mean) << to_string(encoding);
    std::cout << to_string(encoding) << ": mean experiments to optimum " << mean << " (random search " << random_mean
              << ")\n";
  }
}

}  // namespace
}  // namespace bosim
