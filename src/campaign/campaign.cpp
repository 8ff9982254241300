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
  Experiments(const GroundTruth& truth, const Eigen::MatrixXd& unit_designs, const CampaignSettings& settings,
              RunRecord& record, Rng& measure_rng)
      : truth_(truth),
        unit_designs_(unit_designs),
        record_(record),
        measure_rng_(measure_rng),
        sign_(truth.goal() == Goal::maximize ? 1.0 : -1.0),
        replacement_(settings.replacement),
        unobserved_(static_cast<size_t>(truth.size()), true),
        optimal_(static_cast<size_t>(truth.size()), false) {
    for (Eigen::Index i : truth.optimal_designs()) optimal_[static_cast<size_t>(i)] = true;
    if (settings.prior_data) {
      prior_inputs_ = truth.space().to_unit(settings.prior_data->designs);
      prior_values_ = sign_ * settings.prior_data->values;
    }
  }

  /// Measures a design: a new measurement from the truth.
  void measure(Eigen::Index design) { observe(design, truth_.measure(design, measure_rng_)); }
  /// An earlier measurement of a design (initial data): its given value, in the objective's units and sign.
  void record_given(Eigen::Index design, double value) { observe(design, value); }

  /// Closes a batch — the initial designs (batch 0) or the picks of one iteration (batch k ≥ 1). An
  /// optimum measured inside a batch is known only once the whole batch is measured, so it counts every
  /// experiment of the batch (README "Counting").
  void end_batch(int batch) {
    if (first_optimal_experiment_ == 0 || optimum_batch_ >= 0) return;
    experiments_to_optimum_ = static_cast<int>(count());
    optimum_batch_ = batch;
  }

  Eigen::Index count() const { return static_cast<Eigen::Index>(designs_.size()); }
  bool optimum_found() const { return optimum_batch_ >= 0; }
  /// Experiments up to the end of the batch that measured the first optimal design.
  int experiments_to_optimum() const { return experiments_to_optimum_; }
  /// Batches after the initial one up to that batch (0 when an initial design was optimal).
  int iterations_to_optimum() const { return optimum_batch_; }
  const std::vector<bool>& unobserved() const { return unobserved_; }

  /// GP training data: the prior data's rows first, then the observations in order (inputs
  /// unit-scaled, values in the maximization sign), rebuilt into reused buffers. The last
  /// count() rows are this campaign's own observations.
  void training_data(Eigen::MatrixXd& inputs, Eigen::VectorXd& values) const {
    const Eigen::Index prior = prior_values_.size();
    inputs.resize(prior + count(), unit_designs_.cols());
    values.resize(prior + count());
    if (prior > 0) {
      inputs.topRows(prior) = prior_inputs_;
      values.head(prior) = prior_values_;
    }
    for (Eigen::Index i = 0; i < count(); ++i) {
      inputs.row(prior + i) = unit_designs_.row(designs_[static_cast<size_t>(i)]);
      values[prior + i] = values_[static_cast<size_t>(i)];
    }
  }

 private:
  /// Records an observation (value in the objective's sign) and the best expected value so far.
  void observe(Eigen::Index design, double value) {
    const auto slot = static_cast<size_t>(design);
    if (!replacement_ && !unobserved_[slot])
      throw std::logic_error("design measured twice in a campaign without replacement");
    unobserved_[slot] = false;
    designs_.push_back(design);
    values_.push_back(sign_ * value);
    const double expected = truth_.expected_value(design);
    if (record_.best_so_far.empty() || sign_ * expected > sign_ * record_.best_value) record_.best_value = expected;
    record_.best_so_far.push_back(record_.best_value);
    record_.chosen.push_back(static_cast<std::int32_t>(design));
    if (optimal_[slot] && first_optimal_experiment_ == 0) first_optimal_experiment_ = static_cast<int>(count());
  }

  const GroundTruth& truth_;
  const Eigen::MatrixXd& unit_designs_;
  RunRecord& record_;
  Rng& measure_rng_;
  const double sign_;
  const bool replacement_;
  std::vector<bool> unobserved_;
  std::vector<bool> optimal_;
  std::vector<Eigen::Index> designs_;
  std::vector<double> values_;
  Eigen::MatrixXd prior_inputs_;      ///< prior data, unit-scaled (may lie outside [0, 1])
  Eigen::VectorXd prior_values_;      ///< prior data, maximization sign
  int first_optimal_experiment_ = 0;  ///< 1-based; 0 = not yet
  int experiments_to_optimum_ = -1;
  int optimum_batch_ = -1;
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
  if (settings.replacement && settings.budget <= 0)
    throw std::invalid_argument("a campaign with replacement needs a budget");
  // Without replacement the pool runs out; with it, only the budget ends the campaign.
  const Eigen::Index budget = settings.replacement  ? settings.budget
                              : settings.budget > 0 ? std::min<Eigen::Index>(settings.budget, pool_size)
                                                    : pool_size;
  if (settings.n_init < 1 || settings.n_init > budget)
    throw std::invalid_argument("n_init must be between 1 and the budget");
  if (settings.batch_size < 1) throw std::invalid_argument("batch_size must be at least 1");

  Experiments experiments(truth, unit_designs, settings, record, measure_rng);
  const std::vector<Eigen::Index> initial = choose_initial_designs(truth, unit_designs, settings, initial_rng);
  for (size_t i = 0; i < initial.size(); ++i) {
    if (settings.initial_design == InitialDesignKind::data)
      experiments.record_given(initial[i], settings.initial_data->values[static_cast<Eigen::Index>(i)]);
    else
      experiments.measure(initial[i]);
  }
  experiments.end_batch(0);

  const bool grid_snap = settings.mode == CandidateMode::grid_snap && uses_model(settings.acquisition);
  const Eigen::MatrixXd grid_candidates = grid_snap ? truth.space().to_unit(truth.space().grid()) : Eigen::MatrixXd();

  SurrogateModel model(settings, truth.space().dimension(), model_rng);
  Eigen::MatrixXd training_inputs, believed_inputs, pool_candidates;
  Eigen::VectorXd training_values, mean, stddev, scores;
  std::vector<bool> available;
  std::vector<Eigen::Index> candidate_designs, batch;
  candidate_designs.reserve(static_cast<size_t>(pool_size));

  // The designs a pick may take: with replacement the whole pool; without, the unobserved designs
  // not yet picked in this batch.
  const auto refresh_candidates = [&] {
    candidate_designs.clear();
    for (Eigen::Index i = 0; i < pool_size; ++i)
      if (available[static_cast<size_t>(i)]) candidate_designs.push_back(i);
  };
  const auto model_pick = [&](int iteration) -> Eigen::Index {
    if (grid_snap) {
      const Eigen::Index grid_point =
          best_candidate(settings, model, grid_candidates, believed_inputs, iteration, model_rng, mean, stddev, scores);
      return nearest_available_design(unit_designs, grid_candidates.row(grid_point), available);
    }
    if (settings.replacement)
      return best_candidate(settings, model, unit_designs, believed_inputs, iteration, model_rng, mean, stddev, scores);
    refresh_candidates();
    pool_candidates.resize(static_cast<Eigen::Index>(candidate_designs.size()), unit_designs.cols());
    for (Eigen::Index c = 0; c < pool_candidates.rows(); ++c)
      pool_candidates.row(c) = unit_designs.row(candidate_designs[static_cast<size_t>(c)]);
    return candidate_designs[static_cast<size_t>(
        best_candidate(settings, model, pool_candidates, believed_inputs, iteration, model_rng, mean, stddev, scores))];
  };

  for (int iteration = 0;; ++iteration) {
    if (experiments.count() >= budget) break;
    if (experiments.optimum_found() && !settings.continue_after_optimum) break;

    // The last batch is cut to the budget; without replacement the budget never exceeds the unobserved designs.
    const Eigen::Index batch_size = std::min<Eigen::Index>(settings.batch_size, budget - experiments.count());
    available =
        settings.replacement ? std::vector<bool>(static_cast<size_t>(pool_size), true) : experiments.unobserved();
    batch.clear();
    if (!uses_model(settings.acquisition)) {
      for (Eigen::Index pick = 0; pick < batch_size; ++pick) {
        refresh_candidates();
        batch.push_back(candidate_designs[choice_rng.uniform_index(candidate_designs.size())]);
        if (!settings.replacement) available[static_cast<size_t>(batch.back())] = false;
      }
    } else {
      experiments.training_data(training_inputs, training_values);
      model.update(training_inputs, training_values, iteration, record.n_fits, record.fit_failures);
      // μ⁺ of PI/EI is taken over this campaign's designs (prior data belong to another material) and,
      // within a batch, the fantasies believed so far.
      believed_inputs = training_inputs.bottomRows(experiments.count());
      for (Eigen::Index pick = 0; pick < batch_size; ++pick) {
        batch.push_back(model_pick(iteration));
        if (!settings.replacement) available[static_cast<size_t>(batch.back())] = false;
        if (pick + 1 == batch_size) break;
        const Eigen::RowVectorXd believed = unit_designs.row(batch.back());
        model.add_fantasy(believed);
        believed_inputs.conservativeResize(believed_inputs.rows() + 1, Eigen::NoChange);
        believed_inputs.row(believed_inputs.rows() - 1) = believed;
      }
    }
    for (Eigen::Index design : batch) experiments.measure(design);
    experiments.end_batch(iteration + 1);
  }

  record.found = experiments.optimum_found();
  if (record.found) {
    record.experiments_to_optimum = experiments.experiments_to_optimum();
    record.iterations_to_optimum = experiments.iterations_to_optimum();
  }
  record.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return record;
}

}  // namespace bosim
