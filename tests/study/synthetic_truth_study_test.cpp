// Tests of the [truth] kinds beyond a dataset: parsing their keys (with positions), loading them, running a campaign on
// the nucleation-layer model, and `bosim sample-truth` round trips.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "campaign/campaign.hpp"
#include "parse_errors.hpp"
#include "study/study.hpp"
#include "study/study_file.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

using bosim::testing::scratch_folder;
using bosim::testing::write_text_file;

using testing::expect_error;
using testing::parse;

TEST(SyntheticTruthKeys, NucleationLayerParametersAreReadAndRangeChecked) {
  const ParsedStudy parsed =
      parse("[truth]\nkind = \"nucleation-layer\"\ncell_spread = 0.2\nmax_cycles = 800\noptimum_time = 1\n");
  EXPECT_EQ(parsed.study.truth_kind, TruthKind::nucleation_layer);
  EXPECT_EQ(parsed.study.nucleation_layer.parameters.cell_spread, 0.2);
  EXPECT_EQ(parsed.study.nucleation_layer.parameters.max_cycles, 800);
  EXPECT_EQ(parsed.study.nucleation_layer.parameters.optimum_time, 1.0);
  EXPECT_EQ(parsed.study.nucleation_layer.parameters.min_loss, NucleationLayerParameters{}.min_loss);

  const std::string head = "[truth]\nkind = \"nucleation-layer\"\n";  // lines 1–2
  expect_error(head + "cell_sprad = 0.2\n", "3:1",
               "unknown key 'cell_sprad' in [truth] of kind \"nucleation-layer\"; did you mean 'cell_spread'?");
  expect_error(head + "width_cb = 0\n", "3:12", "'width_cb' (CB width of the loss bowl (w/w)) must be in (0, inf)");
  expect_error(head + "cb_cnt_coupling = 1.0\n", "3:19", "'cb_cnt_coupling' (CB-CNT coupling rho) must be in (-1, 1)");
  expect_error(head + "min_loss = 0.5\nmax_loss = 0.4\n", "4:12", "'max_loss' must be at least 'min_loss'");
  expect_error(head + "max_cycles = 2.5\n", "3:14", "'max_cycles' must be an integer (got a floating-point number)");
  expect_error(head + "path = \"x.csv\"\n", "3:1",
               "'path' is not a key of [truth] of kind \"nucleation-layer\"; it belongs to kind dataset, emulator");
}

TEST(SyntheticTruthKeys, FunctionPoolAndNoiseKeys) {
  const ParsedStudy parsed = parse(
      "[truth]\nkind = \"function\"\nfunction = \"ackley\"\ndimension = 5\npool = \"lhs\"\npool_size = 300\n"
      "noise = {sd = 0.1, kind = \"relative\"}\n");
  EXPECT_EQ(parsed.study.truth_kind, TruthKind::function);
  EXPECT_EQ(parsed.study.function.function, TestFunctionKind::ackley);
  EXPECT_EQ(parsed.study.function.dimension, 5);
  EXPECT_EQ(parsed.study.function.pool, PoolKind::latin_hypercube);
  EXPECT_EQ(parsed.study.function.pool_size, 300);
  EXPECT_EQ(parsed.study.function.goal, Goal::minimize);
  EXPECT_EQ(parsed.study.noise.kind, ObservationNoise::Kind::relative);
  EXPECT_EQ(parsed.study.noise.sd, 0.1);

  const std::string head = "[truth]\nkind = \"function\"\n";  // lines 1–2
  expect_error(head, "1:1",
               "[truth] of kind \"function\" needs function = \"…\", one of branin, hartmann3, hartmann6, "
               "ackley, rosenbrock");
  expect_error(head + "function = \"branim\"\n", "3:12",
               "'branim' is not a valid function; choose one of: branin, hartmann3, hartmann6, ackley, rosenbrock; did "
               "you mean 'branin'?");
  expect_error(head + "function = \"branin\"\ndimension = 3\n", "4:13",
               "branin has a fixed dimension (2); 'dimension' applies to ackley and rosenbrock");
  expect_error(head + "function = \"rosenbrock\"\ndimension = 1\n", "4:13",
               "'dimension' of rosenbrock must be between 2 and 1000");
  expect_error(head + "function = \"ackley\"\npool_size = 0\n", "4:13",
               "'pool_size' must be an integer between 1 and 1000000");
  expect_error(head + "function = \"ackley\"\npool = \"grid\"\npool_size = 10\n", "5:13",
               "'pool_size' applies to pool = \"sobol\" or \"lhs\"; a grid pool is every grid point");
  expect_error(head + "function = \"ackley\"\ndimension = 30\n", "1:1",
               "a Sobol pool supports at most 21 dimensions; use pool = \"lhs\"");
  expect_error(head + "function = \"ackley\"\nnoise = {sd = -1}\n", "4:15", "'sd' must be >= 0");
  expect_error(head + "function = \"ackley\"\nnoise = {sd = 1, knd = \"absolute\"}\n", "4:18",
               "unknown key 'knd' in [truth] noise; did you mean 'kind'?");
  expect_error(head + "function = \"ackley\"\nnoise = {kind = \"absolute\"}\n", "4:9",
               "'noise' needs sd = … (the standard deviation), e.g. noise = {sd = 5.0, kind = \"absolute\"}");
  expect_error(head + "function = \"ackley\"\nreplicates = \"mean\"\n", "4:1",
               "'replicates' is not a key of [truth] of kind \"function\"; it belongs to kind dataset, command");
  expect_error(head + "function = \"ackley\"\npool_sise = 3\n", "4:1",
               "unknown key 'pool_sise' in [truth] of kind \"function\"; did you mean 'pool_size'?");
}

