// Tests of the user-defined truths: expression values and parse-error positions, linear constraints in pools of
// every synthetic truth, the emulator's feasible optimum, and the command truth's protocol errors.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "common/file_hash.hpp"
#include "test_support.hpp"
#include "truth/command_truth.hpp"
#include "truth/emulator_truth.hpp"
#include "truth/expression_truth.hpp"
#include "truth/function_truth.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;

FeatureOverride feature(const std::string& name, double lower, double upper, double step = 0.0) {
  FeatureOverride f;
  f.name = name;
  f.lower = lower;
  f.upper = upper;
  if (step > 0.0) f.step = step;
  f.where = SourcePosition("study.toml", 3, 1);
  return f;
}

ExpressionSpec expression_spec(const std::string& expression) {
  ExpressionSpec spec;
  spec.expression = expression;
  spec.expression_where = SourcePosition("study.toml", 7, 15);  // the expression's first character
  spec.pool.features = {feature("x (mm)", 0.0, 2.0, 1.0), feature("y", 0.0, 1.0, 1.0)};
  spec.pool.where = SourcePosition("study.toml", 5, 1);
  return spec;
}

/// The InputError a callable throws (fails the test when it throws none).
template <typename F>
InputError input_error_of(F&& call) {
  try {
    call();
  } catch (const InputError& error) {
    return error;
  }
  ADD_FAILURE() << "no InputError";
  return InputError("none");
}

TEST(ExpressionTruth, VariableNamesOfFeaturesWithSpacesAndUnits) {
  EXPECT_EQ(expression_variable_name("T (degC)"), "T_degC");
  EXPECT_EQ(expression_variable_name("C-rate"), "C_rate");
  EXPECT_EQ(expression_variable_name("V_max (V)"), "V_max_V");
  EXPECT_EQ(expression_variable_name("CB (w/w)"), "CB_w_w");
  EXPECT_EQ(expression_variable_name("2theta"), "_2theta");
  EXPECT_EQ(expression_variable_name("  a   b "), "a_b");
}

TEST(ExpressionTruth, ExactValuesAtTheGridDesigns) {
  ExpressionSpec spec = expression_spec("x_mm^2 + 3*y + c");
  spec.constants = {{"c", 0.5}};
  const ExpressionTruth truth(spec, 1);
  ASSERT_EQ(truth.size(), 6);
  // Grid order: the last feature varies fastest.
  const double x[] = {0, 0, 1, 1, 2, 2}, y[] = {0, 1, 0, 1, 0, 1}, value[] = {0.5, 3.5, 1.5, 4.5, 4.5, 7.5};
  for (Eigen::Index i = 0; i < 6; ++i) {
    EXPECT_EQ(truth.designs()(i, 0), x[i]);
    EXPECT_EQ(truth.designs()(i, 1), y[i]);
    EXPECT_EQ(truth.expected_value(i), value[i]) << i;
  }
  EXPECT_EQ(truth.optimal_designs(), std::vector<Eigen::Index>{5});
  Rng rng(1);
  EXPECT_EQ(truth.measure(5, rng), 7.5);
  EXPECT_EQ(truth.objective_name(), "value");
}

FeatureOverride categorical_feature(const std::string& name, std::vector<std::string> levels) {
  FeatureOverride f;
  f.name = name;
  f.categorical = true;
  f.levels = std::move(levels);
  f.where = SourcePosition("study.toml", 9, 1);
  return f;
}

