#include "campaign/campaign.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "acquisition/expected_improvement.hpp"
#include "acquisition/mean_variance.hpp"
#include "acquisition/probability_of_improvement.hpp"
#include "acquisition/pure_exploration.hpp"
#include "acquisition/thompson_sampling.hpp"
#include "acquisition/upper_confidence_bound.hpp"
#include "campaign/initial_design.hpp"
#include "campaign/run_seeds.hpp"
#include "campaign/surrogate_model.hpp"

namespace bosim {

namespace {

/// The measurements of one run and the bookkeeping that the record needs.
class Experiments {
 public:
  Experiments(const GroundTruth& truth, const Eigen::MatrixXd& unit_designs, RunRecord& record, Rng& measure_rng)
      : truth_(truth),
        unit_designs_(unit_designs),
        record_(record),
        measure_rng_(measure_rng),
        sign_(truth.goal() == Goal::maximize ? 1.0 : -1.0),
        unobserved_(static_cast<size_t>(truth.size()), true),
        optimal_(static_cast<size_t>(truth.size()), false) {
    for (Eigen::Index i : truth.optimal_designs()) optimal_[static_cast<size_t>(i)] = true;
  }

  /// Measures a design: records the (sign-adjusted) observation, the best expected value so
  /// far and, the first time, the experiment at which an optimal design was measured.
  void measure(Eigen::Index design) {
    const auto slot = static_cast<size_t>(design);
    if (!unobserved_[slot]) throw std::logic_error("design measured twice in a campaign without replacement");
    unobserved_[slot] = false;
    designs_.push_back(design);
    values_.push_back(sign_ * truth_.measure(design, measure_rng_));
    const double expected = truth_.expected_value(design);
    if (record_.best_so_far.empty() || sign_ * expected > sign_ * record_.best_value) record_.best_value = expected;
    record_.best_so_far.push_back(record_.best_value);
    record_.chosen.push_back(static_cast<std::int32_t>(design));
    if (optimal_[slot] && first_optimal_experiment_ == 0) first_optimal_experiment_ = static_cast<int>(count());
  }

  Eigen::Index count() const { return static_cast<Eigen::Index>(designs_.size()); }
  bool optimum_found() const { return first_optimal_experiment_ > 0; }
  int first_optimal_experiment() const { return first_optimal_experiment_; }
  const std::vector<bool>& unobserved() const { return unobserved_; }

  /// Observed inputs (unit-scaled) and values (maximization sign), rebuilt into reused buffers.
  void training_data(Eigen::MatrixXd& inputs, Eigen::VectorXd& values) const {
    inputs.resize(count(), unit_designs_.cols());
    values.resize(count());
    for (Eigen::Index i = 0; i < count(); ++i) {
      inputs.row(i) = unit_designs_.row(designs_[static_cast<size_t>(i)]);
      values[i] = values_[static_cast<size_t>(i)];
    }
  }

