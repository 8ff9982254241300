// `bosim validate STUDY.toml`: check a study and print its expanded plan without running it.
#include <iostream>

#include "commands.hpp"
#include "study/campaign_parameters.hpp"
#include "study/study.hpp"
#include "text_table.hpp"

namespace bosim::cli {

namespace {

int validate(const std::string& study_path) {
  const LoadedStudy loaded = load_study(study_path);
  const Study& study = loaded.study;
  const GroundTruth& truth = *loaded.truth;

  std::cout << "study      " << study.name << " (" << study.path << ")\n"
            << "truth      " << truth.describe() << "\n"
            << "objective  " << truth.objective_name() << ", "
            << (truth.goal() == Goal::maximize ? "maximize" : "minimize") << "; optimum "
            << truth.expected_value(truth.optimal_designs().front()) << " at " << truth.optimal_designs().size()
            << " design(s)\n";

  TextTable space({"feature", "lower", "upper", "step", "scale"});
  for (const FeatureRange& f : truth.space().features())
    space.add_row({f.name, format_number(f.lower), format_number(f.upper),
                   f.step > 0 ? format_number(f.step) : "continuous", f.log_scale ? "log10" : "linear"});
  std::cout << "\ndesign space\n" << space.render();

  std::vector<std::string> header{"config"};
  std::vector<const ParameterDescriptor*> shown;
  for (const std::string& name : study.swept_factor_names) {
    header.push_back(name);
    shown.push_back(find_campaign_parameter(name));
  }
  header.push_back("randomized");
  TextTable plan(header);
  for (const Configuration& c : study.configurations) {
    std::vector<std::string> row{std::to_string(c.config_id)};
    for (const ParameterDescriptor* d : shown) row.push_back(to_string(d->get(c.settings)));
    std::string randomized;
    for (const RandomizedFactor& r : c.randomized)
      randomized += (randomized.empty() ? "" : "; ") + r.name + "~" + r.describe();
    row.push_back(randomized.empty() ? "-" : randomized);
    plan.add_row(row);
  }
  std::cout << "\nconfigurations\n" << plan.render();
  std::cout << "\n"
            << study.configurations.size() << " configurations x " << study.repeats
            << " repeats = " << study.total_runs() << " runs (seed " << study.seed << ")\n";
  return 0;
}

}  // namespace

Action add_validate_command(CLI::App& app) {
  auto study_path = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand("validate", "Check a study file and print its expanded plan");
  command->add_option("study", *study_path, "Study file (TOML)")->required();
  return [study_path] { return validate(*study_path); };
}

}  // namespace bosim::cli
