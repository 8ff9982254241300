#include "study/measured_data_file.hpp"

#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "campaign/initial_design.hpp"
#include "common/file_hash.hpp"
#include "truth/categorical_columns.hpp"
#include "truth/csv_table.hpp"

namespace bosim {

namespace {

std::string in_quotes(const std::string& name) { return "\"" + name + "\""; }

std::string available_columns(const CsvTable& table) { return table.column_list(); }

int require_column(const CsvTable& table, const std::string& name, const std::string& role,
                   const SourcePosition& where) {
  const int index = table.column_index(name);
  if (index < 0)
    throw InputError(table.path + " has no column " + in_quotes(name) + " (the truth's " + role +
                         "); available columns: " + available_columns(table),
                     where);
  return index;
}

}  // namespace

MeasuredData read_measured_data(const std::string& path, const GroundTruth& truth, PoolMatch match,
                                const SourcePosition& where) {
  if (!std::filesystem::is_regular_file(path))
    throw InputError("data file not found: " + path + " (paths are relative to the study file's folder)", where);
  const CsvTable table = CsvTable::read(path);
  const DesignSpace& space = truth.space();
  std::vector<int> feature_columns;
  for (const FeatureRange& feature : space.features())
    feature_columns.push_back(require_column(table, feature.name, "feature", where));
  const int objective_column = require_column(table, truth.objective_name(), "objective", where);
  if (table.rows.empty()) throw InputError("no data rows below the header", SourcePosition(path, table.header_line));

  MeasuredData data;
  data.path = path;
  const auto rows = static_cast<Eigen::Index>(table.rows.size());
  data.designs.resize(rows, space.dimension());
  data.values.resize(rows);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const auto row = static_cast<std::size_t>(r);
    for (Eigen::Index d = 0; d < space.dimension(); ++d) {
      const FeatureRange& feature = space.features()[static_cast<size_t>(d)];
      const int column = feature_columns[static_cast<size_t>(d)];
      data.designs(r, d) = feature.is_categorical() ? CategoricalColumn(feature.levels).value(table, row, column)
                                                    : table.number(row, column);
    }
    data.values[r] = table.number(row, objective_column);
    data.lines.push_back(table.row_lines[row]);
  }
  // The GP sees unit-scaled inputs: a log-scaled feature needs positive values.
  const Eigen::MatrixXd unit = space.to_unit(data.designs);
  for (Eigen::Index r = 0; r < rows; ++r)
    for (Eigen::Index d = 0; d < space.dimension(); ++d)
      if (!std::isfinite(unit(r, d))) {
        const int column = feature_columns[static_cast<size_t>(d)];
        const std::string& name = table.header[static_cast<size_t>(column)];
        throw InputError("value of " + in_quotes(name) + " cannot be log-scaled (it must be > 0)",
                         SourcePosition(path, data.lines[static_cast<size_t>(r)], column + 1, name));
      }
  if (match == PoolMatch::exact) {
    for (Eigen::Index r = 0; r < rows; ++r) {
      const Eigen::RowVectorXd row = data.designs.row(r);
      const Eigen::Index design =
          find_pool_design(truth.designs(), std::vector<double>(row.data(), row.data() + row.size()));
      if (design < 0)
        throw InputError(
            "this row is not a design of the pool: initial data must match a pool design's features exactly "
            "(measurements of other designs belong in prior_data)",
            SourcePosition(path, data.lines[static_cast<size_t>(r)]));
      data.pool_designs.push_back(design);
    }
  }
  return data;
}

void attach_measured_data(ParsedStudy& parsed, const GroundTruth& truth) {
  Study& study = parsed.study;
  const std::filesystem::path folder = std::filesystem::path(study.path).parent_path();
  std::set<std::string> hashed;  // a file used by several configurations (or in both roles) is one input
  // Each file is read once per role: the first configuration naming it decides where its errors point.
  const auto attach = [&](const std::string CampaignSettings::*file,
                          std::shared_ptr<const MeasuredData> CampaignSettings::*data, const std::string& key,
                          PoolMatch match) {
    std::map<std::string, std::shared_ptr<const MeasuredData>> loaded;  // resolved path → its rows
    for (std::size_t i = 0; i < study.configurations.size(); ++i) {
      CampaignSettings& settings = study.configurations[i].settings;
      if ((settings.*file).empty()) continue;
      const std::string path = (folder / (settings.*file)).lexically_normal().string();
      auto [entry, first] = loaded.try_emplace(path);
      if (first) {
        entry->second =
            std::make_shared<const MeasuredData>(read_measured_data(path, truth, match, parsed.origins[i].of(key)));
        if (hashed.insert(path).second) study.inputs.push_back({path, fnv1a_hex(read_file_bytes(path))});
      }
      settings.*data = entry->second;
    }
  };
  // Initial data first, then prior data, as studies recorded their inputs before these could be swept.
  attach(&CampaignSettings::initial_data_file, &CampaignSettings::initial_data, "initial_data", PoolMatch::exact);
  attach(&CampaignSettings::prior_data_file, &CampaignSettings::prior_data, "prior_data", PoolMatch::none);

  for (std::size_t i = 0; i < study.configurations.size(); ++i) {
    CampaignSettings& settings = study.configurations[i].settings;
    if (settings.initial_design != InitialDesignKind::data) continue;
    const ConfigurationOrigin& origin = parsed.origins[i];
    const std::string label = "configuration " + std::to_string(study.configurations[i].config_id) + ": ";
    const auto rows = static_cast<int>(settings.initial_data->size());
    if (origin.keys.count("n_init") != 0 && settings.n_init != rows)
      throw InputError(label + "n_init (" + std::to_string(settings.n_init) + ") differs from the " +
                           std::to_string(rows) + " rows of initial_data; with init = \"data\" leave n_init out",
                       origin.of("n_init"));
    settings.n_init = rows;
    if (settings.budget > 0 && settings.budget < rows)
      throw InputError(label + "budget (" + std::to_string(settings.budget) + ") must be at least the " +
                           std::to_string(rows) + " rows of initial_data, which count as experiments",
                       origin.of("budget"));
  }
}

}  // namespace bosim
