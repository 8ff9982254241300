// `bosim summary RESULTS.h5 [--recommend] [--format text|json]`: metrics per configuration, recommendations,
// sensitivity.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <iostream>
#include <map>

#include "analysis/spent_without_trajectories.hpp"
#include "analysis/study_analysis.hpp"
#include "commands.hpp"
#include "common/input_error.hpp"
#include "distribution/partial_results.hpp"
#include "race_summary.hpp"
#include "results/racing_group.hpp"
#include "results/read_run_data.hpp"
#include "results/results_file.hpp"
#include "results/results_schema.hpp"
#include "study/campaign_parameters.hpp"
#include "summary_json.hpp"
#include "text_table.hpp"

namespace bosim::cli {

namespace {

struct SummaryOptions {
  std::string path;
  bool recommend = false;
  std::string format = "text";
};

/// Parameters whose value differs between configurations (what the study swept), acquisition always first.
std::vector<size_t> varying_parameters(const ResultsSummaryView& view) {
  std::vector<size_t> columns;
  for (size_t p = 0; p < view.parameter_names.size(); ++p) {
    bool varies = view.parameter_names[p] == "acquisition";
    for (size_t c = 1; c < view.config_cells.size() && !varies; ++c)
      varies = view.config_cells[c][p] != view.config_cells[0][p];
    if (varies) columns.push_back(p);
  }
  std::stable_partition(columns.begin(), columns.end(),
                        [&](size_t p) { return view.parameter_names[p] == "acquisition"; });
  return columns;
}

std::string number_or_dash(double value) { return std::isnan(value) ? "-" : format_number(value, 4); }

std::string interval(double low, double high) {
  if (std::isnan(low)) return "-";
  return "[" + format_number(low, 4) + ", " + format_number(high, 4) + "]";
}

/// Fixed decimals, as a speed-up or share is read ("4.9", "0.611"); "-" when not finite.
std::string rounded(double value, int decimals) {
  if (!std::isfinite(value)) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

/// A quartile over all runs: "> 40" when it falls among runs that missed the optimum.
std::string quantile_text(const CensoredQuantile& quantile) {
  return (quantile.censored ? "> " : "") + number_or_dash(quantile.value);
}

/// An ERT cell: "inf" when no run found the optimum.
std::string ert_text(double ert) { return std::isinf(ert) ? "inf" : number_or_dash(ert); }

/// Display order: acquisitions by their best ERT; within one acquisition, by ERT (the study's ranking).
std::vector<size_t> display_order(const StudyAnalysis& analysis) {
  std::map<std::string, size_t> acquisition_position;  // position of each acquisition's best row in the ranking
  for (size_t k = 0; k < analysis.ranking.size(); ++k)
    acquisition_position.emplace(analysis.configs[analysis.ranking[k]].acquisition, k);
  std::vector<size_t> order = analysis.ranking;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return acquisition_position[analysis.configs[a].acquisition] <
           acquisition_position[analysis.configs[b].acquisition];
  });
  return order;
}

/// The value of parameter p for configuration i, or "-" where the configuration's acquisition
/// ignores it (e.g. beta0 for EI), so the table shows only settings that matter; "none" for no data file.
std::string parameter_cell(const ResultsSummaryView& view, size_t i, size_t p) {
  const auto acquisition = std::find(view.parameter_names.begin(), view.parameter_names.end(), "acquisition");
  const ParameterDescriptor* parameter = find_campaign_parameter(view.parameter_names[p]);
  if (acquisition != view.parameter_names.end() && parameter != nullptr &&
      !parameter->applies_to(view.config_cells[i][static_cast<size_t>(acquisition - view.parameter_names.begin())]))
    return "-";
  // A randomized parameter is stored as NaN; show its distribution, e.g. "uniform(0, 60)".
  const std::string prefix = view.parameter_names[p] + "~";
  const std::string& randomized = view.randomized[i];
  if (const size_t start = randomized.find(prefix); start != std::string::npos) {
    const size_t end = randomized.find("; ", start);
    return randomized.substr(start + prefix.size(),
                             end == std::string::npos ? std::string::npos : end - start - prefix.size());
  }
  if (parameter != nullptr && parameter->names_file && view.config_cells[i][p].empty()) return "none";
  return view.config_cells[i][p];
}

void print_configurations(const ResultsSummaryView& view, const StudyAnalysis& analysis) {
  const std::vector<size_t> columns = varying_parameters(view);
  std::vector<std::string> header{"config"};
  for (size_t p : columns) header.push_back(view.parameter_names[p]);
  for (const char* h : {"runs", "found", "ERT", "ERT 95% CI", "mean", "95% CI", "median", "q25", "q75", "min", "max"})
    header.push_back(h);
  TextTable table(header);
  for (size_t i : display_order(analysis)) {
    const ConfigMetrics& m = analysis.configs[i];
    const SampleSummary& s = m.experiments;
    std::vector<std::string> row{std::to_string(m.config_id)};
    for (size_t p : columns) row.push_back(parameter_cell(view, i, p));
    row.push_back(std::to_string(m.runtimes.size()));
    row.push_back(format_number(100.0 * m.success_rate) + "%");
    row.push_back(ert_text(m.ert));
    row.push_back(std::isinf(m.ert_interval.high) ? "[" + number_or_dash(m.ert_interval.low) + ", inf]"
                                                  : interval(m.ert_interval.low, m.ert_interval.high));
    row.push_back(number_or_dash(s.mean));
    row.push_back(interval(s.ci_low, s.ci_high));
    for (const CensoredQuantile& q : {m.experiment_box.median, m.experiment_box.q25, m.experiment_box.q75})
      row.push_back(quantile_text(q));
    for (double v : {s.min, s.max}) row.push_back(number_or_dash(v));
    table.add_row(row);
  }
  std::cout
      << "study " << view.study_name << ": experiments to optimum (" << view.objective << ", " << view.goal
      << "), initial designs included\nranked by " << ranking_description
      << "\nfound = success rate; mean, CI (95% bootstrap), min, max over the runs that found the optimum; median "
         "and quartiles over all runs, runs that missed it ranked last (\"> N\": the quartile falls among them, "
         "beyond the N experiments they spent)\n\n"
      << table.render();
}

void print_failures(const ResultsSummaryView& view) {
  std::cout << "\n" << view.total_runs << " runs, " << view.failed_runs << " failed\n";
  for (const auto& failure : view.failures)
    std::cout << "  failed: config " << failure.config_id << " repeat " << failure.repeat << ": " << failure.message
              << "\n";
}

void print_targets(const StudyAnalysis& analysis) {
  if (analysis.configs.empty()) return;
  if (!analysis.has_trajectories) {
    std::cout << "\n(no /trajectories in this file (store_trajectories = false): targets within x %, top-k % and "
                 "Liang's metrics need them; the table above, the tests and the sensitivity come from /runs)\n";
    return;
  }
  if (!analysis.has_truth) {
    std::cout << "\n(no /truth in this file: targets, regret and top-k % need a file written by a newer bosim)\n";
    return;
  }
  std::vector<std::string> header{"config"};
  for (const TargetOutcome& target : analysis.configs.front().targets)
    header.push_back("within " + format_number(target.percent) + "%");
  for (const char* h : {"iterations", "speed-up"}) header.push_back(h);
  TextTable targets(header);
  for (size_t i : display_order(analysis)) {
    const ConfigMetrics& metrics = analysis.configs[i];
    std::vector<std::string> row{std::to_string(metrics.config_id)};
    for (const TargetOutcome& target : metrics.targets)
      row.push_back(number_or_dash(target.mean_experiments) + " (" + format_number(100.0 * target.reached_share) +
                    "%)");
    row.push_back(number_or_dash(metrics.iterations.mean));
    row.push_back(std::isfinite(metrics.speedup_over_random) ? rounded(metrics.speedup_over_random, 1) + "x" : "-");
    targets.add_row(row);
  }
  std::cout << "\nexperiments to reach within x % of the optimum's value: mean over runs that reached it (share "
               "reached); iterations = mean after the initial designs over runs that found the optimum; speed-up = "
               "random search's ERT / this ERT\nrandom search: "
            << analysis.random.description << "\n\n"
            << targets.render();
}

/// "2.1" or "2.1*" when random search's experiments come from the exact expectation.
std::string af_text(const LevelAcceleration& level) {
  if (!std::isfinite(level.factor)) return "-";
  return rounded(level.factor, 1) + (level.random_from_expectation ? "*" : "");
}

void print_liang(const StudyAnalysis& analysis) {
  if (!analysis.has_truth || !analysis.has_trajectories || analysis.configs.empty()) return;
  std::vector<std::string> header{"config"};
  for (const LevelAcceleration& level : analysis.configs.front().liang.acceleration)
    header.push_back("AF@" + format_number(level.level));
  for (const char* h : {"EF_max", "at n", "n to Top% 0.8"}) header.push_back(h);
  TextTable table(header);
  for (size_t i : display_order(analysis)) {
    const ConfigMetrics& m = analysis.configs[i];
    std::vector<std::string> row{std::to_string(m.config_id)};
    for (const LevelAcceleration& level : m.liang.acceleration) row.push_back(af_text(level));
    row.push_back(rounded(m.liang.enhancement_max.value, 2));
    row.push_back(m.liang.enhancement_max.experiment > 0 ? std::to_string(m.liang.enhancement_max.experiment) : "-");
    row.push_back(m.liang.experiments_to_top_0_8 > 0 ? std::to_string(m.liang.experiments_to_top_0_8) : "-");
    table.add_row(row);
  }
  std::cout << "\nLiang et al. 2021 (npj Comput. Mater. 7:188) on the top-5% designs: AF@L = experiments random "
               "search needs for a mean Top% of L / experiments this configuration needs (* = random search from the "
               "exact expectation Top% = n/N, its curve does not reach L within the budget); EF_max = largest Top% "
               "ratio over random search\n"
            << top_k_note(analysis) << "\n\n"
            << table.render();
}

/// "+2.5 [-1, 6]" experiments: Hodges–Lehmann median paired difference and its 95 % CI.
std::string difference_text(const MedianDifference& difference) {
  const auto signed_number = [](double v) {
    if (std::isinf(v)) return std::string(v > 0 ? "+inf" : "-inf");
    return (v > 0 ? "+" : "") + rounded(v, 1);
  };
  return signed_number(difference.estimate) + " [" + signed_number(difference.interval.low) + ", " +
         signed_number(difference.interval.high) + "]";
}

/// "=0.042" or "<0.001".
std::string p_text(double p) { return p < 0.001 ? "<0.001" : "=" + rounded(p, 3); }
std::string p_cell(double p) { return p < 0.001 ? "<0.001" : rounded(p, 3); }

/// "UCB ERT 43.2, found 75%, 0.0 [-4.0, +4.5] (p=0.487)" for the between-acquisition comparison.
std::string comparison_text(const StudyAnalysis& analysis, const SettingComparison& setting) {
  return upper(setting.label) + " ERT " + ert_text(analysis.configs[setting.row].ert) + ", found " +
         format_number(100.0 * analysis.configs[setting.row].success_rate) + "%, " +
         difference_text(setting.comparison.difference) + " (p" + p_text(setting.comparison.adjusted_p_value) + ")";
}

std::string friedman_text(const FriedmanTest& test) {
  return "Friedman over " + std::to_string(test.treatments) + " (" + std::to_string(test.blocks) +
         " repeats): chi2 = " + rounded(test.statistic, 2) + ", p" + p_text(test.p_value) +
         ", Kendall W = " + rounded(test.kendall_w, 3);
}

/// A setting against the best: eliminated by the race, not significantly worse, or worse.
std::string vs_best_text(const StudyAnalysis& analysis, const SettingComparison& setting) {
  if (analysis.configs[setting.row].race_eliminated) return "eliminated by the race";
  return setting.not_significantly_worse ? "not significantly worse" : "worse";
}

void print_recommendation(const StudyAnalysis& analysis, const Recommendation& recommendation) {
  const ConfigMetrics& best = analysis.configs[recommendation.best_row];
  std::cout << upper(recommendation.acquisition) << (recommendation.settings.empty() ? "" : " ")
            << recommendation.settings << ": ERT " << ert_text(best.ert) << " experiments, found in "
            << format_number(100.0 * best.success_rate) << "% of runs (mean " << rounded(best.experiments.mean, 1)
            << " [" << rounded(best.experiments.ci_low, 1) << ", " << rounded(best.experiments.ci_high, 1)
            << "] over those), "
            << (std::isfinite(recommendation.speedup_over_random)
                    ? rounded(recommendation.speedup_over_random, 1) + "x faster than random (ERT)"
                    : std::string("speed-up over random undefined"))
            << " (config " << best.config_id << ")\n";
  for (const SettingComparison& setting : recommendation.randomized_comparisons)
    std::cout << "  randomized (" << setting.label << ", config " << analysis.configs[setting.row].config_id
              << ") vs this setting: ERT " << ert_text(analysis.configs[setting.row].ert) << ", "
              << difference_text(setting.comparison.difference) << " experiments (p"
              << p_text(setting.comparison.adjusted_p_value) << ", "
              << (setting.not_significantly_worse ? "not significantly worse" : "worse") << "); spread: SD "
              << rounded(setting.spread.sd_candidate, 1) << " vs " << rounded(setting.spread.sd_reference, 1)
              << " (ratio " << rounded(setting.spread.sd_ratio, 2) << ", Pitman-Morgan p"
              << p_text(setting.spread.adjusted_p_value) << ")\n";
  if (recommendation.comparisons.size() < 2) return;
  std::cout << "  " << friedman_text(recommendation.friedman) << "\n";
  TextTable table({"  setting", "ERT", "found", "difference [95% CI]", "p (Holm)", "vs best"});
  for (const SettingComparison& setting : recommendation.comparisons) {
    if (setting.row == recommendation.best_row) continue;
    const ConfigMetrics& config = analysis.configs[setting.row];
    table.add_row({"  " + setting.label, ert_text(config.ert), format_number(100.0 * config.success_rate) + "%",
                   difference_text(setting.comparison.difference), p_cell(setting.comparison.adjusted_p_value),
                   vs_best_text(analysis, setting)});
  }
  std::cout << table.render();
}

void print_acquisition_comparison(const StudyAnalysis& analysis) {
  const AcquisitionComparison& acquisitions = analysis.acquisitions;
  if (acquisitions.comparisons.size() < 2) return;
  const ConfigMetrics& best = analysis.configs[acquisitions.best_row];
  std::cout << "\nbetween acquisitions (best setting of each vs the overall best, " << upper(best.acquisition)
            << " config " << best.config_id << "):\n  " << friedman_text(acquisitions.friedman) << "\n";
  for (const SettingComparison& setting : acquisitions.comparisons) {
    if (setting.row == acquisitions.best_row) continue;
    std::cout << "  " << (setting.not_significantly_worse ? "not significantly worse: " : "significantly worse: ")
              << comparison_text(analysis, setting) << " (config " << analysis.configs[setting.row].config_id << ")\n";
  }
}

void print_sensitivity(const StudyAnalysis& analysis) {
  std::cout << "\nsensitivity of experiments to optimum: share of variance explained by each factor's main effect, "
               "Var(E[Y|factor]) / Var(Y), and by two crossed factors' interaction (second-order Sobol index) over "
               "the runs (runs that did not find the optimum count as experiments performed + 1)\n\n";
  TextTable table({"scope", "factor", "levels", "share"});
  for (const FactorSensitivity& factor : analysis.sensitivity) {
    std::string name = factor.factors[0], levels = std::to_string(factor.levels[0]);
    if (factor.factors.size() == 2) {
      name += " x " + factor.factors[1];
      levels += "x" + std::to_string(factor.levels[1]);
    }
    table.add_row({factor.scope, name, levels, rounded(factor.share, 3)});
  }
  std::cout << (analysis.sensitivity.empty() ? std::string("(no factor swept with 2 or more levels)\n")
                                             : table.render());
  for (const std::string& note : analysis.sensitivity_notes) std::cout << "  note: " << note << "\n";
}

void print_recommendations(const StudyAnalysis& analysis, bool raced) {
  std::cout << "\nrecommended settings per acquisition: lowest ERT among fixed settings"
            << (raced ? " the race did not eliminate" : "") << "\n"
            << "random search: " << analysis.random.description << ", ERT " << ert_text(analysis.random.ert)
            << " experiments\n\n";
  for (const Recommendation& recommendation : analysis.recommendations) print_recommendation(analysis, recommendation);
  for (const std::string& acquisition : analysis.race_eliminated_acquisitions)
    std::cout << upper(acquisition) << ": no recommendation, the race eliminated every setting\n";
  print_acquisition_comparison(analysis);
  std::cout
      << "tests: one-sided Wilcoxon signed-rank on per-repeat differences (setting - best; repeats share "
         "initial designs), runs that missed the optimum count as worst, Holm-corrected within each family, "
         "alpha = 0.05; effect = Hodges-Lehmann median paired difference in experiments [95% CI], +inf where the "
         "setting missed the optimum in most repeats in which the best found it; spread of a randomized setting vs "
         "the best: two-sided Pitman-Morgan test of equal variances on the same pairs (misses at what they spent), "
         "Holm over the acquisition's randomized settings\n";
  print_sensitivity(analysis);
}

/// The optimum by name: "optimum     yield = 100 at 3 designs: #412 (ligand = …, solvent = …); …".
void print_optimum(const RunDataView& runs) {
  if (!runs.has_truth || runs.optimal_design_texts.empty()) return;
  std::cout << "optimum     " << format_number(runs.optimum_value) << " at " << runs.optimal_designs.size()
            << (runs.optimal_designs.size() == 1 ? " design" : " designs") << ":";
  for (std::size_t k = 0; k < runs.optimal_design_texts.size(); ++k) {
    std::cout << (k == 0 ? " #" : "\n            #") << runs.optimal_designs[k] << " (";
    for (std::size_t j = 0; j < runs.design_features.size(); ++j)
      std::cout << (j == 0 ? "" : ", ") << runs.design_features[j] << " = " << runs.optimal_design_texts[k][j];
    std::cout << ")";
  }
  if (runs.optimal_designs.size() > runs.optimal_design_texts.size())
    std::cout << "\n            and " << runs.optimal_designs.size() - runs.optimal_design_texts.size() << " more";
  std::cout << "\n";
}

int summary(const SummaryOptions& options) {
  const SummarySource source(options.path);  // a results file, or a journal's runs so far
  if (source.is_partial()) std::cerr << "bosim: " << source.note() << "\n";
  const ResultsSummaryView view = read_results_summary(source.results_path());
  if (!view.has_trajectories && options.format == "json")
    throw InputError(
        "--format json needs /trajectories, which this file does not hold (its study sets store_trajectories = "
        "false); the text summary and --recommend work from /runs",
        SourcePosition(source.results_path(), 0, 0, schema::trajectories));
  RunDataView runs = read_run_data(source.results_path());
  fill_experiments_spent(view, runs, source.results_path());
  const std::optional<RaceReport> race = read_racing_group(source.results_path());
  AnalysisOptions analysis_options;
  if (race)
    for (const RacedConfiguration& raced : race->configurations) {
      if (raced.outcome == RaceOutcome::eliminated) analysis_options.race_eliminated.push_back(raced.config_id);
      analysis_options.race_repeats[raced.config_id] = raced.repeats;
    }
  const StudyAnalysis analysis = analyze_study(view, runs, analysis_options);
  if (options.format == "json") {
    std::cout << summary_json(view, runs, analysis, analysis_options, race);
  } else {
    print_configurations(view, analysis);
    print_optimum(runs);
    print_targets(analysis);
    print_liang(analysis);
    if (race) print_race(view, *race, analysis);
    if (options.recommend) print_recommendations(analysis, race.has_value());
    print_failures(view);
  }
  return view.failed_runs > 0 ? exit_code::runs_failed : exit_code::success;
}

}  // namespace