TEST(SyntheticTruthKeys, EmulatorKeys) {
  const ParsedStudy parsed =
      parse("[truth]\nkind = \"emulator\"\npath = \"d.csv\"\nkernel = \"matern52-ard\"\nreplicate_noise = true\n");
  EXPECT_EQ(parsed.study.truth_kind, TruthKind::emulator);
  EXPECT_EQ(parsed.study.emulator.data.path, "d.csv");
  EXPECT_EQ(parsed.study.emulator.kernel, KernelKind::matern52_ard);
  EXPECT_TRUE(parsed.study.emulator.replicate_noise);
  expect_error("[truth]\nkind = \"emulator\"\npath = \"d.csv\"\nreplicate_noise = 1\n", "4:19",
               "'replicate_noise' must be true or false (got an integer)");
}

/// Writes a study into a scratch folder and loads it.
LoadedStudy load(const std::string& folder, const std::string& text) {
  const auto path = scratch_folder(folder) / "s.toml";
  write_text_file(path, text);
  return load_study(path.string());
}

TEST(SyntheticTruthStudy, FunctionPoolComesFromTheStudySeed) {
  const std::string text = "[truth]\nkind = \"function\"\nfunction = \"hartmann3\"\npool_size = 200\n";
  const LoadedStudy a = load("synthetic_seed_a", "seed = 1\n" + text);
  const LoadedStudy b = load("synthetic_seed_b", "seed = 1\n" + text);
  const LoadedStudy c = load("synthetic_seed_c", "seed = 2\n" + text);
  EXPECT_EQ(a.truth->designs(), b.truth->designs());
  EXPECT_NE(a.truth->designs(), c.truth->designs());
  EXPECT_EQ(a.study.inputs.size(), 1U);  // no data file
  const LoadedStudy noisy = load("synthetic_noisy", text + "noise = {sd = 0.5}\n");
  EXPECT_NE(noisy.truth->describe().find("absolute noise sd 0.5"), std::string::npos);
  try {
    load("synthetic_bad_pool", "[truth]\nkind = \"function\"\nfunction = \"branin\"\npool = \"grid\"\n");
    ADD_FAILURE() << "a grid pool without steps must fail";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("s.toml:1:1: error: pool = \"grid\" needs a step for every feature"),
              std::string::npos)
        << error.what();
  }
}

TEST(SyntheticTruthStudy, NucleationLayerCampaignNeverLeavesTheFeasibleRegion) {
  // Grid-snap on a coarse grid: the acquisition is maximized over the feasible grid and every
  // measured design is a pool design, so PVdF = 1 − CB − CNT stays within [0.10, 0.40].
  const LoadedStudy loaded =
      load("synthetic_nucleation_campaign",
           "seed = 4\n[truth]\nkind = \"nucleation-layer\"\n[[truth.feature]]\nname = \"CB (w/w)\"\nstep = 0.1\n"
           "[[truth.feature]]\nname = \"CNT (w/w)\"\nstep = 0.1\n[campaign]\nn_init = 4\nbudget = 25\n"
           "mode = \"grid-snap\"\ncontinue_after_optimum = true\n[model]\nrestarts = 0\n");
  const GroundTruth& truth = *loaded.truth;
  const Eigen::MatrixXd grid = truth.space().grid();
  for (Eigen::Index r = 0; r < grid.rows(); ++r) ASSERT_TRUE(truth.space().is_feasible(grid.row(r)));
  for (std::uint32_t repeat = 0; repeat < 3; ++repeat) {
    const RunRecord record =
        run_campaign(truth, loaded.study.configurations.front().settings, RunIdentity{loaded.study.seed, 0, repeat});
    ASSERT_EQ(record.chosen.size(), 25U);
    for (const auto design : record.chosen) {
      const double pvdf = 1.0 - truth.designs()(design, 0) - truth.designs()(design, 1);
      EXPECT_GE(pvdf, 0.10 - 1e-9);
      EXPECT_LE(pvdf, 0.40 + 1e-9);
    }
  }
}

