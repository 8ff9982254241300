// `bosim validate STUDY.toml [--estimate]`: check a study, print its expanded plan, and optionally time sample runs.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <set>

#include "commands.hpp"
#include "common/output_path.hpp"
#include "distribution/command_evaluation.hpp"
#include "distribution/task.hpp"
#include "study/campaign_parameters.hpp"
#include "study/study.hpp"
#include "study/toml_reader.hpp"
#include "text_table.hpp"
#include "truth/measurement_spread.hpp"

namespace bosim::cli {

namespace {

struct ValidateOptions {
  std::string study_path;
  bool estimate = false;
  int tasks = 1;
  double budget_seconds = 10.0;
  std::string output_path;  ///< checked like `bosim run -o` would, when given
};

/// Configurations of one kind (same acquisition function): their runs cost alike, so a few
/// timed runs stand for the whole kind.
struct KindTiming {
  std::vector<std::uint32_t> config_ids;
  std::vector<std::uint32_t> sampled;  ///< up to 3 configurations, spread over the kind's list
  std::vector<double> seconds;         ///< timed runs
};

/// h:mm:ss, rounded up to whole seconds.
std::string clock_time(double seconds) {
  const auto whole = static_cast<long long>(std::ceil(seconds));
  char text[32];
  std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld", whole / 3600, whole / 60 % 60, whole % 60);
  return text;
}

/// Times a sample of runs and predicts the cost of the whole study on `tasks` ranks. Sampling:
/// per acquisition kind up to 3 configurations (first, middle, last of the kind), each run for
/// repeats 0 to 9, visited kind by kind so every kind is timed before any is timed twice, until
/// `budget_seconds` have passed. Prediction: core-seconds = Σ_kind runs_kind · mean_kind, and an
/// upper value with mean + 2 standard errors (se = sd/√n; half the mean while n < 2). Wall time on
/// N ranks = core-seconds / N + the longest timed run (the last run may start when all others end).
void print_estimate(const LoadedStudy& loaded, int tasks, double budget_seconds) {
  const Study& study = loaded.study;
  const ParameterDescriptor* acquisition = find_campaign_parameter("acquisition");
  std::map<std::string, KindTiming> kinds;
  for (const Configuration& c : study.configurations)
    kinds[to_string(acquisition->get(c.settings))].config_ids.push_back(c.config_id);
  for (auto& [name, kind] : kinds) {
    const std::size_t count = kind.config_ids.size();
    for (std::size_t position : {std::size_t{0}, count / 2, count - 1})
      if (std::find(kind.sampled.begin(), kind.sampled.end(), kind.config_ids[position]) == kind.sampled.end())
        kind.sampled.push_back(kind.config_ids[position]);
  }

  using clock = std::chrono::steady_clock;
  const auto started = clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(clock::now() - started).count(); };
  std::size_t timed_runs = 0;
  double longest_run = 0.0;
  const std::uint32_t sample_repeats = std::min<std::uint32_t>(10, study.repeats);
  for (std::uint32_t repeat = 0; repeat < sample_repeats && elapsed() < budget_seconds; ++repeat)
    for (std::size_t slot = 0; slot < 3 && elapsed() < budget_seconds; ++slot)
      for (auto& [name, kind] : kinds) {
        if (slot >= kind.sampled.size() || elapsed() >= budget_seconds) continue;
        const auto run_started = clock::now();
        execute_task(loaded, {kind.sampled[slot], repeat});
        const double seconds = std::chrono::duration<double>(clock::now() - run_started).count();
        kind.seconds.push_back(seconds);
        longest_run = std::max(longest_run, seconds);
        ++timed_runs;
      }

