#include "results/read_run_data.hpp"

#include <algorithm>
#include <cmath>

#include "results/results_reader.hpp"
#include "results/results_schema.hpp"
#include "results/run_data_checks.hpp"

namespace bosim {

std::size_t RunDataView::experiments_performed(std::size_t run) const {
  if (!has_trajectories) return static_cast<std::size_t>(experiments_spent.at(run));
  const std::span<const double> row = best_so_far_of(run);
  return static_cast<std::size_t>(std::find_if(row.begin(), row.end(), [](double v) { return std::isnan(v); }) -
                                  row.begin());
}

namespace {

/// The optimal designs' rows of /truth/designs (which has one row per pool design) as text.
void read_optimal_design_texts(ResultsReader& reader, RunDataView& view) {
  const std::vector<std::vector<std::string>> designs =
      reader.compound_as_text(schema::truth_designs_path, view.design_features);
  if (designs.size() != view.truth_values.size())
    throw InputError("/truth/designs has " + std::to_string(designs.size()) + " rows for a pool of " +
                         std::to_string(view.truth_values.size()) + " designs (/truth/values)",
                     SourcePosition(reader.path(), 0, 0, schema::truth_designs_path));
  for (std::size_t k = 0; k < view.optimal_designs.size() && k < max_described_optima; ++k)
    view.optimal_design_texts.push_back(designs.at(static_cast<std::size_t>(view.optimal_designs[k])));
}

/// /trajectories/best_so_far and /chosen, each runs × width.
void read_trajectories(ResultsReader& reader, RunDataView& view) {
  const std::string& path = reader.path();
  hsize_t rows = 0, columns = 0;
  view.best_so_far = reader.numeric_dataset<double>(schema::trajectories_best_so_far, H5T_NATIVE_DOUBLE, rows, columns);
  const auto check_rows = [&](hsize_t count, const char* name) {
    if (count != view.runs())
      throw InputError(std::string("/") + name + " and /runs differ in length", SourcePosition(path, 0, 0, name));
  };
  check_rows(rows, schema::trajectories_best_so_far);
  view.trajectory_width = columns;
  view.chosen = reader.numeric_dataset<std::int32_t>(schema::trajectories_chosen, H5T_NATIVE_INT32, rows, columns);
  check_rows(rows, schema::trajectories_chosen);
  if (columns != view.trajectory_width)
    throw InputError("/trajectories/chosen and /trajectories/best_so_far differ in width",
                     SourcePosition(path, 0, 0, schema::trajectories_chosen));
}

}  // namespace

RunDataView read_run_data(const std::string& path) {
  const Hdf5QuietErrors quiet;
  ResultsReader reader(path);
  RunDataView view;
  view.config_ids = reader.compound_member<std::uint32_t>(schema::runs, schema::config_id, H5T_NATIVE_UINT32);
  view.repeats = reader.compound_member<std::uint32_t>(schema::runs, schema::repeat, H5T_NATIVE_UINT32);
  view.experiments_to_optimum =
      reader.compound_member<std::int32_t>(schema::runs, schema::experiments_to_optimum, H5T_NATIVE_INT32);
  view.iterations_to_optimum =
      reader.compound_member<std::int32_t>(schema::runs, schema::iterations_to_optimum, H5T_NATIVE_INT32);
  const std::vector<std::uint8_t> found =
      reader.compound_member<std::uint8_t>(schema::runs, schema::found, H5T_NATIVE_UINT8);
  RunDataLimits limits;
  limits.statuses = reader.run_statuses();
  const std::vector<std::string>& status = limits.statuses;
  for (std::size_t run = 0; run < found.size(); ++run) {
    view.found.push_back(found[run] != 0);
    view.failed.push_back(status[run] == schema::status_failed);
  }

  const std::string drawn_prefix = schema::drawn_prefix;
  for (const std::string& member : reader.compound_member_names(schema::runs)) {
    if (member.rfind(drawn_prefix, 0) != 0) continue;
    view.drawn_factors.push_back(member.substr(drawn_prefix.size()));
    view.drawn_values.push_back(reader.compound_member<double>(schema::runs, member.c_str(), H5T_NATIVE_DOUBLE));
  }

  view.has_trajectories = reader.has_dataset(schema::trajectories);
  if (view.has_trajectories) read_trajectories(reader, view);
  hsize_t rows = 0, columns = 0;
  view.has_truth = reader.has_dataset(schema::truth_values_path) && reader.has_attribute(schema::optimum_value);
  if (view.has_truth) {
    view.truth_values = reader.numeric_dataset<double>(schema::truth_values_path, H5T_NATIVE_DOUBLE, rows, columns);
    view.optimal_designs =
        reader.numeric_dataset<std::int32_t>(schema::truth_optimal_designs_path, H5T_NATIVE_INT32, rows, columns);
    view.optimum_value = reader.real_attribute(schema::optimum_value);
  }
  limits.config_ids = reader.compound_member<std::uint32_t>(schema::configs, schema::config_id, H5T_NATIVE_UINT32);
  if (reader.has_attribute(schema::repeats)) limits.repeats = reader.integer_attribute(schema::repeats);
  check_run_data(view, limits, path);
  if (view.has_truth && reader.has_dataset(schema::truth_designs_path)) read_optimal_design_texts(reader, view);
  return view;
}

}  // namespace bosim