 private:
  const GroundTruth& truth_;
  const Eigen::MatrixXd& unit_designs_;
  RunRecord& record_;
  Rng& measure_rng_;
  const double sign_;
  std::vector<bool> unobserved_;
  std::vector<bool> optimal_;
  std::vector<Eigen::Index> designs_;
  std::vector<double> values_;
  int first_optimal_experiment_ = 0;  ///< 1-based; 0 = not yet
};

/// Scores candidates with a model-based acquisition; returns the index of the best candidate.
Eigen::Index best_candidate(const CampaignSettings& settings, const SurrogateModel& model,
                            const Eigen::MatrixXd& candidates, const Eigen::MatrixXd& observed_inputs, int iteration,
                            Rng& model_rng, Eigen::VectorXd& mean, Eigen::VectorXd& stddev, Eigen::VectorXd& scores) {
  const AcquisitionParameters& p = settings.acquisition_parameters;
  if (settings.acquisition == AcquisitionKind::thompson_sampling) {
    model.predict(candidates, mean, stddev);
    if (!thompson_draw(mean, model.latent_covariance(candidates), model_rng, scores))
      throw std::runtime_error("Thompson sampling: posterior covariance not factorizable");
    return argmax_lowest_index(scores);
  }
  double best_observed_mean = 0.0;
  if (settings.acquisition == AcquisitionKind::probability_of_improvement ||
      settings.acquisition == AcquisitionKind::expected_improvement) {
    model.predict(observed_inputs, mean, stddev);  // μ⁺ = max posterior mean over observed designs
    best_observed_mean = mean.maxCoeff();
  }
  model.predict(candidates, mean, stddev);
  const AcquisitionInput input{mean, stddev, best_observed_mean, iteration};
  switch (settings.acquisition) {
    case AcquisitionKind::probability_of_improvement:
      probability_of_improvement(input, p.delta, scores);
      break;
    case AcquisitionKind::expected_improvement:
      expected_improvement(input, p.delta, scores);
      break;
    case AcquisitionKind::upper_confidence_bound:
      upper_confidence_bound(input, p.beta0, p.epsilon, scores);
      break;
    case AcquisitionKind::pure_exploration:
      pure_exploration(input, scores);
      break;
    case AcquisitionKind::mean_variance:
      mean_variance(input, p.alpha, scores);
      break;
    case AcquisitionKind::random:
    case AcquisitionKind::thompson_sampling:
      throw std::logic_error("not a scored acquisition");
  }
  return argmax_lowest_index(scores);
}

}  // namespace

RunRecord run_campaign(const GroundTruth& truth, const CampaignSettings& settings, const RunIdentity& identity) {
  const auto started = std::chrono::steady_clock::now();
  const RunSeeds seeds = RunSeeds::derive(identity.study_seed, identity.config_id, identity.repeat);
  RunRecord record;
  record.config_id = identity.config_id;
  record.repeat = identity.repeat;
  record.seed = seeds.run;

  Rng initial_rng(seeds.initial), model_rng(seeds.model), measure_rng(seeds.measure), choice_rng(seeds.choice);
  const Eigen::MatrixXd unit_designs = truth.space().to_unit(truth.designs());
  const Eigen::Index pool_size = truth.size();
  const Eigen::Index budget = settings.budget > 0 ? std::min<Eigen::Index>(settings.budget, pool_size) : pool_size;
  if (settings.n_init < 1 || settings.n_init > budget)
    throw std::invalid_argument("n_init must be between 1 and the budget");

  Experiments experiments(truth, unit_designs, record, measure_rng);
  for (Eigen::Index design : choose_initial_designs(truth, unit_designs, settings, initial_rng))
    experiments.measure(design);

  const bool grid_snap = settings.mode == CandidateMode::grid_snap && uses_model(settings.acquisition);
  const Eigen::MatrixXd grid_candidates = grid_snap ? truth.space().to_unit(truth.space().grid()) : Eigen::MatrixXd();

  SurrogateModel model(settings, truth.space().dimension(), model_rng);
  Eigen::MatrixXd observed_inputs, pool_candidates;
  Eigen::VectorXd observed_values, mean, stddev, scores;
  std::vector<Eigen::Index> candidate_designs;
  candidate_designs.reserve(static_cast<size_t>(pool_size));

  for (int iteration = 0;; ++iteration) {
    if (experiments.count() >= budget) break;
    if (experiments.optimum_found() && !settings.continue_after_optimum) break;

    candidate_designs.clear();
    for (Eigen::Index i = 0; i < pool_size; ++i)
      if (experiments.unobserved()[static_cast<size_t>(i)]) candidate_designs.push_back(i);

    Eigen::Index next = -1;
    if (!uses_model(settings.acquisition)) {
      next = candidate_designs[choice_rng.uniform_index(candidate_designs.size())];
    } else {
      experiments.training_data(observed_inputs, observed_values);
      model.update(observed_inputs, observed_values, iteration, record.n_fits, record.fit_failures);
      if (grid_snap) {
        const Eigen::Index grid_point = best_candidate(settings, model, grid_candidates, observed_inputs, iteration,
                                                       model_rng, mean, stddev, scores);
        next = nearest_available_design(unit_designs, grid_candidates.row(grid_point), experiments.unobserved());
      } else {
        pool_candidates.resize(static_cast<Eigen::Index>(candidate_designs.size()), unit_designs.cols());
        for (Eigen::Index c = 0; c < pool_candidates.rows(); ++c)
          pool_candidates.row(c) = unit_designs.row(candidate_designs[static_cast<size_t>(c)]);
        next = candidate_designs[static_cast<size_t>(best_candidate(settings, model, pool_candidates, observed_inputs,
                                                                    iteration, model_rng, mean, stddev, scores))];
      }
    }
    experiments.measure(next);
  }

  record.found = experiments.optimum_found();
  if (record.found) {
    // The initial designs are one batch: an optimum among them is known after all n_init are measured.
    record.experiments_to_optimum = std::max(experiments.first_optimal_experiment(), settings.n_init);
    record.iterations_to_optimum = record.experiments_to_optimum - settings.n_init;
  }
  record.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return record;
}

}  // namespace bosim