/// Path of the bosim executable in this build, or "" when it has not been built.
std::string bosim_executable() {
  const auto path = std::filesystem::path(BOSIM_BINARY_DIR) / "apps" / "bosim";
  return std::filesystem::exists(path) ? path.string() : std::string();
}

int run_command(const std::string& command) {
  const int status = std::system((command + " 2>/dev/null").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(SampleTruthCommand, CsvRoundTripsThroughADatasetStudy) {
  const std::string bosim = bosim_executable();
  if (bosim.empty()) GTEST_SKIP() << "needs the bosim executable (build target bosim) in " BOSIM_BINARY_DIR "/apps";
  const auto folder = scratch_folder("sample_truth_round_trip");
  write_text_file(folder / "model.toml", "seed = 5\n[truth]\nkind = \"nucleation-layer\"\n");
  const std::string csv = (folder / "data.csv").string();
  const std::string command =
      bosim + " sample-truth " + (folder / "model.toml").string() + " -n 16 --replicates 2 -o " + csv;
  ASSERT_EQ(run_command(command), 0);
  EXPECT_EQ(run_command(command), 2);  // exists: never overwritten without --force
  EXPECT_EQ(run_command(command + " --force"), 0);

  write_text_file(folder / "replay.toml",
                  "[truth]\npath = \"data.csv\"\nobjective = \"Lifetime (cycles)\"\nreplicates = \"sample\"\n");
  const LoadedStudy replay = load_study((folder / "replay.toml").string());
  const auto& dataset = dynamic_cast<const DatasetTruth&>(*replay.truth);
  EXPECT_EQ(dataset.size(), 16);
  EXPECT_EQ(dataset.row_count(), 32);
  const auto& names = dataset.space().features();
  ASSERT_EQ(names.size(), 3U);
  EXPECT_EQ(names[0].name, "CB (w/w)");
  EXPECT_EQ(names[2].name, "Oxidation time (h)");
  // Every sampled design is a feasible Table 1 design, written as the decimal a user types.
  const LoadedStudy model = load_study((folder / "model.toml").string());
  for (Eigen::Index i = 0; i < dataset.size(); ++i) {
    bool found = false;
    for (Eigen::Index j = 0; j < model.truth->size() && !found; ++j)
      found = dataset.designs().row(i) == model.truth->designs().row(j);
    EXPECT_TRUE(found) << "design " << i;
    EXPECT_EQ(dataset.replicates(i).size(), 2U);
  }
  // The same seed gives the same file.
  std::ifstream first(csv);
  std::stringstream before;
  before << first.rdbuf();
  ASSERT_EQ(run_command(command + " --force"), 0);
  std::ifstream second(csv);
  std::stringstream after;
  after << second.rdbuf();
  EXPECT_EQ(before.str(), after.str());
}

TEST(SampleTruthCommand, BadArgumentsExitWithTwoAndWriteNothing) {
  const std::string bosim = bosim_executable();
  if (bosim.empty()) GTEST_SKIP() << "needs the bosim executable (build target bosim) in " BOSIM_BINARY_DIR "/apps";
  const auto folder = scratch_folder("sample_truth_bad");
  const std::string study = (folder / "model.toml").string();
  write_text_file(study, "[truth]\nkind = \"nucleation-layer\"\n[[truth.feature]]\nname = \"CB (w/w)\"\nstep = 0.35\n");
  const std::string csv = (folder / "out.csv").string();
  EXPECT_EQ(run_command(bosim + " sample-truth " + study + " -n 1 -o " + csv), 2);
  EXPECT_EQ(run_command(bosim + " sample-truth " + study + " -n 8 --replicates 0 -o " + csv), 2);
  EXPECT_EQ(run_command(bosim + " sample-truth " + study + " -n 100000 -o " + csv), 2);  // more than the pool
  EXPECT_EQ(run_command(bosim + " sample-truth " + study + " -n 8 -o " + (folder / "no" / "out.csv").string()), 2);
  EXPECT_EQ(run_command(bosim + " sample-truth " + (folder / "missing.toml").string() + " -n 8 -o " + csv), 2);
  EXPECT_EQ(run_command(bosim + " sample-truth " + study + " -n eight -o " + csv), 2);
  EXPECT_FALSE(std::filesystem::exists(csv));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(folder), std::filesystem::directory_iterator()), 1);
}

}  // namespace
}  // namespace bosim
