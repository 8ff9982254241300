// CampaignSettings: every choice that defines one configuration of a virtual campaign.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "acquisition/acquisition.hpp"
#include "campaign/categorical_encoding_kind.hpp"
#include "campaign/measured_data.hpp"
#include "gp/kernel.hpp"

namespace bosim {

struct DescriptorTable;  // campaign/descriptor_encoding.hpp

/// How the n_init initial designs are chosen.
enum class InitialDesignKind {
  random,           ///< "random": uniformly without replacement from the pool
  latin_hypercube,  ///< "lhs": a Latin hypercube over the design space, each point snapped to the nearest unused pool
                    ///< design
  listed,           ///< "list": the designs the user listed (raw units, matched exactly to pool designs)
  worst,            ///< "worst": random among the worst init_fraction of the pool by expected value (a biased start,
                    ///< Lee et al., POSCO)
  box,              ///< "box": random among the pool designs inside the user's [campaign.init_box]
  data,             ///< "data": the rows of initial_data, measured already; their given values are used
};

/// One side of [campaign.init_box]: a feature (by name) and its allowed raw range, bounds included.
struct FeatureInterval {
  std::string feature;
  double lower = 0.0;
  double upper = 0.0;
};

/// Where the acquisition is maximized.
enum class CandidateMode {
  pool,       ///< "pool": the unobserved pool designs
  grid_snap,  ///< "grid-snap": the whole step grid, the pick snapped to the nearest unobserved pool design
              ///< (Euclidean distance in unit-scaled space) — the reference study's procedure (Sec. 4.2.1)
};

std::string to_string(InitialDesignKind kind);
bool parse_initial_design_kind(const std::string& name, InitialDesignKind& kind);
std::string to_string(CandidateMode mode);
bool parse_candidate_mode(const std::string& name, CandidateMode& mode);

/// One configuration of a campaign. Defaults follow the reference study (EI,
/// six random initial samples, SE-ARD kernel, stop when the optimum is found).
struct CampaignSettings {
  // Acquisition.
  AcquisitionKind acquisition = AcquisitionKind::expected_improvement;
  AcquisitionParameters acquisition_parameters;

  // Initial designs.
  int n_init = 6;
  InitialDesignKind initial_design = InitialDesignKind::random;
  std::vector<std::vector<double>> listed_initial_designs;  ///< raw units, for InitialDesignKind::listed
  double init_fraction = 0.3;  ///< InitialDesignKind::worst: share of the pool (by expected value) to draw from
  std::vector<FeatureInterval> initial_box;          ///< InitialDesignKind::box; features not named are unbounded
  std::shared_ptr<const MeasuredData> initial_data;  ///< InitialDesignKind::data: rows matched to pool designs
  /// Measurements of a related material: GP training data only, never counted as experiments, never candidates.
  std::shared_ptr<const MeasuredData> prior_data;
  /// The study's names of those files, as written (relative to the study file's folder; "" = none): what a
  /// configuration is labelled with, loaded into initial_data / prior_data by the study loader.
  std::string initial_data_file, prior_data_file;

  // Loop.
  CandidateMode mode = CandidateMode::pool;
  int budget = 0;  ///< maximum experiments (initial ones included); 0 = until the pool is empty
  bool continue_after_optimum = false;
  /// With replacement (Zhao et al. 2022, "virtual experiment"): initial designs may repeat and every
  /// iteration chooses from the whole pool, so a design may be measured again; needs budget > 0.
  bool replacement = false;
  /// Designs per iteration, chosen by the Kriging believer (Zhao et al. 2022, after Cressie 1990).
  int batch_size = 1;

  // Surrogate model.
  KernelKind kernel = KernelKind::squared_exponential_ard;
  /// How categorical features enter the GP (no effect on a space without them).
  CategoricalEncoding encoding = CategoricalEncoding::one_hot;
  /// encoding = descriptors: the descriptor CSV as named in the study ("" = none) and its contents,
  /// loaded by the study loader (study/descriptor_file.hpp).
  std::string descriptors_file;
  std::shared_ptr<const DescriptorTable> descriptors;
  HyperparameterBounds bounds;
  int restarts = 2;  ///< random restarts of the likelihood optimization, after the first start
  /// First start of each refit: the previous optimum (true) or the default θ (false: ℓ = 1,
  /// σ_f² = 1, σ_n² = 0.01, as the reference study's GPy and the scikit-learn peer do).
  bool warm_start = false;
  double fit_tolerance = 1e-4;      ///< relative-improvement stop of each L-BFGS start (FitOptions)
  int refit_every = 1;              ///< full hyperparameter optimization every k iterations; θ kept in between
  bool predict_observation = true;  ///< σ includes the noise variance (predictive of a new y*, reference Eq. 6)
};

}  // namespace bosim
