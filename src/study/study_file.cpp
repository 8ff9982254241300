#include "study/study_file.hpp"

#include <filesystem>
#include <limits>

#include "common/file_hash.hpp"
#include "study/categorical_feature_keys.hpp"
#include "study/closest_name.hpp"
#include "study/parameter_input.hpp"
#include "study/toml_reader.hpp"
#include "truth/sobol_sequence.hpp"

namespace bosim {

std::string to_string(TruthKind kind) {
  switch (kind) {
    case TruthKind::dataset:
      return "dataset";
    case TruthKind::nucleation_layer:
      return "nucleation-layer";
    case TruthKind::function:
      return "function";
    case TruthKind::emulator:
      return "emulator";
    case TruthKind::expression:
      return "expression";
    case TruthKind::command:
      return "command";
  }
  return "?";
}

const SourcePosition& ConfigurationOrigin::of(const std::string& parameter) const {
  const auto found = keys.find(parameter);
  return found == keys.end() ? table : found->second;
}

namespace {

const std::vector<std::string> top_level_keys = {"name",  "seed",     "repeats", "store_trajectories",
                                                 "truth", "campaign", "model",   "sweep"};
const std::vector<std::string> feature_keys = {"name", "lower", "upper", "step", "log_scale", "kind", "levels"};
/// In TruthKind order (the parser maps a name to its enumerator by position).
const std::vector<std::string> truth_kinds = {"dataset",  "nucleation-layer", "function",
                                              "emulator", "expression",       "command"};
const std::vector<std::string> constraint_keys = {"coefficients", "lower", "upper"};
const std::vector<std::string> noise_keys = {"sd", "kind"};

/// The [truth] keys a kind accepts.
std::vector<std::string> truth_keys(TruthKind kind) {
  std::vector<std::string> keys = {"kind", "noise", "feature"};
  const std::vector<std::string> data_keys = {"path", "features", "objective", "exclude", "goal", "constraint"};
  const std::vector<std::string> user_pool_keys = {"goal", "pool", "pool_size", "designs", "constraint"};
  switch (kind) {
    case TruthKind::dataset:
      keys.insert(keys.end(), data_keys.begin(), data_keys.end());
      keys.push_back("replicates");
      break;
    case TruthKind::emulator:
      keys.insert(keys.end(), data_keys.begin(), data_keys.end());
      keys.insert(keys.end(), {"pool", "pool_size", "kernel", "replicate_noise"});
      break;
    case TruthKind::function:
      keys.insert(keys.end(), {"function", "dimension", "goal", "pool", "pool_size", "constraint"});
      break;
    case TruthKind::expression:
      keys.insert(keys.end(), user_pool_keys.begin(), user_pool_keys.end());
      keys.insert(keys.end(), {"expression", "constants", "objective"});
      break;
    case TruthKind::command:
      keys.insert(keys.end(), user_pool_keys.begin(), user_pool_keys.end());
      keys.insert(keys.end(),
                  {"command", "objective", "sd_column", "replicate_columns", "replicates", "timeout_seconds"});
      break;
    case TruthKind::nucleation_layer:
      for (const auto& rule : nucleation_layer_parameter_rules()) keys.push_back(rule.key);
      keys.push_back("max_cycles");
      break;
  }
  return keys;
}
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
    const auto* truth = root.get("truth");
    if (truth == nullptr)
      throw InputError(
          "the study needs a [truth] table, e.g. kind = \"dataset\" with path = \"data.csv\", or kind = "
          "\"nucleation-layer\"",
          {path_});
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
    }
    if (const auto* node = root.get("store_trajectories"))
      study.store_trajectories = reader_.boolean(*node, "store_trajectories");
  }

  void read_truth(const toml::table& truth) {
    Study& study = parsed_.study;
    parsed_.truth_where = reader_.at(truth, "truth");
    if (const auto* kind = truth.get("kind")) {
      const std::string name = reader_.text(*kind, "kind");
      const auto known = std::find(truth_kinds.begin(), truth_kinds.end(), name);
      if (known == truth_kinds.end())
        throw InputError("unknown truth kind '" + name + "'; valid kinds: " + join_names(truth_kinds) +
                             did_you_mean(name, truth_kinds),
                         reader_.at(*kind, "kind"));
      study.truth_kind = static_cast<TruthKind>(known - truth_kinds.begin());
    }
    const std::string section = "[truth] of kind \"" + to_string(study.truth_kind) + "\"";
    const std::vector<std::string> allowed = truth_keys(study.truth_kind);
    for (const auto& entry : TomlReader::in_file_order(truth)) {
      const std::string key(entry.key->str());
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string kinds;  // the kinds that do take this key, if any
      for (std::size_t k = 0; k < truth_kinds.size(); ++k) {
        const auto other = truth_keys(static_cast<TruthKind>(k));
        if (std::find(other.begin(), other.end(), key) != other.end())
          kinds.append(kinds.empty() ? "" : ", ").append(truth_kinds[k]);
      }
      if (!kinds.empty())
        throw InputError("'" + key + "' is not a key of " + section + "; it belongs to kind " + kinds,
                         reader_.at(*entry.key));
    }
    reader_.reject_unknown_keys(truth, section, allowed);
    if (const auto* node = truth.get("noise")) study.noise = read_noise(*node);

    std::vector<FeatureOverride> overrides;
    if (const auto* node = truth.get("feature")) {
      const auto& list = reader_.array(*node, "feature");
      for (const auto& element : list) {
        FeatureOverride feature = read_feature_override(reader_.table(element, "truth.feature"));
        for (const auto& earlier : overrides)
          if (earlier.name == feature.name)
            throw InputError("feature '" + feature.name + "' is overridden twice in [[truth.feature]]", feature.where);
        overrides.push_back(std::move(feature));
      }
    }
    std::vector<ConstraintSpec> constraints;
    if (const auto* node = truth.get("constraint")) {
      const auto& list = reader_.array(*node, "constraint");
      for (const auto& element : list)
        constraints.push_back(read_constraint(reader_.table(element, "truth.constraint")));
    }
    switch (study.truth_kind) {
      case TruthKind::dataset:
        read_data_keys(truth, study.dataset);
        study.dataset.constraints = std::move(constraints);
        if (const auto* node = truth.get("replicates"))
          study.dataset.replicates = reader_.choice(*node, "replicates", {"mean", "sample"}) == "mean"
                                         ? ReplicatePolicy::mean
                                         : ReplicatePolicy::sample;
        study.dataset.feature_overrides = std::move(overrides);
        break;
      case TruthKind::emulator:
        read_data_keys(truth, study.emulator.data);
        read_emulator_keys(truth, study.emulator);
        study.emulator.data.feature_overrides = std::move(overrides);
        study.emulator.data.constraints = std::move(constraints);
        break;
      case TruthKind::function:
        read_function_keys(truth, study.function);
        study.function.feature_overrides = std::move(overrides);
        study.function.constraints = std::move(constraints);
        break;
      case TruthKind::expression:
        read_expression_keys(truth, study.expression);
        read_user_pool_keys(truth, study.expression.pool, std::move(overrides), std::move(constraints));
        break;
      case TruthKind::command:
        read_command_keys(truth, study.command);
        read_user_pool_keys(truth, study.command.pool, std::move(overrides), std::move(constraints));
        break;
      case TruthKind::nucleation_layer:
        read_nucleation_layer_keys(truth, study.nucleation_layer.parameters);
        study.nucleation_layer.feature_overrides = std::move(overrides);
        break;
    }
  }

  /// [[truth.constraint]]: coefficients = {feature = number, …}, lower and/or upper.
  ConstraintSpec read_constraint(const toml::table& table) const {
    reader_.reject_unknown_keys(table, "[[truth.constraint]]", constraint_keys);
    ConstraintSpec constraint;
    constraint.where = reader_.at(table);
    const auto* coefficients = table.get("coefficients");
    if (coefficients == nullptr)
      throw InputError(
          "[[truth.constraint]] needs coefficients = {feature = number, …} and lower and/or upper, e.g. "
          "coefficients = {CB = 1, CNT = 1}, upper = 0.9 for CB + CNT <= 0.9",
          constraint.where);
    for (const auto& entry : TomlReader::in_file_order(reader_.table(*coefficients, "coefficients")))
      constraint.terms.emplace_back(std::string(entry.key->str()),
                                    reader_.real(*entry.value, std::string(entry.key->str())));
    if (constraint.terms.empty())
      throw InputError("'coefficients' must name at least one feature", reader_.at(*coefficients, "coefficients"));
    if (const auto* node = table.get("lower")) constraint.lower = reader_.real(*node, "lower");
    if (const auto* node = table.get("upper")) constraint.upper = reader_.real(*node, "upper");
    if (!constraint.lower && !constraint.upper)
      throw InputError("[[truth.constraint]] needs lower, upper or both", constraint.where);
    if (constraint.lower && constraint.upper && *constraint.lower > *constraint.upper)
      throw InputError("[[truth.constraint]]: lower must not exceed upper", constraint.where);
    return constraint;
  }

  /// The design keys of kinds "expression" and "command": features, constraints, pool or designs file, goal.
  void read_user_pool_keys(const toml::table& truth, UserPoolSpec& pool, std::vector<FeatureOverride> features,
                           std::vector<ConstraintSpec> constraints) const {
    pool.where = reader_.at(truth, "truth");
    pool.features = std::move(features);
    pool.constraints = std::move(constraints);
    read_pool_keys(truth, pool.pool, pool.pool_size);
    if (const auto* node = truth.get("designs")) {
      const std::string relative = reader_.text(*node, "designs");
      if (relative.empty()) throw InputError("'designs' must not be empty", reader_.at(*node, "designs"));
      if (truth.get("pool") != nullptr || truth.get("pool_size") != nullptr)
        throw InputError("'designs' (a CSV of designs) replaces pool and pool_size; give one or the other",
                         reader_.at(*node, "designs"));
      pool.designs_path = (std::filesystem::path(path_).parent_path() / relative).lexically_normal().string();
      pool.designs_where = reader_.at(*node, "designs");
      if (!std::filesystem::is_regular_file(pool.designs_path))
        throw InputError(
            "designs file not found: " + pool.designs_path + " (paths are relative to the study file's folder)",
            pool.designs_where);
    }
  }

  void read_expression_keys(const toml::table& truth, ExpressionSpec& spec) const {
    const auto* expression = truth.get("expression");
    if (expression == nullptr)
      throw InputError("[truth] of kind \"expression\" needs expression = \"…\" over the [[truth.feature]] names",
                       reader_.at(truth, "truth"));
    spec.expression = reader_.text(*expression, "expression");
    spec.expression_where = reader_.at(*expression, "expression");
    if (spec.expression_where.column > 0) ++spec.expression_where.column;  // past the opening quote
    if (const auto* node = truth.get("constants")) {
      spec.constants_where = reader_.at(*node, "constants");
      for (const auto& entry : TomlReader::in_file_order(reader_.table(*node, "constants")))
        spec.constants.emplace_back(std::string(entry.key->str()),
                                    reader_.real(*entry.value, std::string(entry.key->str())));
    }
    if (const auto* node = truth.get("objective")) spec.objective = reader_.text(*node, "objective");
    if (const auto* node = truth.get("goal")) spec.goal = read_goal(*node);
  }

  void read_command_keys(const toml::table& truth, CommandSpec& spec) const {
    const auto* command = truth.get("command");
    if (command == nullptr)
      throw InputError(
          "[truth] of kind \"command\" needs command = [\"program\", \"argument\", …], e.g. [\"python3\", "
          "\"model.py\"]",
          reader_.at(truth, "truth"));
    spec.command = reader_.texts(*command, "command");
    spec.command_where = reader_.at(*command, "command");
    if (spec.command.empty() || spec.command.front().empty())
      throw InputError("'command' must name a program first", spec.command_where);
    spec.directory = std::filesystem::absolute(std::filesystem::path(path_).parent_path()).lexically_normal().string();
    if (const auto* node = truth.get("objective")) {
      spec.objective = reader_.text(*node, "objective");
      spec.objective_where = reader_.at(*node, "objective");
    }
    if (const auto* node = truth.get("sd_column")) spec.sd_column = reader_.text(*node, "sd_column");
    if (const auto* node = truth.get("replicate_columns")) {
      spec.replicate_columns = reader_.texts(*node, "replicate_columns");
      if (spec.replicate_columns.empty())
        throw InputError("'replicate_columns' must name at least one column", reader_.at(*node, "replicate_columns"));
      if (!spec.objective.empty() || !spec.sd_column.empty())
        throw InputError("'replicate_columns' replaces objective and sd_column; give one or the other",
                         reader_.at(*node, "replicate_columns"));
      spec.objective_where = reader_.at(*node, "replicate_columns");
    }
    if (const auto* node = truth.get("replicates"))
      spec.replicates = reader_.choice(*node, "replicates", {"mean", "sample"}) == "mean" ? ReplicatePolicy::mean
                                                                                          : ReplicatePolicy::sample;
    if (const auto* node = truth.get("timeout_seconds")) {
      spec.timeout_seconds = reader_.real(*node, "timeout_seconds");
      if (!(spec.timeout_seconds > 0.0))
        throw InputError("'timeout_seconds' must be > 0", reader_.at(*node, "timeout_seconds"));
    }
    if (const auto* node = truth.get("goal")) spec.goal = read_goal(*node);
  }

  /// The keys naming a CSV table and its columns (kinds "dataset" and "emulator").
  void read_data_keys(const toml::table& truth, DatasetSpec& spec) {
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
    if (const auto* node = truth.get("goal")) spec.goal = read_goal(*node);
  }

  Goal read_goal(const toml::node& node) const {
    return reader_.choice(node, "goal", {"maximize", "minimize"}) == "maximize" ? Goal::maximize : Goal::minimize;
  }

  /// noise = {sd = x, kind = "absolute" | "relative"}.
  ObservationNoise read_noise(const toml::node& node) const {
    const toml::table& table = reader_.table(node, "noise");
    reader_.reject_unknown_keys(table, "[truth] noise", noise_keys);
    ObservationNoise noise;
    const auto* sd = table.get("sd");
    if (sd == nullptr)
      throw InputError("'noise' needs sd = … (the standard deviation), e.g. noise = {sd = 5.0, kind = \"absolute\"}",
                       reader_.at(node, "noise"));
    noise.sd = reader_.real(*sd, "sd");
    if (noise.sd < 0.0) throw InputError("'sd' must be >= 0", reader_.at(*sd, "sd"));
    if (const auto* kind = table.get("kind"))
      noise.kind = reader_.choice(*kind, "kind", {"absolute", "relative"}) == "absolute"
                       ? ObservationNoise::Kind::absolute
                       : ObservationNoise::Kind::relative;
    return noise;
  }

  /// pool and pool_size (kinds "function" and "emulator").
  void read_pool_keys(const toml::table& truth, std::optional<PoolKind>& pool, Eigen::Index& pool_size) const {
    if (const auto* node = truth.get("pool")) {
      PoolKind kind = PoolKind::sobol;
      parse_pool_kind(reader_.choice(*node, "pool", {"grid", "sobol", "lhs"}), kind);
      pool = kind;
    }
    if (const auto* node = truth.get("pool_size")) {
      const std::int64_t size = reader_.integer(*node, "pool_size");
      if (size < 1 || static_cast<double>(size) > max_pool_size)
        throw InputError("'pool_size' must be an integer between 1 and 1000000", reader_.at(*node, "pool_size"));
      if (pool == PoolKind::grid)
        throw InputError("'pool_size' applies to pool = \"sobol\" or \"lhs\"; a grid pool is every grid point",
                         reader_.at(*node, "pool_size"));
      pool_size = static_cast<Eigen::Index>(size);
    }
  }

  void read_emulator_keys(const toml::table& truth, EmulatorSpec& spec) const {
    read_pool_keys(truth, spec.pool, spec.pool_size);
    if (const auto* node = truth.get("kernel"))
      parse_kernel_kind(reader_.choice(*node, "kernel", kernel_kind_names()), spec.kernel);
    if (const auto* node = truth.get("replicate_noise"))
      spec.replicate_noise = reader_.boolean(*node, "replicate_noise");
  }

  void read_function_keys(const toml::table& truth, FunctionSpec& spec) const {
    const auto* function = truth.get("function");
    if (function == nullptr)
      throw InputError(
          "[truth] of kind \"function\" needs function = \"…\", one of " + join_names(test_function_names()),
          reader_.at(truth, "truth"));
    parse_test_function_kind(reader_.choice(*function, "function", test_function_names()), spec.function);
    if (const auto* node = truth.get("dimension")) {
      const std::int64_t dimension = reader_.integer(*node, "dimension");
      if (!TestFunction::dimension_is_configurable(spec.function))
        throw InputError(to_string(spec.function) + " has a fixed dimension (" +
                             std::to_string(TestFunction::default_dimension(spec.function)) +
                             "); 'dimension' applies to ackley and rosenbrock",
                         reader_.at(*node, "dimension"));
      const std::int64_t smallest = spec.function == TestFunctionKind::rosenbrock ? 2 : 1;
      if (dimension < smallest || dimension > 1000)
        throw InputError(
            "'dimension' of " + to_string(spec.function) + " must be between " + std::to_string(smallest) + " and 1000",
            reader_.at(*node, "dimension"));
      spec.dimension = static_cast<int>(dimension);
    }
    if (const auto* node = truth.get("goal")) spec.goal = read_goal(*node);
    read_pool_keys(truth, spec.pool, spec.pool_size);
    const int dimension = spec.dimension > 0 ? spec.dimension : TestFunction::default_dimension(spec.function);
    if (spec.pool.value_or(PoolKind::sobol) == PoolKind::sobol && dimension > SobolSequence::max_dimension)
      throw InputError("a Sobol pool supports at most " + std::to_string(SobolSequence::max_dimension) +
                           " dimensions; use pool = \"lhs\"",
                       reader_.at(truth, "truth"));
  }

  void read_nucleation_layer_keys(const toml::table& truth, NucleationLayerParameters& parameters) const {
    for (const auto& rule : nucleation_layer_parameter_rules()) {
      const auto* node = truth.get(rule.key);
      if (node == nullptr) continue;
      const double value = reader_.real(*node, rule.key);
      if (!nucleation_layer_parameter_allows(rule, value))
        throw InputError(
            "'" + rule.key + "' (" + rule.meaning + ") must be in " + nucleation_layer_parameter_range(rule),
            reader_.at(*node, rule.key));
      parameters.*rule.member = value;
    }
    if (parameters.max_loss < parameters.min_loss) {
      const auto* node = truth.get("max_loss") != nullptr ? truth.get("max_loss") : truth.get("min_loss");
      throw InputError("'max_loss' must be at least 'min_loss'", reader_.at(*node));
    }
    if (const auto* node = truth.get("max_cycles")) {
      const std::int64_t cycles = reader_.integer(*node, "max_cycles");
      if (cycles < 1 || cycles > 1000000)
        throw InputError("'max_cycles' must be an integer between 1 and 1000000", reader_.at(*node, "max_cycles"));
      parameters.max_cycles = static_cast<int>(cycles);
    }
  }

  FeatureOverride read_feature_override(const toml::table& table) const {
    reader_.reject_unknown_keys(table, "[[truth.feature]]", feature_keys);
    FeatureOverride feature;
    const auto* name = table.get("name");
    if (name == nullptr)
      throw InputError("[[truth.feature]] needs name = \"…\" (a feature of the truth)", reader_.at(table));
    feature.name = reader_.text(*name, "name");
    feature.where = reader_.at(*name, "name");
    if (const auto* node = table.get("lower")) feature.lower = reader_.real(*node, "lower");
    if (const auto* node = table.get("upper")) feature.upper = reader_.real(*node, "upper");
    if (const auto* node = table.get("step")) {
      feature.step = reader_.real(*node, "step");
      if (*feature.step <= 0.0) throw InputError("'step' must be > 0", reader_.at(*node, "step"));
    }
    if (const auto* node = table.get("log_scale")) feature.log_scale = reader_.boolean(*node, "log_scale");
    read_categorical_keys(reader_, table, feature);
    if (feature.lower && feature.upper && !(*feature.lower < *feature.upper))
      throw InputError("feature '" + feature.name + "': lower must be less than upper", feature.where);
    if (feature.log_scale && feature.lower && *feature.lower <= 0.0)
      throw InputError("feature '" + feature.name + "': log_scale needs lower > 0", feature.where);
    return feature;
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
  SourcePosition repeats_where_;  ///< the repeats value (the default 1 has none)
};

}  // namespace

ParsedStudy parse_study_text(const std::string& text, const std::string& path) {
  return StudyParser(text, path).parse();
}

}  // namespace bosim