  double slowest_mean = 0.0;
  for (const auto& [name, kind] : kinds)
    if (!kind.seconds.empty())
      slowest_mean = std::max(slowest_mean, std::accumulate(kind.seconds.begin(), kind.seconds.end(), 0.0) /
                                                static_cast<double>(kind.seconds.size()));
  TextTable table({"kind (acquisition)", "configs", "runs", "timed", "mean s/run", "upper s/run"});
  double core_seconds = 0.0, upper_core_seconds = 0.0;
  bool untimed_kind = false;
  for (const auto& [name, kind] : kinds) {
    const double runs = static_cast<double>(kind.config_ids.size()) * study.repeats;
    const auto n = static_cast<double>(kind.seconds.size());
    double mean = slowest_mean, upper = 1.5 * slowest_mean;  // untimed: assume the slowest timed kind
    if (n > 0) {
      mean = std::accumulate(kind.seconds.begin(), kind.seconds.end(), 0.0) / n;
      double squares = 0.0;
      for (double seconds : kind.seconds) squares += (seconds - mean) * (seconds - mean);
      const double standard_error = n >= 2 ? std::sqrt(squares / (n - 1) / n) : 0.5 * mean;
      upper = mean + 2.0 * standard_error;
    } else {
      untimed_kind = true;
    }
    core_seconds += runs * mean;
    upper_core_seconds += runs * upper;
    table.add_row({name, std::to_string(kind.config_ids.size()), format_number(runs, 12),
                   std::to_string(kind.seconds.size()), format_number(mean, 3), format_number(upper, 3)});
  }
  const double wall = core_seconds / tasks + longest_run;
  const double upper_wall = upper_core_seconds / tasks + longest_run;
  // The job must fit the upper wall time plus 25 % and a minute of start-up, with bosim submit's
  // stop lead (a tenth of the limit, at least a minute) still ahead of the limit.
  const double needed = 1.25 * upper_wall + 60.0;
  const double suggested = std::ceil(std::max(needed + 60.0, needed / 0.9) / 60.0) * 60.0;

