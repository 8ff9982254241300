#include "study/study_file.hpp"

#include <filesystem>
#include <limits>

#include "common/file_hash.hpp"
#include "study/closest_name.hpp"
#include "study/parameter_input.hpp"
#include "study/racing_table.hpp"
#include "study/toml_reader.hpp"
#include "study/truth_section.hpp"

namespace bosim {

const SourcePosition& ConfigurationOrigin::of(const std::string& parameter) const {
  const auto found = keys.find(parameter);
  return found == keys.end() ? table : found->second;
}

namespace {

const std::vector<std::string> top_level_keys = {"name",  "seed",  "repeats", "store_trajectories", "truth", "campaign",
                                                 "model", "sweep", "racing"};
const std::string initial_designs_key = "initial_designs";
/// [campaign] keys that are not campaign parameters: given once, never swept.
const std::vector<std::string> campaign_data_keys = {initial_designs_key, "init_box"};

std::vector<std::string> parameter_names(const std::string& section) {
  std::vector<std::string> names;
  for (const auto& parameter : campaign_parameters())
    if (section.empty() || parameter.section == section) names.push_back(parameter.name);
  return names;
}

/// Pairs of hyperparameter bounds that must be ordered.
const std::vector<std::pair<std::string, std::string>> ordered_bounds = {
    {"lengthscale_min", "lengthscale_max"},
    {"signal_variance_min", "signal_variance_max"},
    {"noise_variance_min", "noise_variance_max"},
};

double real_setting(const CampaignSettings& settings, const std::string& name) {
  const ParameterValue value = find_campaign_parameter(name)->get(settings);
  if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  return std::get<double>(value);
}

/// Reads one study file; the members collect what is read in file order.
class StudyParser {
 public:
  StudyParser(const std::string& text, const std::string& path) : text_(text), path_(path), reader_(path) {}

  ParsedStudy parse() {
    toml::table root;
    try {
      root = toml::parse(std::string_view(text_), std::string_view(path_));
    } catch (const toml::parse_error& error) {
      const auto& begin = error.source().begin;
      throw InputError(std::string(error.description()),
                       SourcePosition(path_, static_cast<int>(begin.line), static_cast<int>(begin.column)));
    }
    Study& study = parsed_.study;
    study.path = path_;
    study.toml_text = text_;
    study.name = std::filesystem::path(path_).stem().string();
    study.inputs.push_back({path_, fnv1a_hex(text_)});

    reader_.reject_unknown_keys(root, "the top level", top_level_keys);
    read_header(root);
    if (const auto* node = root.get("racing")) read_racing(reader_.table(*node, "racing"));
    const auto* truth = root.get("truth");
    if (truth == nullptr)
      throw InputError(
          "the study needs a [truth] table, e.g. kind = \"dataset\" with path = \"data.csv\", or kind = "
          "\"nucleation-layer\"",
          {path_});
    read_truth_section(reader_, reader_.table(*truth, "truth"), parsed_);
    defaults_table_ = SourcePosition(path_);
    for (const char* section : {"campaign", "model"})
      if (const auto* node = root.get(section)) read_defaults(reader_.table(*node, section), section);

    if (const auto* sweeps = root.get("sweep")) {
      const auto* list = sweeps->as_array();
      if (list == nullptr || !list->is_array_of_tables())
        throw InputError("'sweep' must be an array of tables: write each one as [[sweep]]",
                         reader_.at(*sweeps, "sweep"));
      for (std::size_t i = 0; i < list->size(); ++i) expand_sweep(*list->get(i)->as_table(), static_cast<int>(i));
    } else {
      CampaignSettings settings = defaults_;
      drop_unused_initial_data(settings);
      add_configuration(settings, {}, ConfigurationOrigin{defaults_table_, default_keys_}, 0);
    }

    if (study.total_runs() > max_total_runs)
      throw InputError(std::to_string(study.configurations.size()) + " configurations x " +
                           std::to_string(study.repeats) + " repeats = " + std::to_string(study.total_runs()) +
                           " runs, more than the " + std::to_string(max_total_runs) +
                           " a study may have; split it into several studies",
                       repeats_where_);

    bool any_listed = false, any_box = false, any_data = false;
    for (std::size_t i = 0; i < study.configurations.size(); ++i) {
      validate(study.configurations[i], parsed_.origins[i]);
      const InitialDesignKind init = study.configurations[i].settings.initial_design;
      any_listed = any_listed || init == InitialDesignKind::listed;
      any_box = any_box || init == InitialDesignKind::box;
      any_data = any_data || init == InitialDesignKind::data;
    }
    if (!defaults_.listed_initial_designs.empty() && !any_listed)
      throw InputError("initial_designs is used only with init = \"list\", which no configuration sets",
                       initial_designs_where_);
    if (!defaults_.initial_box.empty() && !any_box)
      throw InputError("[campaign.init_box] is used only with init = \"box\", which no configuration sets",
                       parsed_.init_box_where);
    if (!defaults_.initial_data_file.empty() && !any_data)
      throw InputError("initial_data is used only with init = \"data\", which no configuration sets",
                       default_keys_.at("initial_data"));
    return std::move(parsed_);
  }

