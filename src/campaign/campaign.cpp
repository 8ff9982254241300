// run_campaign: the campaign loop — initial design, batch choices by the acquisition, measurements, stopping rules.
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
              RunRecord& record, const RunSeeds& seeds)
      : truth_(truth),
        unit_designs_(unit_designs),
        record_(record),
        seeds_(seeds),
        sign_(truth.goal() == Goal::maximize ? 1.0 : -1.0),
        replacement_(settings.replacement),
        unobserved_(static_cast<size_t>(truth.size()), true),
        visits_(static_cast<size_t>(truth.size()), 0),
        optimal_(static_cast<size_t>(truth.size()), false) {
    for (Eigen::Index i : truth.optimal_designs()) optimal_[static_cast<size_t>(i)] = true;
    if (settings.prior_data) {
      prior_inputs_ = truth.space().to_unit(settings.prior_data->designs);
      prior_values_ = sign_ * settings.prior_data->values;
    }
  }

  /// Measures a design: a new measurement from the truth, drawn from the stream of this design's next visit
  /// (RunSeeds::measurement_seed), which every configuration of the repeat shares.
  void measure(Eigen::Index design) {
    Rng rng(seeds_.measurement_seed(static_cast<std::uint64_t>(design), visits_[static_cast<size_t>(design)]++));
    observe(design, truth_.measure(design, rng));
  }
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
  const RunSeeds& seeds_;
  const double sign_;
  const bool replacement_;
  std::vector<bool> unobserved_;
  std::vector<std::uint64_t> visits_;  ///< measurements of each design so far (initial data not counted)
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

/// Experiments a campaign may make (experiment_limit). Throws std::invalid_argument for settings no campaign
/// can run with.
Eigen::Index experiment_budget(const CampaignSettings& settings, Eigen::Index pool_size) {
  if (settings.replacement && settings.budget <= 0)
    throw std::invalid_argument("a campaign with replacement needs a budget");
  const auto budget = static_cast<Eigen::Index>(experiment_limit(settings.budget, settings.replacement, pool_size));
  if (settings.n_init < 1 || settings.n_init > budget)
    throw std::invalid_argument("n_init must be between 1 and the budget");
  if (settings.batch_size < 1) throw std::invalid_argument("batch_size must be at least 1");
  return budget;
}

/// Batch 0: the initial designs, measured — or, for initial data, recorded with their given values.
void measure_initial_designs(const GroundTruth& truth, const Eigen::MatrixXd& unit_designs,
                             const CampaignSettings& settings, Rng& initial_rng, Experiments& experiments) {
  const std::vector<Eigen::Index> initial = choose_initial_designs(truth, unit_designs, settings, initial_rng);
  for (size_t i = 0; i < initial.size(); ++i) {
    if (settings.initial_design == InitialDesignKind::data)
      experiments.record_given(initial[i], settings.initial_data->values[static_cast<Eigen::Index>(i)]);
    else
      experiments.measure(initial[i]);
  }
  experiments.end_batch(0);
}

/// Measures the designs of batch `batch` (k ≥ 1) in order and closes the batch.
void measure_batch(const std::vector<Eigen::Index>& designs, int batch, Experiments& experiments) {
  for (Eigen::Index design : designs) experiments.measure(design);
  experiments.end_batch(batch);
}

/// The stopping rules: the budget is spent (which, without replacement, includes an exhausted pool),
/// or an optimal design has been measured and the campaign does not continue after the optimum.
bool campaign_over(const Experiments& experiments, Eigen::Index budget, const CampaignSettings& settings) {
  if (experiments.count() >= budget) return true;
  return experiments.optimum_found() && !settings.continue_after_optimum;
}

/// Chooses the designs of each batch after the initial one: uniformly at random, or by the surrogate
/// model and the acquisition, one pick at a time with the Kriging believer in between. Holds the model
/// and the buffers reused from batch to batch.
class BatchChooser {
 public:
  BatchChooser(const GroundTruth& truth, const Eigen::MatrixXd& unit_designs, const CampaignSettings& settings,
               Rng& model_rng, Rng& choice_rng)
      : settings_(settings),
        unit_designs_(unit_designs),
        pool_size_(truth.size()),
        model_rng_(model_rng),
        choice_rng_(choice_rng),
        grid_snap_(settings.mode == CandidateMode::grid_snap && uses_model(settings.acquisition)),
        grid_candidates_(grid_snap_ ? truth.space().to_unit(truth.space().grid()) : Eigen::MatrixXd()),
        categorical_features_(truth.space().categorical_features()),
        model_(settings, truth.space(), model_rng) {
    candidate_designs_.reserve(static_cast<size_t>(pool_size_));
  }

  /// The batch_size designs to measure in the batch after iteration `iteration` (0-based) of choices.
  const std::vector<Eigen::Index>& choose_batch(int iteration, Eigen::Index batch_size,
                                                const Experiments& experiments) {
    available_ =
        settings_.replacement ? std::vector<bool>(static_cast<size_t>(pool_size_), true) : experiments.unobserved();
    batch_.clear();
    if (uses_model(settings_.acquisition))
      choose_by_model(iteration, batch_size, experiments);
    else
      choose_at_random(batch_size);
    return batch_;
  }

  /// Hyperparameter optimizations so far, and those in which every start failed.
  int fits() const { return fits_; }
  int fit_failures() const { return fit_failures_; }

 private:
  void choose_at_random(Eigen::Index batch_size) {
    for (Eigen::Index pick = 0; pick < batch_size; ++pick) {
      refresh_candidates();
      take(candidate_designs_[choice_rng_.uniform_index(candidate_designs_.size())]);
    }
  }