  std::cout << "\nestimate (timed " << timed_runs << " runs in " << format_number(elapsed(), 3)
            << " s on one core: per acquisition kind up to 3 configurations x " << sample_repeats
            << " repeats, within a " << format_number(budget_seconds, 3) << " s budget)\n"
            << table.render();
  if (untimed_kind) std::cout << "kinds without a timed run are assumed as slow as the slowest timed kind (x1.5)\n";
  std::cout << "total      " << study.total_runs() << " runs = " << format_number(core_seconds / 3600.0, 3)
            << " core-hours (upper " << format_number(upper_core_seconds / 3600.0, 3) << "; upper = mean + 2 SE)\n"
            << "on " << tasks << " task" << (tasks == 1 ? "" : "s") << "   wall " << clock_time(wall) << " (upper "
            << clock_time(upper_wall) << ", longest run " << format_number(longest_run, 3)
            << " s included)\nsuggested  bosim submit ... --ntasks " << tasks << " --time " << clock_time(suggested)
            << " (upper wall x 1.25 + 1 min start-up, plus the stop lead)\n";
}

/// The objective's range over the pool and the spread of repeated measurements: the scales that
/// thresholds such as delta are chosen against.
void print_scales(const GroundTruth& truth, const Study& study) {
  const ObjectiveRange range = objective_range(truth);
  const MeasurementSpread spread = measurement_spread(truth);
  std::cout << "range      " << format_number(range.lowest) << " to " << format_number(range.highest)
            << " (expected values of the " << truth.size() << " designs; span "
            << format_number(range.highest - range.lowest) << ")\n"
            << "spread     " << format_number(spread.seen, 4) << ": " << spread.how << "\n";
  const ParameterDescriptor* delta = find_campaign_parameter("delta");
  if (std::any_of(study.configurations.begin(), study.configurations.end(),
                  [&](const Configuration& c) { return delta->applies_to(to_string(c.settings.acquisition)); }))
    std::cout << "           delta is in the objective's units: the reference study's best delta (~30 cycles) was\n"
              << "           close to its cell-to-cell spread (~25 cycles)\n";
}

/// The text of a configuration's value of a parameter, as `bosim summary` shows it: "-" where the
/// configuration's acquisition ignores the parameter, "none" for no data file.
std::string shown_value(const ParameterDescriptor& d, const Configuration& c) {
  const std::string value = to_string(d.get(c.settings));
  return !d.applies_to(to_string(c.settings.acquisition)) ? "-" : d.names_file && value.empty() ? "none" : value;
}

/// The acquisitions of the study's configurations, in first-seen order.
std::vector<std::string> acquisitions_of(const Study& study) {
  std::vector<std::string> names;
  for (const Configuration& c : study.configurations) {
    const std::string name = to_string(c.settings.acquisition);
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

/// Parameters set in [campaign] or [model] and not swept or randomized: one value for every configuration.
/// Returns the warnings for those no configuration's acquisition uses.
std::vector<std::string> print_fixed_values(const Study& study) {
  const toml::table root = toml::parse(std::string_view(study.toml_text), std::string_view(study.path));
  const std::vector<std::string> acquisitions = acquisitions_of(study);
  std::string fixed;
  std::vector<std::string> warnings;
  for (const char* section : {"campaign", "model"}) {
    const toml::table* table = root[section].as_table();
    if (!table) continue;
    for (const TomlEntry& entry : TomlReader::in_file_order(*table)) {
      const std::string name(entry.key->str());
      const ParameterDescriptor* d = find_campaign_parameter(name);
      const auto& swept = study.swept_factor_names;
      const auto& randomized = study.randomized_factor_names;
      if (!d || std::find(swept.begin(), swept.end(), name) != swept.end() ||
          std::find(randomized.begin(), randomized.end(), name) != randomized.end())
        continue;
      const std::string value = to_string(d->get(study.configurations.front().settings));
      fixed += (fixed.empty() ? "" : ", ") + name + " = " + (d->names_file && value.empty() ? "none" : value);
      if (std::none_of(acquisitions.begin(), acquisitions.end(), [&](const auto& a) { return d->applies_to(a); }))
        warnings.push_back("[" + std::string(section) + "] " + name + " = " + value +
                           " is used by none of this study's acquisitions");
    }
  }
  std::cout << "\nfixed      " << (fixed.empty() ? "(nothing set in [campaign] or [model]; defaults)" : fixed) << "\n";
  return warnings;
}

/// Factors that take several values among configurations whose acquisition ignores them (delta swept for
/// ucb): those configurations repeat the same campaigns.
std::vector<std::string> unused_factor_warnings(const Study& study) {
  std::vector<std::string> warnings;
  for (const std::string& acquisition : acquisitions_of(study)) {
    std::map<std::string, std::set<std::string>> values;  // factor → its swept values among this acquisition's configs
    std::set<std::string> randomized;                     // factors drawn at random in some of them
    for (const Configuration& c : study.configurations) {
      if (to_string(c.settings.acquisition) != acquisition) continue;
      for (const RandomizedFactor& r : c.randomized) randomized.insert(r.name);
      for (const std::string& name : study.swept_factor_names)
        if (std::none_of(c.randomized.begin(), c.randomized.end(), [&](const auto& r) { return r.name == name; }))
          values[name].insert(to_string(find_campaign_parameter(name)->get(c.settings)));
    }
    const auto ignored = [&](const std::string& name) {
      return !find_campaign_parameter(name)->applies_to(acquisition);
    };
    const std::string where = " in configurations with acquisition " + acquisition + ", which does not use it";
    for (const std::string& name : randomized)
      if (ignored(name)) warnings.push_back(name + " is randomized" + where);
    for (const auto& [name, levels] : values)
      if (levels.size() > 1 && ignored(name))
        warnings.push_back(name + " takes " + std::to_string(levels.size()) + " values" + where);
  }
  return warnings;
}

/// Configurations whose plan row (every swept factor as the acquisition sees it, and the randomized ones)
/// equals an earlier one's; the first few by name, then a count.
std::vector<std::string> duplicate_warnings(const std::vector<std::pair<std::uint32_t, std::string>>& rows) {
  constexpr std::size_t named = 5;
  std::map<std::string, std::uint32_t> first;
  std::vector<std::string> warnings;
  std::size_t duplicates = 0;
  for (const auto& [config_id, row] : rows) {
    const auto [entry, is_new] = first.try_emplace(row, config_id);
    if (is_new || ++duplicates > named) continue;
    warnings.push_back("configuration " + std::to_string(config_id) + " has the settings of configuration " +
                       std::to_string(entry->second) + ": it differs only in factors its acquisition ignores");
  }
  if (duplicates > named)
    warnings.push_back(std::to_string(duplicates - named) + " more configurations repeat an earlier one's settings");
  return warnings;
}

int validate(const ValidateOptions& options) {
  // A command truth runs here once when `run` has not cached its answers yet; the cache is written where
  // `bosim run -o OUTPUT` (OUTPUT = --output, else the study's NAME.h5) will find it.
  const CommandAnswersSource answers =
      prepare_command_answers(options.study_path, options.output_path, UncachedCommand::run_and_cache, false);
  const LoadedStudy loaded = load_study(options.study_path);
  if (!options.output_path.empty()) check_output_path(options.output_path, true);
  const Study& study = loaded.study;
  const GroundTruth& truth = *loaded.truth;

  std::cout << "study      " << study.name << " (" << study.path << ")\n"
            << "truth      " << truth.describe() << "\n"
            << "objective  " << truth.objective_name() << ", "
            << (truth.goal() == Goal::maximize ? "maximize" : "minimize") << "; optimum "
            << truth.expected_value(truth.optimal_designs().front()) << " at " << truth.optimal_designs().size()
            << " design(s)\n";
  print_scales(truth, study);
  if (answers.command_truth)
    std::cout << "model      " << (answers.from_cache ? "answers from the cache " : "answers computed now, cached in ")
              << answers.cache_path << "\n";

  // The optimal designs as the user knows them (category names, not level indices).
  const auto& optimal = truth.optimal_designs();
  for (std::size_t k = 0; truth.space().has_categorical_features() && k < optimal.size() && k < 3; ++k) {
    std::cout << "  optimal  #" << optimal[k] << ":";
    for (Eigen::Index j = 0; j < truth.space().dimension(); ++j)
      std::cout << (j ? ", " : " ") << truth.space().features()[static_cast<size_t>(j)].name << " = "
                << truth.space().value_text(j, truth.designs()(optimal[k], j));
    std::cout << "\n";
  }

  TextTable space({"feature", "lower", "upper", "step", "scale"});
  for (const FeatureRange& f : truth.space().features()) {
    if (f.is_categorical()) {
      space.add_row({f.name, "-", "-", std::to_string(f.levels.size()) + " levels", "categorical"});
      continue;
    }
    space.add_row({f.name, format_number(f.lower), format_number(f.upper),
                   f.step > 0 ? format_number(f.step) : "continuous", f.log_scale ? "log10" : "linear"});
  }
  std::cout << "\ndesign space\n" << space.render();

  std::vector<std::string> header{"config"};
  std::vector<const ParameterDescriptor*> shown;
  for (const std::string& name : study.swept_factor_names) {
    header.push_back(name);
    shown.push_back(find_campaign_parameter(name));
  }
  header.push_back("randomized");
  TextTable plan(header);
  std::vector<std::pair<std::uint32_t, std::string>> row_texts;
  for (const Configuration& c : study.configurations) {
    std::vector<std::string> row{std::to_string(c.config_id)};
    for (const ParameterDescriptor* d : shown) row.push_back(shown_value(*d, c));
    std::string randomized;
    for (const RandomizedFactor& r : c.randomized)
      randomized += (randomized.empty() ? "" : "; ") + r.name + "~" + r.describe();
    row.push_back(randomized.empty() ? "-" : randomized);
    std::string text;
    for (std::size_t i = 1; i < row.size(); ++i) text += row[i] + '\n';
    row_texts.emplace_back(c.config_id, text);
    plan.add_row(row);
  }
  std::vector<std::string> warnings = print_fixed_values(study);
  std::cout << "\nconfigurations\n" << plan.render();
  std::cout << "\n"
            << study.configurations.size() << " configurations x " << study.repeats
            << " repeats = " << study.total_runs() << " runs (seed " << study.seed << ")\n";
  for (auto more : {unused_factor_warnings(study), duplicate_warnings(row_texts)})
    warnings.insert(warnings.end(), more.begin(), more.end());
  for (const std::string& warning : warnings) std::cout << "warning: " << warning << "\n";
  if (options.estimate) print_estimate(loaded, options.tasks, options.budget_seconds);
  return 0;
}

}  // namespace

Action add_validate_command(CLI::App& app) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command = app.add_subcommand("validate", "Check a study file and print its expanded plan");
  command->add_option("study", options->study_path, "Study file (TOML)")->required();
  command->add_option("-o,--output", options->output_path,
                      "Also check the results file `bosim run` would write: its folder takes new files and its name "
                      "leaves room for the journal beside it");
  command->add_flag("--estimate", options->estimate,
                    "Time a few sample runs and predict core-hours and wall time (to choose bosim submit --time)");
  command->add_option("--tasks", options->tasks, "Ranks to predict the wall time for (with --estimate)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  command->add_option("--estimate-seconds", options->budget_seconds, "Time budget of the sample runs")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  return [options] { return validate(*options); };
}

}  // namespace bosim::cli