TEST(ExpressionTruth, ACategoricalFeatureIsItsLevelIndexOnAGridOfLevelsTimesSteps) {
  ExpressionSpec spec;
  spec.expression = "x + 10 * (solvent == 1)";
  spec.pool.features = {feature("x", 0.0, 1.0, 0.5), categorical_feature("solvent", {"water", "ethanol", "THF"})};
  const ExpressionTruth truth(spec, 1);
  ASSERT_EQ(truth.size(), 9);  // 3 steps x 3 levels
  EXPECT_TRUE(truth.space().features()[1].is_categorical());
  for (Eigen::Index i = 0; i < 9; ++i)
    EXPECT_EQ(truth.expected_value(i), truth.designs()(i, 0) + (truth.designs()(i, 1) == 1.0 ? 10.0 : 0.0)) << i;
  ASSERT_EQ(truth.optimal_designs().size(), 1u);
  const Eigen::Index best = truth.optimal_designs().front();
  EXPECT_EQ(truth.space().value_text(1, truth.designs()(best, 1)), "ethanol");
  EXPECT_EQ(truth.designs()(best, 0), 1.0);
}

TEST(ExpressionTruth, SobolPoolsGiveEveryLevelAnEqualShare) {
  ExpressionSpec spec;
  spec.expression = "x";
  spec.pool.features = {feature("x", 0.0, 1.0), categorical_feature("c", {"a", "b", "c"})};
  spec.pool.pool = PoolKind::sobol;
  spec.pool.pool_size = 3000;
  const ExpressionTruth truth(spec, 4);
  std::vector<int> counts(3, 0);
  for (Eigen::Index i = 0; i < truth.size(); ++i) ++counts.at(static_cast<size_t>(truth.designs()(i, 1)));
  // Snapping u·(L − 1) to the nearest level would give the end levels 25 % each and the middle one 50 %; a
  // scrambled Sobol sequence splits [0, 1) into thirds almost exactly (within 1 % of 3,000 here).
  for (int count : counts) EXPECT_NEAR(count, 1000, 30) << counts[0] << " " << counts[1] << " " << counts[2];
}

TEST(ExpressionTruth, CategoricalFeatureErrorsNameTheFeatureAndTheLevel) {
  ExpressionSpec spec;
  spec.expression = "x";
  spec.pool.features = {feature("x", 0.0, 1.0, 0.5), categorical_feature("solvent", {})};
  EXPECT_NE(std::string(input_error_of([&] { ExpressionTruth truth(spec, 1); }).what())
                .find("categorical feature \"solvent\" needs levels"),
            std::string::npos);
  const fs::path folder = testing::scratch_folder("categorical_designs");
  testing::write_text_file(folder / "designs.csv", "x,solvent\n0,water\n0.5,THF\n1,benzene\n");
  spec.pool.features[1].levels = {"water", "THF"};
  spec.pool.designs_path = (folder / "designs.csv").string();
  const InputError error = input_error_of([&] { ExpressionTruth truth(spec, 1); });
  EXPECT_NE(std::string(error.what()).find("level \"benzene\" of feature \"solvent\" is not among its levels"),
            std::string::npos)
      << error.what();
  EXPECT_EQ(error.where().line, 4);
  // Without listed levels a designs file's distinct cells are the levels, sorted bytewise.
  spec.pool.features[1].levels.clear();
  const ExpressionTruth truth(spec, 1);
  EXPECT_EQ(truth.space().features()[1].levels, (std::vector<std::string>{"THF", "benzene", "water"}));
  EXPECT_EQ(truth.designs()(2, 1), 1.0);
}

TEST(ExpressionTruth, ParseErrorsPointAtTheColumnInsideTheExpression) {
  // "x_mm + * y": the unexpected '*' is character 8 (index 7): column 15 + 7.
  InputError error = input_error_of([] { ExpressionTruth(expression_spec("x_mm + * y"), 1); });
  EXPECT_EQ(error.where().file, "study.toml");
  EXPECT_EQ(error.where().line, 7);
  EXPECT_EQ(error.where().column, 22) << error.what();
  // An unknown variable "z" at index 7; the message lists the variables.
  error = input_error_of([] { ExpressionTruth(expression_spec("x_mm + z"), 1); });
  EXPECT_EQ(error.where().column, 22) << error.what();
  EXPECT_NE(error.message().find("x_mm, y"), std::string::npos) << error.what();
  // A value that is not finite names the design.
  error = input_error_of([] { ExpressionTruth(expression_spec("1 / x_mm"), 1); });
  EXPECT_NE(error.message().find("design 1 (x (mm) = 0"), std::string::npos) << error.what();
}