Action add_summary_command(CLI::App& app) {
  auto options = std::make_shared<SummaryOptions>();
  CLI::App* command = app.add_subcommand(
      "summary",
      "Summarize a results file: configurations ranked by expected running time (ERT, failure-aware) with "
      "success rate, experiments to the optimum (mean, 95% bootstrap CI, quartiles), experiments to targets within "
      "1/5/10% of the optimum, speed-up over random search, Liang et al. AF/EF. Definitions: docs/metrics.md. "
      "Exit code 3 when a run failed, 2 for a bad file");
  command
      ->add_option("results", options->path,
                   "Results file written by `bosim run` (HDF5), or its .journal while the study runs or after it "
                   "was interrupted (the runs finished so far)")
      ->required();
  command->add_flag("--recommend", options->recommend,
                    "Also recommend settings per acquisition (lowest ERT, with the set not significantly worse: paired "
                    "Wilcoxon signed-rank + Holm, Friedman over all settings), compare acquisitions, and show the "
                    "share of variance explained by each swept factor and crossed pair");
  command
      ->add_option("--format", options->format,
                   "Output format: text (default) or json (every section, schema in docs/metrics.md)")
      ->check(CLI::IsMember({"text", "json"}));
  return [options] { return summary(*options); };
}

}  // namespace bosim::cli
