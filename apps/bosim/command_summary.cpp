// `bosim summary RESULTS.h5`: experiments-to-optimum per configuration, best first within each acquisition.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "common/input_error.hpp"
#include "results/results_file.hpp"
#include "text_table.hpp"

namespace bosim::cli {

namespace {

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

std::string interval(double low, double high) {
  if (std::isnan(low)) return "-";
  return "[" + format_number(low) + ", " + format_number(high) + "]";
}

int summary(const std::string& path) {
  const ResultsSummaryView view = read_results_summary(path);
  const std::vector<size_t> columns = varying_parameters(view);
  const auto acquisition_column =
      std::find(view.parameter_names.begin(), view.parameter_names.end(), "acquisition") - view.parameter_names.begin();

  // Order: acquisitions by their best mean; within one acquisition, lowest mean first (NaN last).
  std::vector<size_t> order(view.summaries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto mean_key = [&](size_t i) { return std::isnan(view.summaries[i].mean) ? INFINITY : view.summaries[i].mean; };
  std::map<std::string, double> best_of_acquisition;
  for (size_t i : order) {
    const std::string& acquisition = view.config_cells[i][static_cast<size_t>(acquisition_column)];
    auto [it, inserted] = best_of_acquisition.emplace(acquisition, mean_key(i));
    if (!inserted) it->second = std::min(it->second, mean_key(i));
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const std::string& acq_a = view.config_cells[a][static_cast<size_t>(acquisition_column)];
    const std::string& acq_b = view.config_cells[b][static_cast<size_t>(acquisition_column)];
    if (acq_a != acq_b)
      return std::make_pair(best_of_acquisition[acq_a], acq_a) < std::make_pair(best_of_acquisition[acq_b], acq_b);
    return mean_key(a) < mean_key(b);
  });

  std::vector<std::string> header{"config"};
  for (size_t p : columns) header.push_back(view.parameter_names[p]);
  for (const char* h : {"runs", "found", "mean", "95% CI", "median", "q25", "q75", "min", "max"}) header.push_back(h);
  TextTable table(header);
  for (size_t i : order) {
    const ConfigSummary& s = view.summaries[i];
    std::vector<std::string> row{std::to_string(view.config_ids[i])};
    for (size_t p : columns) row.push_back(view.config_cells[i][p]);
    if (!view.randomized[i].empty()) row.back() += " (" + view.randomized[i] + ")";
    row.push_back(std::to_string(s.runs));
    row.push_back(format_number(100.0 * s.success_rate) + "%");
    for (double v : {s.mean}) row.push_back(std::isnan(v) ? "-" : format_number(v));
    row.push_back(interval(s.ci_low, s.ci_high));
    for (double v : {s.median, s.q25, s.q75, s.min, s.max}) row.push_back(std::isnan(v) ? "-" : format_number(v));
    table.add_row(row);
  }
  std::cout << "study " << view.study_name << ": experiments to optimum (" << view.objective << ", " << view.goal
            << "), initial designs included; statistics over runs that found the optimum\n\n"
            << table.render();
  std::cout << "\n" << view.total_runs << " runs, " << view.failed_runs << " failed\n";
  for (const auto& failure : view.failures)
    std::cout << "  failed: config " << failure.config_id << " repeat " << failure.repeat << ": " << failure.message
              << "\n";
  return view.failed_runs > 0 ? exit_code::runs_failed : exit_code::success;
}

}  // namespace

Action add_summary_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand("summary", "Summarize a results file, best configuration first");
  command->add_option("results", *path, "Results file written by `bosim run` (HDF5)")->required();
  return [path] { return summary(*path); };
}

}  // namespace bosim::cli