TEST(ExpressionTruth, TwoFeaturesWithOneVariableNameAreAnError) {
  ExpressionSpec spec = expression_spec("a_b");
  spec.pool.features = {feature("a b", 0, 1, 1), feature("a-b", 0, 1, 1)};
  const InputError error = input_error_of([&] { ExpressionTruth(spec, 1); });
  EXPECT_NE(error.message().find("already feature \"a b\""), std::string::npos) << error.what();
}

/// x1 + x2 <= 0.8 on [0, 1]²: the grid of step 0.1 keeps the 45 points with i + j <= 8.
ConstraintSpec sum_at_most(double upper) {
  ConstraintSpec constraint;
  constraint.terms = {{"x1", 1.0}, {"x2", 1.0}};
  constraint.upper = upper;
  constraint.where = SourcePosition("study.toml", 9, 1);
  return constraint;
}

TEST(Constraints, GridAndSampledPoolsHoldOnlyFeasibleDesigns) {
  ExpressionSpec spec = expression_spec("x1 - x2");
  spec.pool.features = {feature("x1", 0, 1, 0.1), feature("x2", 0, 1, 0.1)};
  spec.pool.constraints = {sum_at_most(0.8)};
  const ExpressionTruth grid(spec, 1);
  EXPECT_EQ(grid.size(), 45);  // Σ_{i=0..8} (9 − i)
  for (Eigen::Index i = 0; i < grid.size(); ++i) EXPECT_LE(grid.designs().row(i).sum(), 0.8 + 1e-9);
  for (PoolKind kind : {PoolKind::sobol, PoolKind::latin_hypercube}) {
    spec.pool.features = {feature("x1", 0, 1), feature("x2", 0, 1)};
    spec.pool.pool = kind;
    spec.pool.pool_size = 1000;
    const ExpressionTruth sampled(spec, 4);
    // About 1000 · 0.32 (the triangle's area) points remain, every one feasible.
    EXPECT_GT(sampled.size(), 250);
    EXPECT_LT(sampled.size(), 400);
    for (Eigen::Index i = 0; i < sampled.size(); ++i) EXPECT_LE(sampled.designs().row(i).sum(), 0.8 + 1e-9);
  }
  // A function truth takes the same constraints.
  FunctionSpec function;
  function.function = TestFunctionKind::branin;
  function.feature_overrides = {feature("x1", -5, 10, 1), feature("x2", 0, 15, 1)};
  function.constraints = {sum_at_most(5.0)};
  const FunctionTruth branin(function, 1);
  Eigen::Index expected = 0;
  for (int a = -5; a <= 10; ++a)
    for (int b = 0; b <= 15; ++b) expected += a + b <= 5 ? 1 : 0;
  EXPECT_EQ(branin.size(), expected);
  for (Eigen::Index i = 0; i < branin.size(); ++i) EXPECT_LE(branin.designs().row(i).sum(), 5.0);
  // A name that is not a feature.
  function.constraints.front().terms.front().first = "x3";
  const InputError error = input_error_of([&] { FunctionTruth(function, 1); });
  EXPECT_EQ(error.where().line, 9);
  EXPECT_NE(error.message().find("\"x3\", which is not a feature"), std::string::npos) << error.what();
}

