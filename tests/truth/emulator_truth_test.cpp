// Tests of EmulatorTruth (GP fitted to a dataset) and of observation noise on any truth.
#include "truth/emulator_truth.hpp"

#include <cmath>
#include <fstream>

#include "test_support.hpp"
#include "truth/observation_noise.hpp"

namespace bosim {
namespace {

/// A smooth surface with its maximum 2.0 at (0.3, 0.6) on [0, 1]².
double bump(double x, double y) { return 2.0 * std::exp(-((x - 0.3) * (x - 0.3) + (y - 0.6) * (y - 0.6)) / 0.18); }

/// A 6×6 grid of the bump, `replicates` rows per design with ± spread around the value.
std::string write_bump_csv(const std::string& folder, int replicates, double spread) {
  const auto path = testing::scratch_folder(folder) / "bump.csv";
  std::ofstream out(path);
  out << "x,y,z\n";
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j)
      for (int r = 0; r < replicates; ++r) {
        const double sign = r % 2 == 0 ? 1.0 : -1.0;
        out << i * 0.2 << "," << j * 0.2 << "," << bump(i * 0.2, j * 0.2) + sign * spread << "\n";
      }
  return path.string();
}

EmulatorSpec spec_for(const std::string& path) {
  EmulatorSpec spec;
  spec.data.path = path;
  spec.pool = PoolKind::sobol;
  spec.pool_size = 400;
  return spec;
}

TEST(EmulatorTruth, ReproducesTheDatasetMeansAndFindsTheOptimum) {
  const EmulatorTruth truth = EmulatorTruth::load(spec_for(write_bump_csv("emulator_exact", 1, 0.0)), 3);
  // Noise-free data: the fitted noise variance is tiny, so μ interpolates the 36 means to within 1 % of their range.
  Eigen::MatrixXd designs(36, 2);
  Eigen::VectorXd means(36);
  for (int i = 0; i < 36; ++i) {
    designs.row(i) << (i / 6) * 0.2, (i % 6) * 0.2;
    means[i] = bump(designs(i, 0), designs(i, 1));
  }
  EXPECT_LT((truth.predict(designs) - means).cwiseAbs().maxCoeff(), 0.02);
  // The dense search finds the surface's maximum 2.0 at (0.3, 0.6), between the data points.
  EXPECT_NEAR(truth.continuous_optimum_value(), 2.0, 0.02);
  EXPECT_NEAR(truth.continuous_optimum()[0], 0.3, 0.03);
  EXPECT_NEAR(truth.continuous_optimum()[1], 0.6, 0.03);
  // Features are continuous (no step given): the pool is the 400 Sobol points, the best close to the maximum.
  EXPECT_EQ(truth.size(), 400);
  EXPECT_GT(truth.expected_value(truth.optimal_designs().front()), 1.95);
  EXPECT_EQ(truth.replicate_sd(), 0.0);
  Rng rng(1);
  const Eigen::Index best = truth.optimal_designs().front();
  EXPECT_EQ(truth.measure(best, rng), truth.expected_value(best));  // deterministic without replicate noise
  EXPECT_NE(truth.describe().find("emulated optimum"), std::string::npos);
}

TEST(EmulatorTruth, ContinuousPoolAndReplicateNoise) {
  EmulatorSpec spec = spec_for(write_bump_csv("emulator_replicates", 2, 0.1));
  for (const char* name : {"x", "y"}) {
    FeatureOverride grid;
    grid.name = name;
    grid.step = 0.1;
    spec.data.feature_overrides.push_back(grid);
  }
  spec.pool.reset();  // default: the grid, as every feature has a step
  spec.replicate_noise = true;
  const EmulatorTruth truth = EmulatorTruth::load(spec, 4);
  EXPECT_EQ(truth.size(), 11 * 11);
  // Pairs at value ± 0.1: within-design sd = √(2 · 0.1² / 1) = 0.1414 (to the 6 digits written in the CSV).
  EXPECT_NEAR(truth.replicate_sd(), 0.1 * std::sqrt(2.0), 1e-6);
  Rng rng(2);
  double sum = 0.0, squares = 0.0;
  for (int i = 0; i < 4000; ++i) {
    const double deviation = truth.measure(7, rng) - truth.expected_value(7);
    sum += deviation;
    squares += deviation * deviation;
  }
  EXPECT_NEAR(sum / 4000, 0.0, 0.01);                     // 4σ/√n ≈ 0.009
  EXPECT_NEAR(std::sqrt(squares / 4000), 0.1414, 0.006);  // sd of the sd estimate ≈ 0.0016

  spec = spec_for(write_bump_csv("emulator_no_replicates", 1, 0.0));
  spec.replicate_noise = true;
  EXPECT_THROW(EmulatorTruth::load(spec, 4), InputError);
}

/// A two-design truth with fixed values for the noise decorator.
class ConstantTruth final : public GroundTruth {
 public:
  ConstantTruth() : designs_(Eigen::MatrixXd::Identity(2, 1)), optimal_{0} {}
  std::string describe() const override { return "constant"; }
  const DesignSpace& space() const override { return space_; }
  Goal goal() const override { return Goal::maximize; }
  const std::string& objective_name() const override { return name_; }
  const Eigen::MatrixXd& designs() const override { return designs_; }
  double expected_value(Eigen::Index design) const override { return design == 0 ? 100.0 : 50.0; }
  double measure(Eigen::Index design, Rng&) const override { return expected_value(design); }
  const std::vector<Eigen::Index>& optimal_designs() const override { return optimal_; }

 private:
  DesignSpace space_{{FeatureRange{"x", 0.0, 1.0, 0.0, false}}};
  std::string name_ = "y";
  Eigen::MatrixXd designs_;
  std::vector<Eigen::Index> optimal_;
};

TEST(NoisyTruth, AbsoluteAndRelativeNoiseHaveTheirStandardDeviation) {
  const auto inner = std::make_shared<const ConstantTruth>();
  for (const auto kind : {ObservationNoise::Kind::absolute, ObservationNoise::Kind::relative}) {
    const NoisyTruth truth(inner, ObservationNoise{kind, kind == ObservationNoise::Kind::absolute ? 5.0 : 0.1});
    EXPECT_EQ(truth.expected_value(0), 100.0);
    EXPECT_EQ(truth.optimal_designs(), inner->optimal_designs());
    Rng rng(3);
    double sum = 0.0, squares = 0.0;
    for (int i = 0; i < 10000; ++i) {
      const double value = truth.measure(1, rng);  // design 1: 50, so relative sd 0.1 is 5 as well
      sum += value;
      squares += value * value;
    }
    const double mean = sum / 10000, sd = std::sqrt(squares / 10000 - mean * mean);
    EXPECT_NEAR(mean, 50.0, 0.2);  // 4σ/√n = 0.2
    EXPECT_NEAR(sd, 5.0, 0.15);    // sd of the sd estimate ≈ 5/√(2n) = 0.035
  }
  EXPECT_THROW(NoisyTruth(inner, ObservationNoise{ObservationNoise::Kind::absolute, -1.0}), std::invalid_argument);
}

}  // namespace
}  // namespace bosim
