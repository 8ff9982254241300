// Tests of DatasetTruth on small hand-written tables: grouping, optimum, replicate policies, errors, inferred space.
#include "truth/dataset_truth.hpp"

#include <cmath>
#include <map>

#include "test_support.hpp"

namespace bosim {
namespace {

/// A spec for a table written into a fresh scratch folder.
DatasetSpec spec_for(const std::string& name, const std::string& text) {
  const auto path = testing::scratch_folder("dataset_truth_" + name) / (name + ".csv");
  testing::write_text_file(path, text);
  DatasetSpec spec;
  spec.path = path.string();
  return spec;
}

InputError load_error(const DatasetSpec& spec) {
  try {
    DatasetTruth::load(spec);
  } catch (const InputError& error) {
    return error;
  }
  ADD_FAILURE() << "expected InputError loading " << spec.path;
  return InputError("no error");
}

const SourcePosition study_position("study.toml", 7, 12);

// Design (0,0) has replicates 1, 3, 8; (1,0) has 7; (0,1) has 2, 6.
const std::string replicated_table =
    "x,y,value\n"
    "0,0,1\n"
    "1,0,7\n"
    "0,1,2\n"
    "0,0,3\n"
    "0,1,6\n"
    "0,0,8\n";

TEST(DatasetTruth, GroupsReplicatesInOrderOfFirstAppearance) {
  const DatasetTruth truth = DatasetTruth::load(spec_for("replicates", replicated_table));
  ASSERT_EQ(truth.size(), 3);
  EXPECT_EQ(truth.row_count(), 6);
  Eigen::MatrixXd designs(3, 2);
  designs << 0, 0,  //
      1, 0,         //
      0, 1;
  EXPECT_EQ(truth.designs(), designs);
  EXPECT_EQ(truth.replicates(0), (std::vector<double>{1, 3, 8}));
  EXPECT_EQ(truth.replicates(1), (std::vector<double>{7}));
  EXPECT_EQ(truth.replicates(2), (std::vector<double>{2, 6}));
  EXPECT_EQ(truth.expected_value(0), 4.0);
  EXPECT_EQ(truth.expected_value(1), 7.0);
  EXPECT_EQ(truth.expected_value(2), 4.0);
  EXPECT_EQ(truth.optimal_designs(), (std::vector<Eigen::Index>{1}));
  EXPECT_EQ(truth.objective_name(), "value");
  EXPECT_EQ(truth.goal(), Goal::maximize);
  EXPECT_EQ(truth.describe(), "dataset replicates.csv: 3 designs from 6 rows, 2 features");
}

TEST(DatasetTruth, NegativeZeroIsTheSameDesignAsZero) {
  const DatasetTruth truth = DatasetTruth::load(spec_for("negative_zero", "x,v\n0,1\n-0.0,3\n1,5\n"));
  ASSERT_EQ(truth.size(), 2);
  EXPECT_EQ(truth.expected_value(0), 2.0);
}

TEST(DatasetTruth, TiedOptimaAllCount) {
  const DatasetTruth truth = DatasetTruth::load(spec_for("ties", "x,v\n0,5\n1,9\n2,9\n3,1\n2,9\n"));
  EXPECT_EQ(truth.optimal_designs(), (std::vector<Eigen::Index>{1, 2}));
}

TEST(DatasetTruth, MinimizeTakesTheSmallestMean) {
  DatasetSpec spec = spec_for("minimize", "x,loss\n0,5\n1,0.5\n2,0.7\n1,0.9\n2,0.3\n");
  spec.goal = Goal::minimize;
  const DatasetTruth truth = DatasetTruth::load(spec);
  // Means: x=0 → 5, x=1 → 0.7, x=2 → 0.5.
  EXPECT_EQ(truth.goal(), Goal::minimize);
  EXPECT_EQ(truth.optimal_designs(), (std::vector<Eigen::Index>{2}));
}

TEST(DatasetTruth, MeanPolicyMeasuresTheMean) {
  const DatasetTruth truth = DatasetTruth::load(spec_for("mean_policy", replicated_table));
  Rng rng(1);
  for (int draw = 0; draw < 10; ++draw) EXPECT_EQ(truth.measure(2, rng), 4.0);
  EXPECT_THROW(truth.measure(3, rng), std::out_of_range);
}

TEST(DatasetTruth, SamplePolicyDrawsEachReplicateUniformly) {
  DatasetSpec spec = spec_for("sample_policy", replicated_table);
  spec.replicates = ReplicatePolicy::sample;
  const DatasetTruth truth = DatasetTruth::load(spec);
  Rng rng(2024);
  constexpr int draws = 30000;
  std::map<double, int> counts;
  for (int draw = 0; draw < draws; ++draw) ++counts[truth.measure(0, rng)];
  ASSERT_EQ(counts.size(), 3u) << "only the replicate values 1, 3, 8 may be drawn";
  // Each count is Binomial(30000, 1/3): sd = sqrt(30000 · 1/3 · 2/3) ≈ 81.6;
  // 5 sd = 408 makes a false failure practically impossible (p ≈ 6e-7 per value).
  for (const double value : {1.0, 3.0, 8.0}) EXPECT_NEAR(counts[value], draws / 3.0, 408.0) << "replicate " << value;
  // A design with one replicate always gives it.
  EXPECT_EQ(truth.measure(1, rng), 7.0);
}

TEST(DatasetTruth, ChoosesNamedFeaturesAndObjective) {
  DatasetSpec spec = spec_for("named", "a,b,out1,out2\n0,0,1,10\n0,1,2,20\n1,0,3,5\n");
  spec.features = {"b", "a"};
  spec.objective = "out1";
  const DatasetTruth truth = DatasetTruth::load(spec);
  EXPECT_EQ(truth.objective_name(), "out1");
  ASSERT_EQ(truth.space().dimension(), 2);
  EXPECT_EQ(truth.space().features()[0].name, "b");
  EXPECT_EQ(truth.space().features()[1].name, "a");
  EXPECT_EQ(truth.designs()(2, 0), 0.0);
  EXPECT_EQ(truth.designs()(2, 1), 1.0);
  EXPECT_EQ(truth.optimal_designs(), (std::vector<Eigen::Index>{2}));
}

TEST(DatasetTruth, UnnamedFirstColumnIsAnIndexByDefault) {
  const std::string text = ",x,y,v\n0,1,0,3\n1,2,0,4\n2,1,1,6\n";
  const DatasetTruth automatic = DatasetTruth::load(spec_for("unnamed_auto", text));
  ASSERT_EQ(automatic.space().dimension(), 2);
  EXPECT_EQ(automatic.space().features()[0].name, "x");
  EXPECT_EQ(automatic.space().features()[1].name, "y");

  DatasetSpec explicit_spec = spec_for("unnamed_explicit", text);
  explicit_spec.exclude = {"", "y"};
  const DatasetTruth excluded = DatasetTruth::load(explicit_spec);
  ASSERT_EQ(excluded.space().dimension(), 1);
  EXPECT_EQ(excluded.space().features()[0].name, "x");
  EXPECT_EQ(excluded.size(), 2);  // x = 1 appears twice
}

TEST(DatasetTruth, UnknownColumnIsReportedWhereTheUserTypedIt) {
  DatasetSpec spec = spec_for("unknown", "x,v\n0,1\n1,2\n");
  spec.objective = "V";
  spec.objective_where = study_position;
  InputError error = load_error(spec);
  EXPECT_EQ(error.where().file, "study.toml");
  EXPECT_EQ(error.where().line, 7);
  EXPECT_EQ(error.where().column, 12);
  EXPECT_EQ(error.where().key, "V");
  EXPECT_NE(error.message().find("available columns: \"x\", \"v\""), std::string::npos) << error.what();

  spec.objective.clear();
  spec.features = {"x", "z"};
  spec.features_where = SourcePosition("study.toml", 9, 3);
  error = load_error(spec);
  EXPECT_EQ(error.where().line, 9);
  EXPECT_EQ(error.where().key, "z");

  spec.features.clear();
  spec.exclude = {"w"};
  spec.exclude_where = SourcePosition("study.toml", 11, 5);
  error = load_error(spec);
  EXPECT_EQ(error.where().line, 11);
  EXPECT_EQ(error.where().key, "w");
}

TEST(DatasetTruth, ObjectiveCannotAlsoBeAFeature) {
  DatasetSpec spec = spec_for("objective_feature", "x,v\n0,1\n1,2\n");
  spec.features = {"x", "v"};
  spec.features_where = study_position;
  EXPECT_EQ(load_error(spec).where().key, "v");
}

TEST(DatasetTruth, BadCellsNameLineColumnAndContent) {
  InputError error = load_error(spec_for("nan_cell", "x,y,v\n0,0,1\n1,nan,2\n"));
  EXPECT_EQ(error.where().line, 3);
  EXPECT_EQ(error.where().column, 2);
  EXPECT_EQ(error.where().key, "y");
  EXPECT_NE(error.message().find("\"nan\""), std::string::npos) << error.what();

  error = load_error(spec_for("inf_cell", "x,v\n0,1\n1,inf\n"));
  EXPECT_EQ(error.where().line, 3);
  EXPECT_EQ(error.where().column, 2);
  EXPECT_EQ(error.where().key, "v");

  error = load_error(spec_for("empty_cell", "x,v\r\n0,1\r\n,2\r\n"));
  EXPECT_EQ(error.where().line, 3);
  EXPECT_EQ(error.where().column, 1);
  EXPECT_NE(error.message().find("empty cell"), std::string::npos) << error.what();
}

TEST(DatasetTruth, IgnoredColumnsMayHoldText) {
  DatasetSpec spec = spec_for("text_column", "note,x,v\nfirst,0,1\n,1,2\n");
  spec.exclude = {"note"};
  EXPECT_EQ(DatasetTruth::load(spec).size(), 2);
}

TEST(DatasetTruth, NeedsAtLeastTwoDesigns) {
  EXPECT_NE(load_error(spec_for("one_design", "x,v\n1,2\n1,3\n")).message().find("at least 2"), std::string::npos);
  EXPECT_NE(load_error(spec_for("no_rows", "x,v\n")).message().find("at least 2"), std::string::npos);
}

TEST(DatasetTruth, ConstantObjectiveIsAnError) {
  const InputError error = load_error(spec_for("constant", "x,v\n0,2\n1,1\n1,3\n"));
  EXPECT_EQ(error.where().key, "v");
  EXPECT_NE(error.message().find("same mean"), std::string::npos) << error.what();
}

TEST(DatasetTruth, InfersStepAndBounds) {
  const DatasetTruth truth = DatasetTruth::load(spec_for(
      "infer",
      "grid,uneven_gaps,fixed,decimal,v\n0.0,0.1,5,0.1,1\n0.5,0.3,5,0.3,2\n1.5,0.35,5,0.7,3\n0.5,0.3,5,0.3,4\n"));
  const std::vector<FeatureRange>& features = truth.space().features();
  ASSERT_EQ(features.size(), 4u);
  EXPECT_EQ(features[0].lower, 0.0);
  EXPECT_EQ(features[0].upper, 1.5);
  EXPECT_EQ(features[0].step, 0.5);
  // Gaps 0.2 and 0.05: 0.2 is a multiple of 0.05, so the step is 0.05.
  EXPECT_NEAR(features[1].step, 0.05, 1e-15);
  EXPECT_EQ(features[1].lower, 0.1);
  EXPECT_EQ(features[1].upper, 0.35);
  EXPECT_EQ(features[2].step, 0.0);  // one value: fixed
  EXPECT_EQ(features[2].lower, 5.0);
  EXPECT_EQ(features[2].upper, 5.0);
  // Decimal gaps 0.2 and 0.4 are not exact in binary; they still form a grid of step 0.2.
  EXPECT_NEAR(features[3].step, 0.2, 1e-15);
  EXPECT_TRUE(truth.space().is_grid());
}

TEST(DatasetTruth, IrregularOrFineValuesAreContinuous) {
  const DatasetTruth truth = DatasetTruth::load(
      spec_for("continuous", "irregular,fine,v\n0,0,1\n0.4,0.001,2\n1.0,2,3\n"));  // 0.6/0.4 is not whole
  EXPECT_EQ(truth.space().features()[0].step, 0.0);
  // Gap 0.001 would make a grid of 2001 values over [0, 2]: beyond 1000, so continuous.
  EXPECT_EQ(truth.space().features()[1].step, 0.0);
  EXPECT_FALSE(truth.space().is_grid());
}

TEST(DatasetTruth, FeatureOverridesReplaceInferredRange) {
  DatasetSpec spec = spec_for("override", "x,rate,v\n0,0.01,1\n1,0.1,2\n2,1,3\n");
  FeatureOverride x_override{"x", -1.0, 4.0, 1.0, false, study_position};
  FeatureOverride rate_override{"rate", std::nullopt, std::nullopt, 0.0, true, SourcePosition("study.toml", 8, 1)};
  spec.feature_overrides = {x_override, rate_override};
  const DatasetTruth truth = DatasetTruth::load(spec);
  const FeatureRange& x = truth.space().features()[0];
  EXPECT_EQ(x.lower, -1.0);
  EXPECT_EQ(x.upper, 4.0);
  EXPECT_EQ(x.step, 1.0);
  const FeatureRange& rate = truth.space().features()[1];
  EXPECT_TRUE(rate.log_scale);
  EXPECT_EQ(rate.lower, 0.01);
  EXPECT_EQ(rate.upper, 1.0);
  EXPECT_EQ(rate.step, 0.0);
}

TEST(DatasetTruth, FeatureOverrideErrorsPointAtTheOverride) {
  DatasetSpec spec = spec_for("bad_override", "x,v\n0,1\n2,2\n");
  spec.feature_overrides = {FeatureOverride{"y", 0.0, 1.0, std::nullopt, false, study_position}};
  InputError error = load_error(spec);
  EXPECT_EQ(error.where().line, 7);
  EXPECT_EQ(error.where().key, "y");
  EXPECT_NE(error.message().find("\"x\""), std::string::npos) << error.what();

  spec.feature_overrides = {FeatureOverride{"x", 0.5, std::nullopt, std::nullopt, false, study_position}};
  error = load_error(spec);
  EXPECT_EQ(error.where().line, 7);
  EXPECT_NE(error.message().find("range [0.5, 2] of feature \"x\" does not contain"), std::string::npos)
      << error.what();

  spec.feature_overrides = {FeatureOverride{"x", std::nullopt, std::nullopt, std::nullopt, true, study_position}};
  error = load_error(spec);  // log scale with lower bound 0
  EXPECT_EQ(error.where().line, 7);
  EXPECT_NE(error.message().find("log scale"), std::string::npos) << error.what();

  spec.feature_overrides = {FeatureOverride{"x", std::nullopt, 3.0, std::nullopt, false, study_position},
                            FeatureOverride{"x", -1.0, std::nullopt, std::nullopt, false, SourcePosition("s", 9, 1)}};
  error = load_error(spec);
  EXPECT_EQ(error.where().line, 9);
  EXPECT_NE(error.message().find("twice"), std::string::npos) << error.what();
}

}  // namespace
}  // namespace bosim
