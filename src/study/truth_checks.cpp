#include "study/truth_checks.hpp"

#include <cmath>
#include <sstream>

#include "campaign/initial_design.hpp"

namespace bosim {

namespace {

std::string format_design(const std::vector<double>& design) {
  std::ostringstream out;
  out.precision(15);
  out << "(";
  for (std::size_t d = 0; d < design.size(); ++d) out << (d > 0 ? ", " : "") << design[d];
  out << ")";
  return out.str();
}

std::string format_count(double count) {
  std::ostringstream out;
  out.precision(15);
  out << count;
  return out.str();
}

/// Index of the pool design equal to design in every coordinate, or -1.
Eigen::Index find_pool_design(const Eigen::MatrixXd& pool, const std::vector<double>& design) {
  for (Eigen::Index row = 0; row < pool.rows(); ++row) {
    bool equal = true;
    for (Eigen::Index d = 0; d < pool.cols() && equal; ++d) equal = pool(row, d) == design[static_cast<size_t>(d)];
    if (equal) return row;
  }
  return -1;
}

void check_listed_designs(const ParsedStudy& parsed, const GroundTruth& truth) {
  const auto& designs = parsed.study.configurations.front().settings.listed_initial_designs;
  const Eigen::Index dimension = truth.space().dimension();
  std::vector<Eigen::Index> matched;
  for (std::size_t r = 0; r < designs.size(); ++r) {
    const std::string label = "initial design " + std::to_string(r + 1) + " " + format_design(designs[r]);
    const SourcePosition& where = parsed.initial_design_where[r];
    if (static_cast<Eigen::Index>(designs[r].size()) != dimension)
      throw InputError(label + " has " + std::to_string(designs[r].size()) + " values but the ground truth has " +
                           std::to_string(dimension) + " features",
                       where);
    const Eigen::Index index = find_pool_design(truth.designs(), designs[r]);
    if (index < 0)
      throw InputError(
          label + " is not a design of the pool (listed designs must match a pool design's features exactly)", where);
    for (std::size_t earlier = 0; earlier < matched.size(); ++earlier)
      if (matched[earlier] == index)
        throw InputError(label + " repeats initial design " + std::to_string(earlier + 1), where);
    matched.push_back(index);
  }
}

/// The features that keep DesignSpace::is_grid() false: continuous and not fixed.
std::vector<std::string> features_without_step(const DesignSpace& space) {
  std::vector<std::string> names;
  for (const auto& feature : space.features())
    if (feature.step <= 0.0 && feature.upper != feature.lower) names.push_back(feature.name);
  return names;
}

std::string grid_snap_advice(const std::vector<std::string>& names) {
  std::string quoted;
  for (const auto& name : names) quoted.append(quoted.empty() ? "'" : ", '").append(name).append("'");
  return "mode = \"grid-snap\" needs a step for every feature; without one: " + quoted +
         ". Give each a step in the study, e.g. [[truth.feature]] name = \"" + names.front() + "\" step = 0.1";
}

/// init = "worst" / "box": the region must hold n_init designs (one, with replacement).
void check_biased_region(const ParsedStudy& parsed, const ConfigurationOrigin& origin, const CampaignSettings& settings,
                         const GroundTruth& truth, const std::string& label) {
  const double needed = settings.replacement ? 1.0 : settings.n_init;
  if (settings.initial_design == InitialDesignKind::worst) {
    const double region = std::ceil(settings.init_fraction * static_cast<double>(truth.size()));
    if (region < needed)
      throw InputError(label + "init_fraction = " + format_count(settings.init_fraction) + " of " +
                           format_count(static_cast<double>(truth.size())) + " designs leaves " + format_count(region) +
                           ", fewer than n_init (" + std::to_string(settings.n_init) + ")",
                       origin.keys.count("init_fraction") != 0 ? origin.of("init_fraction") : origin.of("n_init"));
  }
  if (settings.initial_design != InitialDesignKind::box) return;
  const auto& features = truth.space().features();
  for (const FeatureInterval& interval : settings.initial_box) {
    bool known = false;
    for (const auto& feature : features) known = known || feature.name == interval.feature;
    if (!known) {
      std::vector<std::string> names;
      for (const auto& feature : features) names.push_back("'" + feature.name + "'");
      std::string list;
      for (const auto& name : names) list.append(list.empty() ? "" : ", ").append(name);
      throw InputError(
          "[campaign.init_box] bounds '" + interval.feature + "', which is not a feature; features: " + list,
          parsed.init_box_bounds.at(interval.feature));
    }
  }
  const auto inside = static_cast<double>(designs_in_box(truth, settings.initial_box).size());
  if (inside < needed)
    throw InputError(
        label + "[campaign.init_box] holds " + format_count(inside) + " pool designs, fewer than " +
            (settings.replacement ? std::string("one") : "n_init (" + std::to_string(settings.n_init) + ")"),
        parsed.init_box_where);
}

}  // namespace

void check_against_truth(const ParsedStudy& parsed, const GroundTruth& truth) {
  const auto pool_size = static_cast<double>(truth.size());
  bool any_listed = false;
  for (std::size_t i = 0; i < parsed.study.configurations.size(); ++i) {
    const Configuration& configuration = parsed.study.configurations[i];
    const CampaignSettings& settings = configuration.settings;
    const ConfigurationOrigin& origin = parsed.origins[i];
    const std::string label = "configuration " + std::to_string(configuration.config_id) + ": ";
    const std::string pool = "the pool of " + format_count(pool_size) + " designs";

    // With replacement designs can be measured again: only the budget limits n_init and the campaign.
    if (!settings.replacement && settings.n_init >= pool_size)
      throw InputError(label + "n_init (" + std::to_string(settings.n_init) + ") must be less than " + pool +
                           ", so that at least one design is left to choose",
                       origin.of("n_init"));
    if (!settings.replacement && settings.budget > pool_size)
      throw InputError(label + "budget (" + std::to_string(settings.budget) + ") exceeds " + pool +
                           "; use 0 to run until the pool is exhausted",
                       origin.of("budget"));
    any_listed = any_listed || settings.initial_design == InitialDesignKind::listed;
    check_biased_region(parsed, origin, settings, truth, label);

    double candidates = pool_size;
    if (settings.mode == CandidateMode::grid_snap) {
      const DesignSpace& space = truth.space();
      if (!space.is_grid()) throw InputError(label + grid_snap_advice(features_without_step(space)), origin.of("mode"));
      candidates = space.grid_size();
      if (candidates > max_grid_snap_points)
        throw InputError(label + "mode = \"grid-snap\" would enumerate " + format_count(candidates) +
                             " grid points (limit " + format_count(max_grid_snap_points) +
                             "); use coarser steps in [[truth.feature]] or mode = \"pool\"",
                         origin.of("mode"));
    }
    if (settings.acquisition == AcquisitionKind::thompson_sampling && candidates > max_thompson_candidates)
      throw InputError(label + "thompson sampling draws jointly over " + format_count(candidates) +
                           " candidates (limit " + format_count(max_thompson_candidates) + ")",
                       origin.of("acquisition"));
  }
  if (any_listed) check_listed_designs(parsed, truth);
}

}  // namespace bosim