 private:
  void read_header(const toml::table& root) {
    Study& study = parsed_.study;
    if (const auto* node = root.get("name")) {
      study.name = reader_.text(*node, "name");
      if (study.name.empty()) throw InputError("'name' must not be empty", reader_.at(*node, "name"));
    }
    if (const auto* node = root.get("seed")) {
      const std::int64_t seed = reader_.integer(*node, "seed");
      if (seed < 0) throw InputError("'seed' must be an integer >= 0", reader_.at(*node, "seed"));
      study.seed = static_cast<std::uint64_t>(seed);
    }
    if (const auto* node = root.get("repeats")) {
      const std::int64_t repeats = reader_.integer(*node, "repeats");
      repeats_where_ = reader_.at(*node, "repeats");
      if (repeats < 1 || static_cast<std::uint64_t>(repeats) > max_total_runs)
        throw InputError("'repeats' must be an integer between 1 and " + std::to_string(max_total_runs) +
                             " (the most runs a study may have)",
                         repeats_where_);
      study.repeats = static_cast<std::uint32_t>(repeats);
      repeats_given_ = true;
    }
    if (const auto* node = root.get("store_trajectories"))
      study.store_trajectories = reader_.boolean(*node, "store_trajectories");
  }

  /// [racing]: its max_repeats becomes the study's repeats (the worst case), so a raced study refuses `repeats`.
  void read_racing(const toml::table& table) {
    RacingTable racing = read_racing_table(reader_, table, max_total_runs);
    if (repeats_given_)
      throw InputError(
          "'repeats' cannot be used with [racing]: a raced study gives each setting up to [racing] "
          "max_repeats repeats (default " +
              std::to_string(default_max_repeats) + "); write max_repeats = " + std::to_string(parsed_.study.repeats) +
              " in [racing] instead",
          repeats_where_);
    parsed_.study.repeats = racing.settings.max_repeats;
    parsed_.study.racing = racing.settings;
    repeats_where_ = racing.max_repeats_where;
  }

  void read_defaults(const toml::table& table, const std::string& section) {
    std::vector<std::string> allowed = parameter_names(section);
    if (section == "campaign") allowed.insert(allowed.end(), campaign_data_keys.begin(), campaign_data_keys.end());
    reader_.reject_unknown_keys(table, "[" + section + "]", allowed);
    if (section == "campaign") defaults_table_ = reader_.at(table, section);
    for (const auto& entry : TomlReader::in_file_order(table)) {
      const std::string name(entry.key->str());
      if (name == initial_designs_key) {
        read_initial_designs(*entry.value);
        initial_designs_where_ = reader_.at(*entry.key);
        continue;
      }
      if (name == "init_box") {
        read_init_box(*entry.value);
        continue;
      }
      const auto& parameter = *find_campaign_parameter(name);
      if (entry.value->is_table() || entry.value->is_array())
        throw InputError(
            "'" + name + "' in [" + section + "] takes one value; sweep or randomize it in a [[sweep]] table",
            reader_.at(*entry.value, name));
      const ParameterValue value = read_parameter_value(reader_, parameter, *entry.value);
      // A file is blamed at the value that names it; only a [[sweep]] level may be "" (none).
      if (parameter.names_file && std::get<std::string>(value).empty())
        throw InputError("'" + name + "' must not be empty", reader_.at(*entry.value, name));
      parameter.set(defaults_, value);
      default_keys_[name] = parameter.names_file ? reader_.at(*entry.value, name) : reader_.at(*entry.key);
    }
  }