TEST(Constraints, TheP3htEmulatorOptimumIsFeasible) {
  BOSIM_REQUIRE_SHARED_DATASET(path, "p3ht_cnt.csv");
  EmulatorSpec spec;
  spec.data.path = path;
  spec.data.objective = "Conductivity (measured) (S/cm)";
  spec.pool = PoolKind::sobol;
  spec.pool_size = 2000;
  ConstraintSpec total;
  for (const char* name : {"P3HT content (%)", "D1 content (%)", "D2 content (%)", "D6 content (%)", "D8 content (%)"})
    total.terms.emplace_back(name, 1.0);
  total.upper = 100.0;
  // Without the constraint the emulated optimum lies outside the simplex (the issue: 151.7 %).
  const EmulatorTruth free = EmulatorTruth::load(spec, 7);
  EXPECT_GT(free.continuous_optimum().sum(), 100.0);
  spec.data.constraints = {total};
  const EmulatorTruth constrained = EmulatorTruth::load(spec, 7);
  EXPECT_LE(constrained.continuous_optimum().sum(), 100.0 + 1e-9);
  for (Eigen::Index i = 0; i < constrained.size(); ++i)
    EXPECT_LE(constrained.designs().row(i).sum(), 100.0 + 1e-9) << i;
  EXPECT_LT(constrained.size(), 2000);
}

/// A command spec over a 5-design grid x = 0..4, running `script` (a shell script) in folder.
CommandSpec command_spec(const fs::path& folder, const std::string& script) {
  testing::write_text_file(folder / "model.sh", script);
  CommandSpec spec;
  spec.command = {"/bin/sh", "model.sh"};
  spec.command_where = SourcePosition("study.toml", 4, 11);
  spec.directory = folder.string();
  spec.pool.features = {feature("x", 0, 4, 1)};
  return spec;
}

std::string command_error(const CommandSpec& spec) {
  return input_error_of([&] { CommandTruth truth{CommandJob(spec, 1)}; }).what();
}

TEST(CommandTruth, ReadsTheObjectiveAndTheSdColumnInDesignOrder) {
  const fs::path folder = testing::scratch_folder("command_ok");
  // y = 10 x (x read from stdin), sd = x / 10.
  CommandSpec spec = command_spec(folder,
                                  "read header\necho 'x,y,s'\nwhile IFS=, read x; do echo \"$x,$((x * 10)),0.$x\"; "
                                  "done\n");
  spec.objective = "y";
  spec.sd_column = "s";
  const CommandJob job(spec, 1);
  const CommandTruth truth(job);
  ASSERT_EQ(truth.size(), 5);
  for (Eigen::Index i = 0; i < 5; ++i) EXPECT_EQ(truth.expected_value(i), 10.0 * static_cast<double>(i));
  EXPECT_EQ(truth.objective_name(), "y");
  // Heteroscedastic: design 0 has sd 0 (exact), design 4 sd 0.4: the mean of 4000 draws is within 5 sd/√n.
  Rng rng(3);
  EXPECT_EQ(truth.measure(0, rng), 0.0);
  double sum = 0.0, squares = 0.0;
  for (int k = 0; k < 4000; ++k) {
    const double value = truth.measure(4, rng) - 40.0;
    sum += value;
    squares += value * value;
  }
  EXPECT_NEAR(sum / 4000, 0.0, 5 * 0.4 / std::sqrt(4000.0));
  EXPECT_NEAR(std::sqrt(squares / 4000), 0.4, 0.02);
  // The key changes with the script's bytes.
  const std::string key = job.key();
  testing::write_text_file(folder / "model.sh", "# changed\n" + read_file_bytes((folder / "model.sh").string()));
  EXPECT_NE(CommandJob(spec, 1).key(), key);
}

TEST(CommandTruth, ACategoricalFeatureReachesTheProgramAsItsLevelName) {
  const fs::path folder = testing::scratch_folder("command_categorical");
  // y = 1 for ethanol, 0 otherwise: the program sees the level names.
  CommandSpec spec = command_spec(
      folder,
      "read header\necho 'y'\nwhile IFS=, read x s; do if [ \"$s\" = ethanol ]; then echo 1; else echo 0; fi; "
      "done\n");
  spec.pool.features.push_back(categorical_feature("solvent", {"water", "ethanol"}));
  const CommandJob job(spec, 1);
  EXPECT_NE(designs_csv(job.pool().space, job.pool().designs, 0, 2).find("x,solvent\n0,water\n0,ethanol\n"),
            std::string::npos);
  const CommandTruth truth(job);
  ASSERT_EQ(truth.size(), 10);
  for (Eigen::Index i = 0; i < truth.size(); ++i)
    EXPECT_EQ(truth.expected_value(i), truth.designs()(i, 1) == 1.0 ? 1.0 : 0.0) << i;
}

