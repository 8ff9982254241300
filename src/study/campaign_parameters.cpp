#include "study/campaign_parameters.hpp"

#include <cmath>
#include <sstream>

namespace bosim {

namespace {

using Check = std::function<std::optional<std::string>(const ParameterValue&)>;

double as_real(const ParameterValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  return std::get<double>(value);
}

Check integer_at_least(std::int64_t minimum) {
  return [minimum](const ParameterValue& value) -> std::optional<std::string> {
    if (std::get<std::int64_t>(value) < minimum) return "must be an integer >= " + std::to_string(minimum);
    return std::nullopt;
  };
}

Check real_in(double lower, bool lower_open, double upper, bool upper_open, std::string rule) {
  return [=](const ParameterValue& value) -> std::optional<std::string> {
    const double x = as_real(value);
    const bool ok = std::isfinite(x) && (lower_open ? x > lower : x >= lower) && (upper_open ? x < upper : x <= upper);
    if (!ok) return rule;
    return std::nullopt;
  };
}

Check any_finite() {
  return [](const ParameterValue& value) -> std::optional<std::string> {
    if (!std::isfinite(as_real(value))) return "must be a finite number";
    return std::nullopt;
  };
}

Check no_check() {
  return [](const ParameterValue&) -> std::optional<std::string> { return std::nullopt; };
}

ParameterDescriptor text_parameter(std::string name, std::string section, std::vector<std::string> choices,
                                   std::string help, std::function<void(CampaignSettings&, const std::string&)> set,
                                   std::function<std::string(const CampaignSettings&)> get) {
  ParameterDescriptor d;
  d.name = std::move(name);
  d.section = std::move(section);
  d.type = ParameterType::text;
  d.choices = std::move(choices);
  d.help = std::move(help);
  d.set = [set](CampaignSettings& s, const ParameterValue& v) { set(s, std::get<std::string>(v)); };
  d.get = [get](const CampaignSettings& s) -> ParameterValue { return get(s); };
  d.check = no_check();  // the parser checks choices
  return d;
}

template <class Member>
ParameterDescriptor numeric_parameter(std::string name, std::string section, ParameterType type, std::string help,
                                      Member member, Check check, bool randomizable = false) {
  ParameterDescriptor d;
  d.name = std::move(name);
  d.section = std::move(section);
  d.type = type;
  d.help = std::move(help);
  d.check = std::move(check);
  d.randomizable = randomizable;
  d.set = [member, type](CampaignSettings& s, const ParameterValue& v) {
    if (type == ParameterType::integer)
      member(s) = static_cast<std::remove_reference_t<decltype(member(s))>>(std::get<std::int64_t>(v));
    else
      member(s) = static_cast<std::remove_reference_t<decltype(member(s))>>(as_real(v));
  };
  d.get = [member, type](const CampaignSettings& s) -> ParameterValue {
    CampaignSettings copy = s;  // the accessor hands out a mutable reference
    if (type == ParameterType::integer) return static_cast<std::int64_t>(member(copy));
    return static_cast<double>(member(copy));
  };
  return d;
}

ParameterDescriptor boolean_parameter(std::string name, std::string section, std::string help,
                                      bool CampaignSettings::*member) {
  ParameterDescriptor d;
  d.name = std::move(name);
  d.section = std::move(section);
  d.type = ParameterType::boolean;
  d.help = std::move(help);
  d.check = no_check();
  d.set = [member](CampaignSettings& s, const ParameterValue& v) { s.*member = std::get<bool>(v); };
  d.get = [member](const CampaignSettings& s) -> ParameterValue { return s.*member; };
  return d;
}

std::vector<ParameterDescriptor> build_parameters() {
  std::vector<ParameterDescriptor> p;
  p.push_back(text_parameter(
      "acquisition", "campaign", {"pi", "ei", "ucb", "random", "exploration", "thompson", "mean-variance"},
      "acquisition function",
      [](CampaignSettings& s, const std::string& v) { parse_acquisition_kind(v, s.acquisition); },
      [](const CampaignSettings& s) { return to_string(s.acquisition); }));
  p.push_back(numeric_parameter(
      "delta", "campaign", ParameterType::real, "PI/EI threshold offset: tau = mu+ + delta (objective units)",
      [](CampaignSettings& s) -> double& { return s.acquisition_parameters.delta; }, any_finite(), true));
  p.push_back(numeric_parameter(
      "beta0", "campaign", ParameterType::real, "UCB: beta_k = beta0 * epsilon^k, beta0 >= 0",
      [](CampaignSettings& s) -> double& { return s.acquisition_parameters.beta0; },
      real_in(0.0, false, INFINITY, true, "must be a finite number >= 0"), true));
  p.push_back(numeric_parameter(
      "epsilon", "campaign", ParameterType::real, "UCB decay of beta per iteration, epsilon > 0",
      [](CampaignSettings& s) -> double& { return s.acquisition_parameters.epsilon; },
      real_in(0.0, true, INFINITY, true, "must be a finite number > 0"), true));
  p.push_back(numeric_parameter(
      "alpha", "campaign", ParameterType::real, "mean-variance weight: alpha*mu + (1-alpha)*sigma^2, 0 < alpha < 1",
      [](CampaignSettings& s) -> double& { return s.acquisition_parameters.alpha; },
      real_in(0.0, true, 1.0, true, "must be strictly between 0 and 1"), true));
  p.push_back(numeric_parameter(
      "n_init", "campaign", ParameterType::integer, "initial designs before the first acquisition (>= 1)",
      [](CampaignSettings& s) -> int& { return s.n_init; }, integer_at_least(1)));
  p.push_back(text_parameter(
      "init", "campaign", {"random", "lhs", "list", "worst", "box", "data"}, "how initial designs are chosen",
      [](CampaignSettings& s, const std::string& v) { parse_initial_design_kind(v, s.initial_design); },
      [](const CampaignSettings& s) { return to_string(s.initial_design); }));
  p.push_back(numeric_parameter(
      "init_fraction", "campaign", ParameterType::real,
      "init = \"worst\": draw initial designs from this share of the pool with the worst expected values",
      [](CampaignSettings& s) -> double& { return s.init_fraction; },
      real_in(0.0, true, 1.0, false, "must be a number in (0, 1]")));
  p.push_back(text_parameter(
      "initial_data", "campaign", {}, "init = \"data\": CSV of measurements of pool designs, the initial experiments",
      [](CampaignSettings& s, const std::string& v) { s.initial_data_file = v; },
      [](const CampaignSettings& s) { return s.initial_data_file; }));
  p.push_back(text_parameter(
      "prior_data", "campaign", {}, "CSV of a related material's measurements: GP training data only",
      [](CampaignSettings& s, const std::string& v) { s.prior_data_file = v; },
      [](const CampaignSettings& s) { return s.prior_data_file; }));
  p.push_back(text_parameter(
      "mode", "campaign", {"pool", "grid-snap"},
      "candidates: unobserved pool designs, or the step grid snapped to the pool",
      [](CampaignSettings& s, const std::string& v) { parse_candidate_mode(v, s.mode); },
      [](const CampaignSettings& s) { return to_string(s.mode); }));
  p.push_back(numeric_parameter(
      "budget", "campaign", ParameterType::integer, "maximum experiments including initial ones; 0 = whole pool",
      [](CampaignSettings& s) -> int& { return s.budget; }, integer_at_least(0)));
  p.push_back(boolean_parameter("continue_after_optimum", "campaign",
                                "keep choosing designs after the optimum is found (until budget or pool end)",
                                &CampaignSettings::continue_after_optimum));
  p.push_back(boolean_parameter("replacement", "campaign",
                                "initial designs may repeat and every iteration chooses from the whole pool",
                                &CampaignSettings::replacement));
  p.push_back(numeric_parameter(
      "batch_size", "campaign", ParameterType::integer, "designs per iteration, chosen by the Kriging believer (>= 1)",
      [](CampaignSettings& s) -> int& { return s.batch_size; }, integer_at_least(1)));
  p.push_back(text_parameter(
      "kernel", "model", kernel_kind_names(), "GP covariance function",
      [](CampaignSettings& s, const std::string& v) { parse_kernel_kind(v, s.kernel); },
      [](const CampaignSettings& s) { return to_string(s.kernel); }));
  p.push_back(text_parameter(
      "encoding", "model", categorical_encoding_names(), "how categorical features enter the GP",
      [](CampaignSettings& s, const std::string& v) { parse_categorical_encoding(v, s.encoding); },
      [](const CampaignSettings& s) { return to_string(s.encoding); }));
  p.push_back(text_parameter(
      "descriptors", "model", {}, "encoding = \"descriptors\": CSV of each category level's descriptors",
      [](CampaignSettings& s, const std::string& v) { s.descriptors_file = v; },
      [](const CampaignSettings& s) { return s.descriptors_file; }));
  p.push_back(numeric_parameter(
      "restarts", "model", ParameterType::integer, "random restarts of the likelihood optimization (>= 0)",
      [](CampaignSettings& s) -> int& { return s.restarts; }, integer_at_least(0)));
  p.push_back(boolean_parameter("warm_start", "model",
                                "start each refit from the previous optimum instead of the default hyperparameters",
                                &CampaignSettings::warm_start));
  p.push_back(numeric_parameter(
      "fit_tolerance", "model", ParameterType::real,
      "stop an L-BFGS start when an iteration improves -log p by less than this fraction (> 0)",
      [](CampaignSettings& s) -> double& { return s.fit_tolerance; },
      real_in(0.0, true, 1.0, true, "must be a number in (0, 1)")));
  p.push_back(numeric_parameter(
      "refit_every", "model", ParameterType::integer, "optimize GP hyperparameters every k iterations (>= 1)",
      [](CampaignSettings& s) -> int& { return s.refit_every; }, integer_at_least(1)));
  p.push_back(text_parameter(
      "predictive", "model", {"observation", "latent"},
      "sigma of a new measurement (includes noise, reference Eq. 6) or of the latent function",
      [](CampaignSettings& s, const std::string& v) { s.predict_observation = (v == "observation"); },
      [](const CampaignSettings& s) { return std::string(s.predict_observation ? "observation" : "latent"); }));
  const auto positive = real_in(0.0, true, INFINITY, true, "must be a finite number > 0");
  p.push_back(numeric_parameter(
      "lengthscale_min", "model", ParameterType::real, "lower bound of length scales (unit-scaled inputs)",
      [](CampaignSettings& s) -> double& { return s.bounds.lengthscale_min; }, positive));
  p.push_back(numeric_parameter(
      "lengthscale_max", "model", ParameterType::real, "upper bound of length scales",
      [](CampaignSettings& s) -> double& { return s.bounds.lengthscale_max; }, positive));
  p.push_back(numeric_parameter(
      "signal_variance_min", "model", ParameterType::real, "lower bound of the signal variance (standardized y)",
      [](CampaignSettings& s) -> double& { return s.bounds.signal_variance_min; }, positive));
  p.push_back(numeric_parameter(
      "signal_variance_max", "model", ParameterType::real, "upper bound of the signal variance",
      [](CampaignSettings& s) -> double& { return s.bounds.signal_variance_max; }, positive));
  p.push_back(numeric_parameter(
      "noise_variance_min", "model", ParameterType::real, "lower bound of the noise variance (standardized y)",
      [](CampaignSettings& s) -> double& { return s.bounds.noise_variance_min; }, positive));
  p.push_back(numeric_parameter(
      "noise_variance_max", "model", ParameterType::real, "upper bound of the noise variance",
      [](CampaignSettings& s) -> double& { return s.bounds.noise_variance_max; }, positive));
  for (auto& d : p) {
    d.names_file = d.name == "initial_data" || d.name == "prior_data" || d.name == "descriptors";
    if (d.name == "delta") d.used_by_acquisitions = {"pi", "ei"};
    if (d.name == "beta0" || d.name == "epsilon") d.used_by_acquisitions = {"ucb"};
    if (d.name == "alpha") d.used_by_acquisitions = {"mean-variance"};
  }
  return p;
}

}  // namespace

bool ParameterDescriptor::applies_to(const std::string& acquisition) const {
  if (used_by_acquisitions.empty()) return true;
  for (const std::string& name : used_by_acquisitions)
    if (name == acquisition) return true;
  return false;
}

const std::vector<ParameterDescriptor>& campaign_parameters() {
  static const std::vector<ParameterDescriptor> parameters = build_parameters();
  return parameters;
}

const ParameterDescriptor* find_campaign_parameter(const std::string& name) {
  for (const auto& d : campaign_parameters())
    if (d.name == name) return &d;
  return nullptr;
}

std::string to_string(const ParameterValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const auto* t = std::get_if<std::string>(&value)) return *t;
  std::ostringstream out;
  out.precision(15);
  out << std::get<double>(value);
  return out.str();
}

}  // namespace bosim