  void read_initial_designs(const toml::node& node) {
    const auto& rows = reader_.array(node, initial_designs_key);
    if (rows.empty()) throw InputError("'initial_designs' must list at least one design", reader_.at(node));
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const auto* row = rows.get(r)->as_array();
      const std::string label = "initial design " + std::to_string(r + 1);
      if (row == nullptr || row->empty())
        throw InputError("'initial_designs' must be an array of designs, each an array of numbers (or level names); " +
                             label + " is not",
                         reader_.at(*rows.get(r), initial_designs_key));
      std::vector<double> design;
      std::vector<std::string> texts;
      for (const auto& value : *row) {
        const bool level = value.is_string();  // a categorical feature's level, resolved against the truth
        texts.push_back(level ? reader_.text(value, initial_designs_key) : std::string());
        design.push_back(level ? std::numeric_limits<double>::quiet_NaN() : reader_.real(value, initial_designs_key));
      }
      parsed_.initial_design_texts.push_back(std::move(texts));
      if (r > 0 && design.size() != defaults_.listed_initial_designs.front().size())
        throw InputError(label + " has " + std::to_string(design.size()) + " values but initial design 1 has " +
                             std::to_string(defaults_.listed_initial_designs.front().size()),
                         reader_.at(*row, initial_designs_key));
      defaults_.listed_initial_designs.push_back(std::move(design));
      parsed_.initial_design_where.push_back(reader_.at(*row, initial_designs_key));
    }
  }

  /// [campaign.init_box]: feature name = [lower, upper] in raw units.
  void read_init_box(const toml::node& node) {
    const toml::table& table = reader_.table(node, "init_box");
    parsed_.init_box_where = reader_.at(node, "init_box");
    if (table.empty())
      throw InputError("[campaign.init_box] must bound at least one feature, e.g. \"x1\" = [0.0, 0.5]",
                       parsed_.init_box_where);
    for (const auto& entry : TomlReader::in_file_order(table)) {
      const std::string feature(entry.key->str());
      const auto& bounds = reader_.array(*entry.value, feature);
      if (bounds.size() != 2)
        throw InputError("'" + feature + "' in [campaign.init_box] must be [lower, upper]",
                         reader_.at(*entry.value, feature));
      FeatureInterval interval{feature, reader_.real(*bounds.get(0), feature), reader_.real(*bounds.get(1), feature)};
      if (interval.lower > interval.upper)
        throw InputError("'" + feature + "' in [campaign.init_box]: lower must not exceed upper",
                         reader_.at(*entry.value, feature));
      parsed_.init_box_bounds[feature] = reader_.at(*entry.key);
      defaults_.initial_box.push_back(std::move(interval));
    }
  }

  void expand_sweep(const toml::table& table, int sweep_index) {
    Study& study = parsed_.study;
    const std::string section = "[[sweep]]";
    std::vector<SweepFactor> factors;
    bool sweeps_initial_data = false;
    std::size_t count = 1;
    for (const auto& entry : TomlReader::in_file_order(table)) {
      const std::string name(entry.key->str());
      if (std::find(campaign_data_keys.begin(), campaign_data_keys.end(), name) != campaign_data_keys.end())
        throw InputError("'" + name + "' cannot be swept; give it in [campaign]", reader_.at(*entry.key));
      const auto* parameter = find_campaign_parameter(name);
      if (parameter == nullptr)
        throw InputError("unknown key '" + name + "' in " + section + did_you_mean(name, parameter_names("")),
                         reader_.at(*entry.key));
      factors.push_back(read_sweep_factor(reader_, *parameter, *entry.key, *entry.value));
      sweeps_initial_data = sweeps_initial_data || name == "initial_data";
      const std::size_t levels = factors.back().randomized ? 1 : factors.back().levels.size();
      if (count > (max_configurations - study.configurations.size()) / levels)
        throw InputError("the sweeps expand to more than " + std::to_string(max_configurations) + " configurations",
                         reader_.at(table));
      count *= levels;
      remember(study.swept_factor_names, name);
      if (factors.back().randomized) remember(study.randomized_factor_names, name);
    }
    for (std::size_t index = 0; index < count; ++index) {
      CampaignSettings settings = defaults_;
      std::vector<RandomizedFactor> randomized;
      ConfigurationOrigin origin{reader_.at(table), default_keys_};
      // Mixed-radix digits of index, the last factor varying fastest.
      std::size_t rest = index;
      std::vector<std::size_t> level(factors.size(), 0);
      for (std::size_t f = factors.size(); f-- > 0;) {
        if (factors[f].randomized) continue;
        level[f] = rest % factors[f].levels.size();
        rest /= factors[f].levels.size();
      }
      for (std::size_t f = 0; f < factors.size(); ++f) {
        if (factors[f].randomized)
          randomized.push_back(*factors[f].randomized);
        else
          factors[f].parameter->set(settings, factors[f].levels[level[f]]);
        origin.keys[factors[f].parameter->name] =
            factors[f].parameter->names_file ? factors[f].level_where[level[f]] : factors[f].where;
      }
      if (!sweeps_initial_data) drop_unused_initial_data(settings);
      add_configuration(settings, std::move(randomized), std::move(origin), sweep_index);
    }
  }