  void choose_by_model(int iteration, Eigen::Index batch_size, const Experiments& experiments) {
    experiments.training_data(training_inputs_, training_values_);
    model_.update(training_inputs_, training_values_, iteration, fits_, fit_failures_);
    // μ⁺ of PI/EI is taken over this campaign's designs (prior data belong to another material) and,
    // within a batch, the fantasies believed so far.
    believed_inputs_ = training_inputs_.bottomRows(experiments.count());
    for (Eigen::Index pick = 0; pick < batch_size; ++pick) {
      take(model_pick(iteration));
      if (pick + 1 == batch_size) break;
      const Eigen::RowVectorXd believed = unit_designs_.row(batch_.back());
      model_.add_fantasy(believed);
      believed_inputs_.conservativeResize(believed_inputs_.rows() + 1, Eigen::NoChange);
      believed_inputs_.row(believed_inputs_.rows() - 1) = believed;
    }
  }

  /// The acquisition's best design: snapped from the best grid point, or the best of the pool
  /// (the whole pool with replacement, else the designs still available).
  Eigen::Index model_pick(int iteration) {
    if (grid_snap_) {
      const Eigen::Index grid_point = best_candidate(settings_, model_, grid_candidates_, believed_inputs_, iteration,
                                                     model_rng_, mean_, stddev_, scores_);
      return nearest_available_design(unit_designs_, grid_candidates_.row(grid_point), available_,
                                      categorical_features_);
    }
    if (settings_.replacement)
      return best_candidate(settings_, model_, unit_designs_, believed_inputs_, iteration, model_rng_, mean_, stddev_,
                            scores_);
    refresh_candidates();
    pool_candidates_.resize(static_cast<Eigen::Index>(candidate_designs_.size()), unit_designs_.cols());
    for (Eigen::Index c = 0; c < pool_candidates_.rows(); ++c)
      pool_candidates_.row(c) = unit_designs_.row(candidate_designs_[static_cast<size_t>(c)]);
    return candidate_designs_[static_cast<size_t>(best_candidate(settings_, model_, pool_candidates_, believed_inputs_,
                                                                 iteration, model_rng_, mean_, stddev_, scores_))];
  }

  /// The designs a pick may take: with replacement the whole pool; without, the unobserved designs
  /// not yet picked in this batch.
  void refresh_candidates() {
    candidate_designs_.clear();
    for (Eigen::Index i = 0; i < pool_size_; ++i)
      if (available_[static_cast<size_t>(i)]) candidate_designs_.push_back(i);
  }

  /// Adds a pick to the batch; without replacement it is no longer available.
  void take(Eigen::Index design) {
    batch_.push_back(design);
    if (!settings_.replacement) available_[static_cast<size_t>(design)] = false;
  }

  const CampaignSettings& settings_;
  const Eigen::MatrixXd& unit_designs_;
  const Eigen::Index pool_size_;
  Rng& model_rng_;
  Rng& choice_rng_;
  const bool grid_snap_;
  const Eigen::MatrixXd grid_candidates_;  ///< the design space's grid, unit-scaled (grid-snap mode only)
  const std::vector<Eigen::Index> categorical_features_;  ///< columns a snap must match exactly when it can
  SurrogateModel model_;
  int fits_ = 0;
  int fit_failures_ = 0;
  std::vector<bool> available_;
  std::vector<Eigen::Index> candidate_designs_, batch_;
  Eigen::MatrixXd training_inputs_, believed_inputs_, pool_candidates_;
  Eigen::VectorXd training_values_, mean_, stddev_, scores_;
};

}  // namespace

std::int64_t experiment_limit(std::int64_t budget, bool replacement, std::int64_t pool_size) {
  // Without replacement the pool runs out; with it, only the budget ends the campaign.
  if (replacement) return std::max<std::int64_t>(budget, 0);
  return budget > 0 ? std::min(budget, pool_size) : pool_size;
}

RunRecord run_campaign(const GroundTruth& truth, const CampaignSettings& settings, const RunIdentity& identity) {
  const auto started = std::chrono::steady_clock::now();
  const RunSeeds seeds = RunSeeds::derive(identity.study_seed, identity.config_id, identity.repeat);
  RunRecord record;
  record.config_id = identity.config_id;
  record.repeat = identity.repeat;
  record.seed = seeds.run;

  Rng initial_rng(seeds.initial), model_rng(seeds.model), choice_rng(seeds.choice);
  const Eigen::MatrixXd unit_designs = truth.space().to_unit(truth.designs());
  const Eigen::Index budget = experiment_budget(settings, truth.size());

  Experiments experiments(truth, unit_designs, settings, record, seeds);
  measure_initial_designs(truth, unit_designs, settings, initial_rng, experiments);
  BatchChooser chooser(truth, unit_designs, settings, model_rng, choice_rng);
  for (int iteration = 0; !campaign_over(experiments, budget, settings); ++iteration) {
    // The last batch is cut to the budget; without replacement the budget never exceeds the unobserved designs.
    const Eigen::Index batch_size = std::min<Eigen::Index>(settings.batch_size, budget - experiments.count());
    measure_batch(chooser.choose_batch(iteration, batch_size, experiments), iteration + 1, experiments);
  }

  record.n_fits = chooser.fits();
  record.fit_failures = chooser.fit_failures();
  record.found = experiments.optimum_found();
  if (record.found) {
    record.experiments_to_optimum = experiments.experiments_to_optimum();
    record.iterations_to_optimum = experiments.iterations_to_optimum();
  }
  record.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return record;
}

}  // namespace bosim
