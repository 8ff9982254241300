// `bosim summary RESULTS.h5 [--recommend] [--format text|json]`: metrics per configuration, recommendations,
// sensitivity.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <iostream>
#include <map>

#include "analysis/study_analysis.hpp"
#include "commands.hpp"
#include "common/input_error.hpp"
#include "distribution/partial_results.hpp"
#include "json_writer.hpp"
#include "results/read_run_data.hpp"
#include "results/results_file.hpp"
#include "study/campaign_parameters.hpp"
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

/// "4.9x", ">=4.9x" when random search's mean is itself a lower bound, "-" when undefined.
std::string speedup_text(double speedup, bool lower_bound) {
  if (!std::isfinite(speedup)) return "-";
  return (lower_bound ? ">=" : "") + rounded(speedup, 1) + "x";
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

/// Display order: acquisitions by their best mean; within one acquisition, lowest mean first (NaN last).
std::vector<size_t> display_order(const ResultsSummaryView& view) {
  const auto acquisition_column =
      static_cast<size_t>(std::find(view.parameter_names.begin(), view.parameter_names.end(), "acquisition") -
                          view.parameter_names.begin());
  std::vector<size_t> order(view.summaries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto mean_key = [&](size_t i) { return std::isnan(view.summaries[i].mean) ? INFINITY : view.summaries[i].mean; };
  std::map<std::string, double> best_of_acquisition;
  for (size_t i : order) {
    const std::string& acquisition = view.config_cells[i][acquisition_column];
    auto [it, inserted] = best_of_acquisition.emplace(acquisition, mean_key(i));
    if (!inserted) it->second = std::min(it->second, mean_key(i));
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const std::string& acq_a = view.config_cells[a][acquisition_column];
    const std::string& acq_b = view.config_cells[b][acquisition_column];
    if (acq_a != acq_b)
      return std::make_pair(best_of_acquisition[acq_a], acq_a) < std::make_pair(best_of_acquisition[acq_b], acq_b);
    return mean_key(a) < mean_key(b);
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
  const std::vector<size_t> order = display_order(view);
  std::vector<std::string> header{"config"};
  for (size_t p : columns) header.push_back(view.parameter_names[p]);
  for (const char* h : {"runs", "found", "mean", "95% CI", "median", "q25", "q75", "min", "max"}) header.push_back(h);
  TextTable table(header);
  for (size_t i : order) {
    const ConfigSummary& s = view.summaries[i];
    std::vector<std::string> row{std::to_string(view.config_ids[i])};
    for (size_t p : columns) row.push_back(parameter_cell(view, i, p));
    row.push_back(std::to_string(s.runs));
    row.push_back(format_number(100.0 * s.success_rate) + "%");
    row.push_back(number_or_dash(s.mean));
    row.push_back(interval(s.ci_low, s.ci_high));
    for (double v : {s.median, s.q25, s.q75, s.min, s.max}) row.push_back(number_or_dash(v));
    table.add_row(row);
  }
  std::cout << "study " << view.study_name << ": experiments to optimum (" << view.objective << ", " << view.goal
            << "), initial designs included; statistics over runs that found the optimum\n\n"
            << table.render();

  if (analysis.configs.empty()) return;
  if (!analysis.has_truth) {
    std::cout << "\n(no /truth in this file: targets, regret and top-k % need a file written by a newer bosim)\n";
    return;
  }
  std::vector<std::string> target_header{"config"};
  for (const TargetOutcome& target : analysis.configs.front().targets)
    target_header.push_back("within " + format_number(target.percent) + "%");
  for (const char* h : {"iterations", "speed-up", "AF top-5%"}) target_header.push_back(h);
  TextTable targets(target_header);
  for (size_t i : order) {
    const ConfigMetrics& metrics = analysis.configs[i];
    std::vector<std::string> row{std::to_string(metrics.config_id)};
    for (const TargetOutcome& target : metrics.targets)
      row.push_back(number_or_dash(target.mean_experiments) + " (" + format_number(100.0 * target.reached_share) +
                    "%)");
    row.push_back(number_or_dash(metrics.mean_iterations_to_optimum));
    row.push_back(speedup_text(metrics.speedup_over_random, metrics.speedup_is_lower_bound));
    row.push_back(rounded(metrics.acceleration_factor, 1));
    targets.add_row(row);
  }
  std::cout << "\nexperiments to reach within x % of the optimum's value: mean over runs that reached it (share "
               "reached); iterations = mean after the initial designs; speed-up = random search's mean experiments "
               "to optimum / this one's; AF = Liang et al. 2021 acceleration factor at half the top-5% designs "
               "found\nrandom search: "
            << analysis.random.description << "\n\n"
            << targets.render();
}

void print_recommendations(const ResultsSummaryView& view, const StudyAnalysis& analysis) {
  std::cout << "\nrecommended settings per acquisition: lowest mean experiments to optimum, 95% bootstrap CI\n"
            << "random search: " << analysis.random.description << ", "
            << number_or_dash(analysis.random.mean_experiments_to_optimum) << " experiments\n\n";
  for (const Recommendation& recommendation : analysis.recommendations) {
    const ConfigSummary& s = view.summaries[recommendation.best_row];
    std::cout << upper(recommendation.acquisition) << (recommendation.settings.empty() ? "" : " ")
              << recommendation.settings << ": " << rounded(s.mean, 1) << " [" << rounded(s.ci_low, 1) << ", "
              << rounded(s.ci_high, 1) << "]"
              << " experiments, "
              << (std::isfinite(recommendation.speedup_over_random)
                      ? speedup_text(recommendation.speedup_over_random, recommendation.speedup_is_lower_bound) +
                            " faster than random"
                      : std::string("speed-up over random undefined (not every run found the optimum)"))
              << " (config " << view.config_ids[recommendation.best_row] << ", found in "
              << format_number(100.0 * s.success_rate) << "% of runs)\n";
    if (recommendation.compared_rows.size() < 2) continue;
    std::string others;
    for (size_t k = 1; k < recommendation.indistinguishable_rows.size(); ++k) {
      const size_t row = recommendation.indistinguishable_rows[k];
      const size_t position =
          static_cast<size_t>(std::find(recommendation.compared_rows.begin(), recommendation.compared_rows.end(), row) -
                              recommendation.compared_rows.begin());
      others += (others.empty() ? "" : "; ") + recommendation.compared_settings[position] + " " +
                rounded(view.summaries[row].mean, 1) + " (p=" + rounded(recommendation.adjusted_p_values[position], 2) +
                ")";
    }
    std::cout << "  not significantly worse (" << recommendation.indistinguishable_rows.size() - 1 << " of "
              << recommendation.compared_rows.size() - 1 << "): " << (others.empty() ? "none" : others) << "\n";
  }
  std::cout << "\"not significantly worse\": one-sided Mann-Whitney U test against the best setting (runs that did "
               "not find the optimum rank last), Holm-corrected within the acquisition, alpha = 0.05\n";

  std::cout << "\nsensitivity of experiments to optimum: share of variance explained by each factor's main effect, "
               "Var(E[Y|factor]) / Var(Y) over the runs (runs that did not find the optimum count as experiments "
               "performed + 1)\n\n";
  TextTable table({"scope", "factor", "levels", "share"});
  for (const FactorSensitivity& factor : analysis.sensitivity)
    table.add_row({factor.scope, factor.factor, std::to_string(factor.levels), rounded(factor.share, 3)});
  std::cout << (analysis.sensitivity.empty() ? std::string("(no swept factor)\n") : table.render());
}

void write_json(const ResultsSummaryView& view, const StudyAnalysis& analysis, bool recommend) {
  JsonWriter json;
  json.begin_object();
  json.key("study").value(view.study_name).key("objective").value(view.objective).key("goal").value(view.goal);
  json.key("total_runs").value(static_cast<long long>(view.total_runs));
  json.key("failed_runs").value(static_cast<long long>(view.failed_runs));
  json.key("failures").begin_array();
  for (const auto& failure : view.failures)
    json.begin_object()
        .key("config_id")
        .value(static_cast<long long>(failure.config_id))
        .key("repeat")
        .value(static_cast<long long>(failure.repeat))
        .key("message")
        .value(failure.message)
        .end_object();
  json.end_array();
  json.key("random_baseline").begin_object();
  json.key("analytic").value(analysis.random.analytic).key("description").value(analysis.random.description);
  json.key("mean_experiments_to_optimum").value(analysis.random.mean_experiments_to_optimum);
  json.key("mean_top_found_share").values(analysis.random.mean_top_found_share);
  json.end_object();

  json.key("configs").begin_array();
  for (const ConfigMetrics& metrics : analysis.configs) {
    const ConfigSummary& s = view.summaries[metrics.row];
    json.begin_object();
    json.key("config_id").value(static_cast<long long>(metrics.config_id));
    json.key("parameters").begin_object();
    for (size_t p = 0; p < view.parameter_names.size(); ++p)
      json.key(view.parameter_names[p]).value(view.config_cells[metrics.row][p]);
    json.end_object();
    json.key("randomized").value(view.randomized[metrics.row]);
    json.key("runs").value(static_cast<long long>(s.runs)).key("found").value(static_cast<long long>(s.found));
    json.key("failed").value(static_cast<long long>(s.failed)).key("success_rate").value(s.success_rate);
    json.key("mean").value(s.mean).key("ci_low").value(s.ci_low).key("ci_high").value(s.ci_high);
    json.key("std").value(s.std).key("median").value(s.median).key("q25").value(s.q25).key("q75").value(s.q75);
    json.key("min").value(s.min).key("max").value(s.max);
    json.key("mean_iterations_to_optimum").value(metrics.mean_iterations_to_optimum);
    json.key("speedup_over_random").value(metrics.speedup_over_random);
    json.key("acceleration_factor").value(metrics.acceleration_factor);
    json.key("targets").begin_array();
    for (const TargetOutcome& target : metrics.targets)
      json.begin_object()
          .key("percent")
          .value(target.percent)
          .key("reached_share")
          .value(target.reached_share)
          .key("mean_experiments")
          .value(target.mean_experiments)
          .end_object();
    json.end_array();
    json.key("ecdf").values(metrics.ecdf);
    json.key("mean_simple_regret").values(metrics.mean_simple_regret);
    json.key("mean_top_found_share").values(metrics.mean_top_found_share);
    json.key("enhancement_factor").values(metrics.enhancement_factor);
    json.end_object();
  }
  json.end_array();

  if (recommend) {
    json.key("recommendations").begin_array();
    for (const Recommendation& recommendation : analysis.recommendations) {
      json.begin_object();
      json.key("acquisition").value(recommendation.acquisition).key("settings").value(recommendation.settings);
      json.key("config_id").value(static_cast<long long>(view.config_ids[recommendation.best_row]));
      json.key("mean").value(view.summaries[recommendation.best_row].mean);
      json.key("ci_low").value(view.summaries[recommendation.best_row].ci_low);
      json.key("ci_high").value(view.summaries[recommendation.best_row].ci_high);
      json.key("speedup_over_random").value(recommendation.speedup_over_random);
      json.key("indistinguishable_config_ids").begin_array();
      for (const size_t row : recommendation.indistinguishable_rows)
        json.value(static_cast<long long>(view.config_ids[row]));
      json.end_array();
      json.key("comparisons").begin_array();
      for (size_t k = 0; k < recommendation.compared_rows.size(); ++k)
        json.begin_object()
            .key("config_id")
            .value(static_cast<long long>(view.config_ids[recommendation.compared_rows[k]]))
            .key("holm_adjusted_p")
            .value(recommendation.adjusted_p_values[k])
            .end_object();
      json.end_array();
      json.end_object();
    }
    json.end_array();
    json.key("sensitivity").begin_array();
    for (const FactorSensitivity& factor : analysis.sensitivity)
      json.begin_object()
          .key("scope")
          .value(factor.scope)
          .key("factor")
          .value(factor.factor)
          .key("levels")
          .value(static_cast<long long>(factor.levels))
          .key("share")
          .value(factor.share)
          .end_object();
    json.end_array();
  }
  json.end_object();
  std::cout << json.text() << "\n";
}

int summary(const SummaryOptions& options) {
  const SummarySource source(options.path);  // a results file, or a journal's runs so far
  if (source.is_partial()) std::cerr << "bosim: " << source.note() << "\n";
  const ResultsSummaryView view = read_results_summary(source.results_path());
  const RunDataView runs = read_run_data(source.results_path());
  const StudyAnalysis analysis = analyze_study(view, runs, AnalysisOptions{});
  if (options.format == "json") {
    write_json(view, analysis, options.recommend);
  } else {
    print_configurations(view, analysis);
    if (options.recommend) print_recommendations(view, analysis);
    std::cout << "\n" << view.total_runs << " runs, " << view.failed_runs << " failed\n";
    for (const auto& failure : view.failures)
      std::cout << "  failed: config " << failure.config_id << " repeat " << failure.repeat << ": " << failure.message
                << "\n";
  }
  return view.failed_runs > 0 ? exit_code::runs_failed : exit_code::success;
}

}  // namespace

Action add_summary_command(CLI::App& app) {
  auto options = std::make_shared<SummaryOptions>();
  CLI::App* command = app.add_subcommand(
      "summary",
      "Summarize a results file: experiments to the optimum per configuration (mean, 95% bootstrap CI, "
      "quartiles), experiments to targets within 1/5/10% of the optimum, speed-up and acceleration factor over "
      "random search. Definitions: docs/metrics.md. Exit code 3 when a run failed, 2 for a bad file");
  command
      ->add_option("results", options->path,
                   "Results file written by `bosim run` (HDF5), or its .journal while the study runs or after it "
                   "was interrupted (the runs finished so far)")
      ->required();
  command->add_flag("--recommend", options->recommend,
                    "Also recommend settings per acquisition (lowest mean, with the set not significantly worse, "
                    "Mann-Whitney + Holm) and show the share of variance explained by each swept factor");
  command->add_option("--format", options->format, "Output format: text (default) or json, for scripts")
      ->check(CLI::IsMember({"text", "json"}));
  return [options] { return summary(*options); };
}

}  // namespace bosim::cli