  /// [campaign] initial_data serves the init = "data" configurations; the others do not carry it (nor show it
  /// in /configs). A [[sweep]] that names initial_data for another init is an error (validate).
  static void drop_unused_initial_data(CampaignSettings& settings) {
    if (settings.initial_design != InitialDesignKind::data) settings.initial_data_file.clear();
  }

  static void remember(std::vector<std::string>& names, const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }

  void add_configuration(const CampaignSettings& settings, std::vector<RandomizedFactor> randomized,
                         ConfigurationOrigin origin, int sweep_index) {
    Configuration configuration;
    configuration.config_id = static_cast<std::uint32_t>(parsed_.study.configurations.size());
    configuration.settings = settings;
    configuration.randomized = std::move(randomized);
    configuration.sweep_index = sweep_index;
    parsed_.study.configurations.push_back(std::move(configuration));
    parsed_.origins.push_back(std::move(origin));
  }

  /// Cross-field rules that need no data.
  void validate(const Configuration& configuration, const ConfigurationOrigin& origin) const {
    const CampaignSettings& settings = configuration.settings;
    const std::string label = "configuration " + std::to_string(configuration.config_id) + ": ";
    for (const auto& [lower, upper] : ordered_bounds) {
      const double lower_value = real_setting(settings, lower), upper_value = real_setting(settings, upper);
      if (lower_value < upper_value) continue;
      const std::string& blamed = origin.keys.count(lower) != 0 ? lower : upper;
      throw InputError(label + lower + " (" + to_string(ParameterValue(lower_value)) + ") must be less than " + upper +
                           " (" + to_string(ParameterValue(upper_value)) + ")",
                       origin.of(blamed));
    }
    if (settings.initial_design == InitialDesignKind::listed) {
      const auto rows = settings.listed_initial_designs.size();
      if (rows == 0)
        throw InputError(
            label + "init = \"list\" needs initial_designs in [campaign]: n_init rows of raw feature values",
            origin.of("init"));
      if (rows != static_cast<std::size_t>(settings.n_init))
        throw InputError(label + "initial_designs lists " + std::to_string(rows) + " designs but n_init is " +
                             std::to_string(settings.n_init),
                         origin.keys.count("n_init") != 0 ? origin.of("n_init") : initial_designs_where_);
    }
    if (settings.initial_design == InitialDesignKind::box && settings.initial_box.empty())
      throw InputError(label + "init = \"box\" needs a [campaign.init_box] table: feature = [lower, upper]",
                       origin.of("init"));
    if (settings.initial_design == InitialDesignKind::data && settings.initial_data_file.empty()) {
      if (origin.keys.count("initial_data") != 0)  // a [[sweep]] level ""
        throw InputError(label + "init = \"data\" needs an initial_data file, not \"\"", origin.of("initial_data"));
      throw InputError(
          label + "init = \"data\" needs initial_data = \"…\" in [campaign]: a CSV of earlier measurements",
          origin.of("init"));
    }
    if (settings.initial_design != InitialDesignKind::data && !settings.initial_data_file.empty())
      throw InputError(label + "initial_data is used only with init = \"data\", but init is \"" +
                           to_string(settings.initial_design) + "\"",
                       origin.of("initial_data"));
    if (settings.replacement && settings.budget == 0)
      throw InputError(label + "replacement = true needs a budget > 0 (the campaign never runs out of designs)",
                       origin.keys.count("budget") != 0 ? origin.of("budget") : origin.of("replacement"));
    // With init = "data" n_init becomes the number of data rows, which is checked against the budget on loading.
    if (settings.initial_design != InitialDesignKind::data && settings.budget > 0 && settings.budget < settings.n_init)
      throw InputError(label + "budget (" + std::to_string(settings.budget) + ") must be at least n_init (" +
                           std::to_string(settings.n_init) + ") or 0 for no limit",
                       origin.of("budget"));
  }

  const std::string& text_;
  const std::string& path_;
  TomlReader reader_;
  ParsedStudy parsed_;
  CampaignSettings defaults_;
  std::map<std::string, SourcePosition> default_keys_;
  SourcePosition defaults_table_;
  SourcePosition initial_designs_where_;
  SourcePosition repeats_where_;  ///< the repeats value (the default 1 has none), or [racing] max_repeats
  bool repeats_given_ = false;    ///< the file has a top-level repeats key
};

}  // namespace

ParsedStudy parse_study_text(const std::string& text, const std::string& path) {
  return StudyParser(text, path).parse();
}

}  // namespace bosim
