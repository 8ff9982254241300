#include "summary_json.hpp"

#include <cmath>

#include "analysis/config_table.hpp"
#include "json_writer.hpp"
#include "race_summary.hpp"
#include "stats/bootstrap.hpp"

namespace bosim::cli {

namespace {

using Count = long long;

Count count(std::size_t value) { return static_cast<Count>(value); }

/// Elements from `start` on (a curve by experiment re-indexed by iteration: start = n_init − 1).
std::vector<double> from_index(const std::vector<double>& values, std::int64_t start) {
  if (start < 0 || static_cast<std::size_t>(start) >= values.size()) return {};
  return std::vector<double>(values.begin() + start, values.end());
}

void write_ert(JsonWriter& json, double ert) { json.key("ert").value(ert).key("ert_infinite").value(std::isinf(ert)); }

/// NAME_ci_low and NAME_ci_high of a 95 % bootstrap interval.
void write_interval(JsonWriter& json, const std::string& name, const Interval& interval) {
  json.key(name + "_ci_low").value(interval.low).key(name + "_ci_high").value(interval.high);
}

/// NAME and NAME_censored of a quantile over all runs (true: the quantile only exceeds NAME).
void write_quantile(JsonWriter& json, const std::string& name, const CensoredQuantile& quantile) {
  json.key(name).value(quantile.value).key(name + "_censored").value(quantile.censored);
}

/// Mean, CI, std, min, max over the runs that found the optimum; quartiles and whiskers over every run,
/// misses ranked worst (censored).
void write_sample(JsonWriter& json, const SampleSummary& s, const CensoredBox& box) {
  json.key("mean").value(s.mean).key("ci_low").value(s.ci_low).key("ci_high").value(s.ci_high).key("std").value(s.std);
  write_quantile(json, "median", box.median);
  write_quantile(json, "q25", box.q25);
  write_quantile(json, "q75", box.q75);
  write_quantile(json, "whisker_low", box.whisker_low);
  write_quantile(json, "whisker_high", box.whisker_high);
  json.key("min").value(s.min).key("max").value(s.max);
}

void write_band(JsonWriter& json, const std::string& name, const CurveBand& band, std::int64_t start) {
  json.key(name).begin_object();
  json.key("mean").values(from_index(band.mean, start));
  json.key("ci_low").values(from_index(band.low, start));
  json.key("ci_high").values(from_index(band.high, start));
  json.end_object();
}

void write_liang(JsonWriter& json, const LiangMetrics& liang) {
  json.key("liang").begin_object().key("acceleration").begin_array();
  for (const LevelAcceleration& level : liang.acceleration)
    json.begin_object()
        .key("level")
        .value(level.level)
        .key("experiments_bo")
        .value(level.experiments_bayesian > 0 ? static_cast<double>(level.experiments_bayesian) : NAN)
        .key("experiments_random")
        .value(level.experiments_random)
        .key("random_source")
        .value(level.random_from_expectation ? "expectation" : "study")
        .key("af")
        .value(level.factor)
        .end_object();
  json.end_array();
  json.key("ef_max").value(liang.enhancement_max.value);
  json.key("ef_max_experiment").value(static_cast<Count>(liang.enhancement_max.experiment));
  json.key("experiments_to_top_0_8")
      .value(liang.experiments_to_top_0_8 > 0 ? static_cast<double>(liang.experiments_to_top_0_8) : NAN);
  json.end_object();
}

void write_runs(JsonWriter& json, const ConfigMetrics& m) {
  json.key("runs").value(count(m.runtimes.size())).key("found").value(count(m.found));
  json.key("success_rate").value(m.success_rate).key("censored").value(count(m.runtimes.size() - m.found));
  json.key("censored_experiments_spent").values(m.censored_experiments);
  write_ert(json, m.ert);
  write_interval(json, "ert", m.ert_interval);
  json.key("ert_iterations").value(m.ert_iterations);
  write_interval(json, "ert_iterations", m.ert_iterations_interval);
  json.key("censored_iterations_spent").values(m.censored_iterations);
  write_sample(json, m.experiments, m.experiment_box);
  json.key("experiments_of_found_runs").values(m.experiments_of_found);
  json.key("iterations_of_found_runs").values(m.iterations_of_found);
  json.key("iterations").begin_object();
  write_sample(json, m.iterations, m.iteration_box);
  json.end_object();
  json.key("repeats").begin_array();
  for (const std::uint32_t repeat : m.repeats) json.value(static_cast<Count>(repeat));
  json.end_array();
  std::vector<double> by_repeat;
  for (const CensoredRuntime& runtime : m.runtimes) by_repeat.push_back(runtime.reached ? runtime.experiments : NAN);
  json.key("experiments_by_repeat").values(by_repeat);
}

void write_curves(JsonWriter& json, const ConfigMetrics& m) {
  const std::int64_t start = m.n_init - 1;
  write_band(json, "best_so_far_by_experiment", m.best_so_far, 0);
  write_band(json, "best_so_far_by_iteration", m.best_so_far, start);
  json.key("ecdf_by_experiment").values(m.ecdf).key("ecdf_by_iteration").values(from_index(m.ecdf, start));
  json.key("mean_simple_regret_by_experiment").values(m.mean_simple_regret);
  json.key("mean_top_found_share_by_experiment").values(m.mean_top_found_share);
  json.key("mean_top_found_share_by_iteration").values(from_index(m.mean_top_found_share, start));
  write_band(json, "top_found_share_by_experiment", m.top_found_share, 0);
  write_band(json, "top_found_share_by_iteration", m.top_found_share, start);
  json.key("enhancement_factor_by_experiment").values(m.enhancement_factor);
  write_liang(json, m.liang);
}

/// "beta0=1.5 epsilon=0.1": the parameters that vary among the configuration's acquisition's configurations.
std::string settings_of(const ResultsSummaryView& view, const StudyAnalysis& analysis, const ConfigMetrics& m) {
  std::vector<std::size_t> rows;
  for (const ConfigMetrics& other : analysis.configs)
    if (other.acquisition == m.acquisition) rows.push_back(other.row);
  return settings_text(view, m.row, varying_columns(view, rows, false));
}

void write_config(JsonWriter& json, const ResultsSummaryView& view, const StudyAnalysis& analysis,
                  const ConfigMetrics& m) {
  json.begin_object();
  json.key("config_id").value(static_cast<Count>(m.config_id));
  json.key("parameters").begin_object();
  for (std::size_t p = 0; p < view.parameter_names.size(); ++p)
    json.key(view.parameter_names[p]).value(view.config_cells[m.row][p]);
  json.end_object();
  json.key("randomized").value(view.randomized[m.row]).key("settings").value(settings_of(view, analysis, m));
  json.key("acquisition").value(m.acquisition).key("n_init").value(static_cast<Count>(m.n_init));
  json.key("rank").value(count(m.rank));
  json.key("failed").value(static_cast<Count>(view.summaries[m.row].failed));
  write_runs(json, m);
  write_curves(json, m);
  json.key("targets").begin_array();
  for (const TargetOutcome& target : m.targets)
    json.begin_object()
        .key("percent")
        .value(target.percent)
        .key("reached_share")
        .value(target.reached_share)
        .key("mean_experiments")
        .value(target.mean_experiments)
        .end_object();
  json.end_array();
  json.key("mean_iterations_to_optimum").value(m.iterations.mean);
  json.key("speedup_over_random").value(m.speedup_over_random);
  json.key("race_eliminated").value(m.race_eliminated);
  json.end_object();
}

void write_friedman(JsonWriter& json, bool present, const FriedmanTest& test) {
  json.key("friedman");
  if (!present) {
    json.value(NAN);
    return;
  }
  json.begin_object().key("statistic").value(test.statistic).key("df").value(static_cast<Count>(test.treatments) - 1);
  json.key("p_value").value(test.p_value).key("blocks").value(count(test.blocks));
  json.key("kendall_w").value(test.kendall_w).end_object();
}

/// Pitman–Morgan comparison of spreads (randomized settings against the best setting).
void write_spread(JsonWriter& json, const SpreadComparison& spread) {
  json.key("spread").begin_object().key("test").value("pitman-morgan").key("pairs").value(count(spread.pairs));
  json.key("sd").value(spread.sd_candidate).key("sd_best").value(spread.sd_reference);
  json.key("sd_ratio").value(spread.sd_ratio).key("correlation").value(spread.correlation);
  json.key("statistic").value(spread.statistic).key("df").value(spread.df).key("p_value").value(spread.p_value);
  json.key("holm_adjusted_p").value(spread.adjusted_p_value).end_object();
}

void write_comparison(JsonWriter& json, const ResultsSummaryView& view, const StudyAnalysis& analysis,
                      const SettingComparison& setting, const char* label_key) {
  const ConfigMetrics& config = analysis.configs[setting.row];
  const PairedComparison& c = setting.comparison;
  json.begin_object().key("config_id").value(static_cast<Count>(view.config_ids[setting.row]));
  json.key(label_key).value(setting.label);
  write_ert(json, config.ert);
  json.key("success_rate").value(config.success_rate);
  json.key("pairs").value(count(c.test.pairs)).key("nonzero_pairs").value(count(c.test.nonzero));
  json.key("statistic").value(c.test.statistic).key("p_value").value(c.test.p_value);
  json.key("holm_adjusted_p").value(c.adjusted_p_value).key("exact").value(c.test.exact);
  json.key("median_difference").value(c.difference.estimate);
  json.key("median_difference_infinite").value(std::isinf(c.difference.estimate));
  json.key("difference_ci_low").value(c.difference.interval.low);
  json.key("difference_ci_high").value(c.difference.interval.high);
  json.key("not_significantly_worse").value(setting.not_significantly_worse);
  json.key("race_eliminated").value(config.race_eliminated);
  if (setting.has_spread) write_spread(json, setting.spread);
  json.end_object();
}

void write_recommendation(JsonWriter& json, const ResultsSummaryView& view, const StudyAnalysis& analysis,
                          const Recommendation& recommendation) {
  const ConfigMetrics& best = analysis.configs[recommendation.best_row];
  json.begin_object();
  json.key("acquisition").value(recommendation.acquisition).key("settings").value(recommendation.settings);
  json.key("config_id").value(static_cast<Count>(best.config_id));
  write_ert(json, best.ert);
  json.key("success_rate").value(best.success_rate);
  json.key("mean").value(best.experiments.mean).key("ci_low").value(best.experiments.ci_low);
  json.key("ci_high").value(best.experiments.ci_high);
  json.key("speedup_over_random").value(recommendation.speedup_over_random);
  write_friedman(json, recommendation.has_friedman, recommendation.friedman);
  json.key("comparisons").begin_array();
  for (const SettingComparison& setting : recommendation.comparisons)
    write_comparison(json, view, analysis, setting, "settings");
  json.end_array();
  json.key("randomized_comparisons").begin_array();
  for (const SettingComparison& setting : recommendation.randomized_comparisons)
    write_comparison(json, view, analysis, setting, "randomized");
  json.end_array();
  json.key("not_significantly_worse_config_ids").begin_array();
  json.value(static_cast<Count>(best.config_id));
  for (const SettingComparison& setting : recommendation.comparisons)
    if (setting.not_significantly_worse && setting.row != recommendation.best_row)
      json.value(static_cast<Count>(view.config_ids[setting.row]));
  json.end_array().end_object();
}

void write_acquisition_comparison(JsonWriter& json, const ResultsSummaryView& view, const StudyAnalysis& analysis) {
  const AcquisitionComparison& acquisitions = analysis.acquisitions;
  json.key("acquisition_comparison").begin_object();
  if (!acquisitions.comparisons.empty()) {
    json.key("best_acquisition").value(analysis.configs[acquisitions.best_row].acquisition);
    json.key("best_config_id").value(static_cast<Count>(view.config_ids[acquisitions.best_row]));
  }
  write_friedman(json, acquisitions.has_friedman, acquisitions.friedman);
  json.key("comparisons").begin_array();
  for (const SettingComparison& setting : acquisitions.comparisons)
    write_comparison(json, view, analysis, setting, "acquisition");
  json.end_array().end_object();
}

void write_n_init(JsonWriter& json, const std::vector<NInitAggregate>& aggregates) {
  json.key("n_init").begin_array();
  for (const NInitAggregate& a : aggregates) {
    json.begin_object().key("acquisition").value(a.acquisition).key("n_init").value(static_cast<Count>(a.n_init));
    json.key("runs").value(count(a.runs)).key("found").value(count(a.found)).key("success_rate").value(a.success_rate);
    write_ert(json, a.ert);
    write_interval(json, "ert", a.ert_interval);
    json.key("ert_iterations").value(a.ert_iterations);
    write_interval(json, "ert_iterations", a.ert_iterations_interval);
    json.key("mean").value(a.experiments.mean).key("ci_low").value(a.experiments.ci_low);
    json.key("ci_high").value(a.experiments.ci_high).key("mean_iterations").value(a.iterations.mean);
    json.key("iterations_ci_low").value(a.iterations.ci_low).key("iterations_ci_high").value(a.iterations.ci_high);
    json.key("random_expected_experiments").value(a.random_expected_experiments);
    json.key("random_expected_iterations").value(a.random_expected_experiments - static_cast<double>(a.n_init));
    json.end_object();
  }
  json.end_array();
}

void write_heatmaps(JsonWriter& json, const ResultsSummaryView& view, const StudyAnalysis& analysis) {
  json.key("heatmaps").begin_array();
  for (const Heatmap& map : analysis.heatmaps) {
    json.begin_object().key("acquisition").value(map.acquisition);
    json.key("x_factor").value(view.parameter_names[map.x_column]);
    json.key("y_factor").value(view.parameter_names[map.y_column]);
    json.key("x_levels").begin_array();
    for (const std::string& level : map.x_levels) json.value(level);
    json.end_array().key("y_levels").begin_array();
    for (const std::string& level : map.y_levels) json.value(level);
    json.end_array().key("colour_statistic").value("ert").key("cells").begin_array();
    const Recommendation* recommendation = nullptr;
    for (const Recommendation& r : analysis.recommendations)
      if (r.acquisition == map.acquisition) recommendation = &r;
    for (const std::size_t row : map.cell_rows) {
      const ConfigMetrics& config = analysis.configs[row];
      json.begin_object().key("x").value(level_of(view, row, map.x_column));
      json.key("y")
          .value(level_of(view, row, map.y_column))
          .key("config_id")
          .value(static_cast<Count>(config.config_id));
      write_ert(json, config.ert);
      json.key("success_rate").value(config.success_rate).key("mean").value(config.experiments.mean);
      for (const SettingComparison& setting : recommendation->comparisons)
        if (setting.row == row)
          json.key("holm_adjusted_p")
              .value(setting.comparison.adjusted_p_value)
              .key("not_significantly_worse")
              .value(setting.not_significantly_worse);
      json.end_object();
    }
    json.end_array().end_object();
  }
  json.end_array();
}

void write_sensitivity(JsonWriter& json, const StudyAnalysis& analysis) {
  json.key("sensitivity").begin_array();
  for (const FactorSensitivity& factor : analysis.sensitivity) {
    json.begin_object().key("scope").value(factor.scope);
    json.key("kind").value(factor.factors.size() == 1 ? "main" : "interaction").key("factors").begin_array();
    for (const std::string& name : factor.factors) json.value(name);
    json.end_array().key("levels").begin_array();
    for (const std::size_t levels : factor.levels) json.value(count(levels));
    json.end_array().key("share").value(factor.share).end_object();
  }
  json.end_array().key("sensitivity_notes").begin_array();
  for (const std::string& note : analysis.sensitivity_notes) json.value(note);
  json.end_array();
}

void write_random_baseline(JsonWriter& json, const RandomBaseline& random) {
  json.key("random_baseline").begin_object();
  json.key("analytic").value(random.analytic).key("description").value(random.description);
  json.key("mean_experiments_to_optimum").value(random.mean_experiments_to_optimum);
  write_ert(json, random.ert);
  json.key("success_rate").value(random.success_rate);
  json.key("mean_top_found_share_by_experiment").values(random.mean_top_found_share);
  json.key("expected_best_so_far_by_experiment").values(random.expected_best_so_far);
  json.end_object();
}

void write_header(JsonWriter& json, const ResultsSummaryView& view, const StudyAnalysis& analysis,
                  const RunDataView& runs) {
  json.key("schema").value(summary_json_schema);
  json.key("study").value(view.study_name).key("objective").value(view.objective).key("goal").value(view.goal);
  json.key("total_runs").value(static_cast<Count>(view.total_runs));
  json.key("failed_runs").value(static_cast<Count>(view.failed_runs));
  json.key("failures").begin_array();
  for (const auto& failure : view.failures)
    json.begin_object()
        .key("config_id")
        .value(static_cast<Count>(failure.config_id))
        .key("repeat")
        .value(static_cast<Count>(failure.repeat))
        .key("message")
        .value(failure.message)
        .end_object();
  json.end_array();
  json.key("budget").value(count(analysis.trajectory_width));
  json.key("pool_size").value(runs.has_truth ? static_cast<double>(runs.truth_values.size()) : NAN);
  json.key("optimal_design_count").value(runs.has_truth ? static_cast<double>(runs.optimal_designs.size()) : NAN);
  json.key("optimum_value").value(runs.has_truth ? runs.optimum_value : NAN);
  json.key("optimal_designs").begin_array();  // the first max_described_optima, by name
  for (std::size_t k = 0; k < runs.optimal_design_texts.size(); ++k) {
    json.begin_object().key("index").value(static_cast<Count>(runs.optimal_designs[k])).key("features").begin_object();
    for (std::size_t j = 0; j < runs.design_features.size(); ++j)
      json.key(runs.design_features[j]).value(runs.optimal_design_texts[k][j]);
    json.end_object().end_object();
  }
  json.end_array();
}

}  // namespace

std::string top_k_note(const StudyAnalysis& analysis) {
  if (analysis.continues_past_optimum)
    return "campaigns continued past the optimum: top-k % curves compare how many good designs each setting finds";
  return "campaigns stop at the optimum (continue_after_optimum = false): top-k % curves of Bayesian optimization "
         "stop growing there, so they understate it; skip them or rerun with continue_after_optimum = true";
}

std::string summary_json(const ResultsSummaryView& view, const RunDataView& runs, const StudyAnalysis& analysis,
                         const AnalysisOptions& options, const std::optional<RaceReport>& race) {
  JsonWriter json;
  json.begin_object();
  write_header(json, view, analysis, runs);
  json.key("ranking").begin_object().key("statistic").value("ert").key("description").value(ranking_description);
  json.end_object();
  json.key("bootstrap").begin_object().key("resamples").value(static_cast<Count>(bootstrap_resamples));
  json.key("confidence").value(bootstrap_confidence).key("generator").value("xoshiro256**");
  json.key("seed_root").value(static_cast<Count>(bootstrap_seed_root)).end_object();
  json.key("alpha").value(options.alpha).key("top_fraction").value(options.top_fraction);
  json.key("campaigns_continue_past_optimum").value(analysis.continues_past_optimum);
  json.key("top_k_note").value(top_k_note(analysis));
  write_random_baseline(json, analysis.random);
  json.key("configs").begin_array();
  for (const ConfigMetrics& metrics : analysis.configs) write_config(json, view, analysis, metrics);
  json.end_array();
  json.key("recommendations").begin_array();
  for (const Recommendation& recommendation : analysis.recommendations)
    write_recommendation(json, view, analysis, recommendation);
  json.end_array();
  json.key("race_eliminated_acquisitions").begin_array();
  for (const std::string& acquisition : analysis.race_eliminated_acquisitions) json.value(acquisition);
  json.end_array();
  write_acquisition_comparison(json, view, analysis);
  write_n_init(json, analysis.n_init);
  write_heatmaps(json, view, analysis);
  write_sensitivity(json, analysis);
  write_race_json(json, view, race);
  json.end_object();
  return json.text() + "\n";
}

}  // namespace bosim::cli
