#include "study/study_file.hpp"

#include <filesystem>
#include <limits>

#include "common/file_hash.hpp"
#include "study/closest_name.hpp"
#include "study/parameter_input.hpp"
#include "study/toml_reader.hpp"

namespace bosim {

const SourcePosition& ConfigurationOrigin::of(const std::string& parameter) const {
  const auto found = keys.find(parameter);
  return found == keys.end() ? table : found->second;
}

namespace {

const std::vector<std::string> top_level_keys = {"name", "seed", "repeats", "truth", "campaign", "model", "sweep"};
const std::vector<std::string> truth_keys = {"kind",    "path", "features",   "objective",
                                             "exclude", "goal", "replicates", "feature"};
const std::vector<std::string> feature_keys = {"name", "lower", "upper", "step", "log_scale"};
const std::vector<std::string> truth_kinds = {"dataset"};
const std::string initial_designs_key = "initial_designs";

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
    const auto* truth = root.get("truth");
    if (truth == nullptr)
      throw InputError("the study needs a [truth] table (kind = \"dataset\", path = \"data.csv\")", {path_});
    read_truth(reader_.table(*truth, "truth"));
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
      add_configuration(defaults_, {}, ConfigurationOrigin{defaults_table_, default_keys_}, 0);
    }

    bool any_listed = false;
    for (std::size_t i = 0; i < study.configurations.size(); ++i) {
      validate(study.configurations[i], parsed_.origins[i]);
      any_listed = any_listed || study.configurations[i].settings.initial_design == InitialDesignKind::listed;
    }
    if (!defaults_.listed_initial_designs.empty() && !any_listed)
      throw InputError("initial_designs is used only with init = \"list\", which no configuration sets",
                       initial_designs_where_);
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
      if (repeats < 1 || repeats > std::numeric_limits<std::uint32_t>::max())
        throw InputError("'repeats' must be an integer between 1 and 4294967295", reader_.at(*node, "repeats"));
      study.repeats = static_cast<std::uint32_t>(repeats);
    }
  }

  void read_truth(const toml::table& truth) {
    reader_.reject_unknown_keys(truth, "[truth]", truth_keys);
    if (const auto* kind = truth.get("kind")) {
      const std::string name = reader_.text(*kind, "kind");
      if (name != "dataset")
        throw InputError("unknown truth kind '" + name + "'; valid kinds: " + join_names(truth_kinds) +
                             did_you_mean(name, truth_kinds),
                         reader_.at(*kind, "kind"));
    }
    DatasetSpec& spec = parsed_.study.dataset;
    const auto* path = truth.get("path");
    if (path == nullptr)
      throw InputError("[truth] needs path = \"…\": the dataset CSV, relative to the study file's folder",
                       reader_.at(truth, "truth"));
    const std::string relative = reader_.text(*path, "path");
    if (relative.empty()) throw InputError("'path' must not be empty", reader_.at(*path, "path"));
    spec.path = (std::filesystem::path(path_).parent_path() / relative).lexically_normal().string();
    parsed_.truth_path_where = reader_.at(*path, "path");

    if (const auto* node = truth.get("features")) {
      spec.features = reader_.texts(*node, "features");
      spec.features_where = reader_.at(*node, "features");
    }
    if (const auto* node = truth.get("objective")) {
      spec.objective = reader_.text(*node, "objective");
      spec.objective_where = reader_.at(*node, "objective");
    }
    if (const auto* node = truth.get("exclude")) {
      spec.exclude = reader_.texts(*node, "exclude");
      spec.exclude_where = reader_.at(*node, "exclude");
    }
    if (const auto* node = truth.get("goal"))
      spec.goal =
          reader_.choice(*node, "goal", {"maximize", "minimize"}) == "maximize" ? Goal::maximize : Goal::minimize;
    if (const auto* node = truth.get("replicates"))
      spec.replicates = reader_.choice(*node, "replicates", {"mean", "sample"}) == "mean" ? ReplicatePolicy::mean
                                                                                          : ReplicatePolicy::sample;
    if (const auto* node = truth.get("feature")) {
      const auto& list = reader_.array(*node, "feature");
      for (const auto& element : list) {
        FeatureOverride feature = read_feature_override(reader_.table(element, "truth.feature"));
        for (const auto& earlier : spec.feature_overrides)
          if (earlier.name == feature.name)
            throw InputError("feature '" + feature.name + "' is overridden twice in [[truth.feature]]", feature.where);
        spec.feature_overrides.push_back(std::move(feature));
      }
    }
  }

  FeatureOverride read_feature_override(const toml::table& table) const {
    reader_.reject_unknown_keys(table, "[[truth.feature]]", feature_keys);
    FeatureOverride feature;
    const auto* name = table.get("name");
    if (name == nullptr)
      throw InputError("[[truth.feature]] needs name = \"…\" (a column of the dataset)", reader_.at(table));
    feature.name = reader_.text(*name, "name");
    feature.where = reader_.at(*name, "name");
    if (const auto* node = table.get("lower")) feature.lower = reader_.real(*node, "lower");
    if (const auto* node = table.get("upper")) feature.upper = reader_.real(*node, "upper");
    if (const auto* node = table.get("step")) {
      feature.step = reader_.real(*node, "step");
      if (*feature.step <= 0.0) throw InputError("'step' must be > 0", reader_.at(*node, "step"));
    }
    if (const auto* node = table.get("log_scale")) feature.log_scale = reader_.boolean(*node, "log_scale");
    if (feature.lower && feature.upper && !(*feature.lower < *feature.upper))
      throw InputError("feature '" + feature.name + "': lower must be less than upper", feature.where);
    if (feature.log_scale && feature.lower && *feature.lower <= 0.0)
      throw InputError("feature '" + feature.name + "': log_scale needs lower > 0", feature.where);
    return feature;
  }

  void read_defaults(const toml::table& table, const std::string& section) {
    std::vector<std::string> allowed = parameter_names(section);
    if (section == "campaign") allowed.push_back(initial_designs_key);
    reader_.reject_unknown_keys(table, "[" + section + "]", allowed);
    if (section == "campaign") defaults_table_ = reader_.at(table, section);
    for (const auto& entry : TomlReader::in_file_order(table)) {
      const std::string name(entry.key->str());
      if (name == initial_designs_key) {
        read_initial_designs(*entry.value);
        initial_designs_where_ = reader_.at(*entry.key);
        continue;
      }
      const auto& parameter = *find_campaign_parameter(name);
      if (entry.value->is_table() || entry.value->is_array())
        throw InputError(
            "'" + name + "' in [" + section + "] takes one value; sweep or randomize it in a [[sweep]] table",
            reader_.at(*entry.value, name));
      parameter.set(defaults_, read_parameter_value(reader_, parameter, *entry.value));
      default_keys_[name] = reader_.at(*entry.key);
    }
  }

  void read_initial_designs(const toml::node& node) {
    const auto& rows = reader_.array(node, initial_designs_key);
    if (rows.empty()) throw InputError("'initial_designs' must list at least one design", reader_.at(node));
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const auto* row = rows.get(r)->as_array();
      const std::string label = "initial design " + std::to_string(r + 1);
      if (row == nullptr || row->empty())
        throw InputError(
            "'initial_designs' must be an array of designs, each an array of numbers; " + label + " is not",
            reader_.at(*rows.get(r), initial_designs_key));
      std::vector<double> design;
      for (const auto& value : *row) design.push_back(reader_.real(value, initial_designs_key));
      if (r > 0 && design.size() != defaults_.listed_initial_designs.front().size())
        throw InputError(label + " has " + std::to_string(design.size()) + " values but initial design 1 has " +
                             std::to_string(defaults_.listed_initial_designs.front().size()),
                         reader_.at(*row, initial_designs_key));
      defaults_.listed_initial_designs.push_back(std::move(design));
      parsed_.initial_design_where.push_back(reader_.at(*row, initial_designs_key));
    }
  }

  void expand_sweep(const toml::table& table, int sweep_index) {
    Study& study = parsed_.study;
    const std::string section = "[[sweep]]";
    std::vector<SweepFactor> factors;
    std::size_t count = 1;
    for (const auto& entry : TomlReader::in_file_order(table)) {
      const std::string name(entry.key->str());
      if (name == initial_designs_key)
        throw InputError("'initial_designs' cannot be swept; give it in [campaign]", reader_.at(*entry.key));
      const auto* parameter = find_campaign_parameter(name);
      if (parameter == nullptr)
        throw InputError("unknown key '" + name + "' in " + section + did_you_mean(name, parameter_names("")),
                         reader_.at(*entry.key));
      factors.push_back(read_sweep_factor(reader_, *parameter, *entry.key, *entry.value));
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
        origin.keys[factors[f].parameter->name] = factors[f].where;
      }
      add_configuration(settings, std::move(randomized), std::move(origin), sweep_index);
    }
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
    if (settings.budget > 0 && settings.budget < settings.n_init)
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
};

}  // namespace

ParsedStudy parse_study_text(const std::string& text, const std::string& path) {
  return StudyParser(text, path).parse();
}

}  // namespace bosim