TEST(CommandTruth, EveryProtocolErrorNamesTheCommandAndTheDesign) {
  const fs::path folder = testing::scratch_folder("command_errors");
  CommandSpec spec = command_spec(folder, "exit 0\n");
  spec.command = {"no-such-program-bosim", "x"};
  EXPECT_NE(command_error(spec).find("cannot start 'no-such-program-bosim': not found"), std::string::npos)
      << command_error(spec);
  EXPECT_NE(command_error(spec).find("study.toml:4:11"), std::string::npos);

  spec = command_spec(folder, "echo 'model failed: bad parameter' >&2\nexit 3\n");
  std::string error = command_error(spec);
  EXPECT_NE(error.find("command '/bin/sh model.sh' exited with status 3 on designs 1-5 of 5"), std::string::npos)
      << error;
  EXPECT_NE(error.find("model failed: bad parameter"), std::string::npos) << error;

  spec = command_spec(folder, "sleep 30\n");
  spec.timeout_seconds = 0.3;
  error = command_error(spec);
  EXPECT_NE(error.find("did not finish within timeout_seconds = 0.3 on designs 1-5"), std::string::npos) << error;

  spec = command_spec(folder, "cat > /dev/null\nprintf 'y\\n1\\n2\\n'\n");
  error = command_error(spec);
  EXPECT_NE(error.find("printed 2 rows for 5 designs 1-5 of 5"), std::string::npos) << error;

  for (const std::string bad : {"abc", "nan", "inf", ""}) {
    spec = command_spec(folder, "cat > /dev/null\nprintf 'y\\n1\\n2\\n" + bad + "\\n4\\n5\\n'\n");
    error = command_error(spec);
    EXPECT_NE(
        error.find("row 3 of its output, for design 3 (x = 2): column \"y\" is \"" + bad + "\", not a finite number"),
        std::string::npos)
        << error;
  }

  spec = command_spec(folder, "cat > /dev/null\nprintf 'y\\n1\\n2\\n3\\n4\\n5\\n'\n");
  spec.objective = "capacity";
  error = command_error(spec);
  EXPECT_NE(error.find("printed no column \"capacity\" on designs 1-5 of 5; its columns: \"y\""), std::string::npos)
      << error;
}

TEST(CommandTruth, DesignsFilePlaceholderAndReplicateColumns) {
  const fs::path folder = testing::scratch_folder("command_file");
  // Reads the designs from the file named by {designs}; prints two replicates 2x and 2x + 2.
  CommandSpec spec = command_spec(folder,
                                  "echo 'a,b'\ntail -n +2 \"$1\" | while IFS=, read x; do echo \"$((2 * x)),$((2 * x + "
                                  "2))\"; done\n");
  spec.command = {"/bin/sh", "model.sh", designs_file_placeholder};
  spec.replicate_columns = {"a", "b"};
  spec.replicates = ReplicatePolicy::sample;
  const CommandTruth truth{CommandJob(spec, 1)};
  for (Eigen::Index i = 0; i < 5; ++i) EXPECT_EQ(truth.expected_value(i), 2.0 * static_cast<double>(i) + 1.0);
  Rng rng(5);
  int low = 0;
  for (int k = 0; k < 1000; ++k) {
    const double value = truth.measure(2, rng);
    ASSERT_TRUE(value == 4.0 || value == 6.0) << value;
    low += value == 4.0 ? 1 : 0;
  }
  EXPECT_NEAR(low, 500, 5 * std::sqrt(250.0));  // binomial(1000, 1/2): 5 sd
}

}  // namespace
}  // namespace bosim
