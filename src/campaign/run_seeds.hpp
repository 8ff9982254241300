// Seeds of one run, derived from (study seed, config id, repeat) by SplitMix64 mixing.
#pragma once

#include <cstdint>

#include "common/random.hpp"

namespace bosim {

/// Streams of randomness inside a run. Each is an independent seed:
///   run seed      = mix(mix(mix(study_seed, 1), config_id), repeat)
///   initial seed  = mix(mix(study_seed, 2), repeat)                 — no config_id: every configuration of
///                   one repeat starts from the same initial designs (common random numbers), so comparisons
///                   between configurations are paired and less noisy
///   draws seed    = mix(run seed, 3)  — randomized hyperparameters
///   model seed    = mix(run seed, 4)  — GP restarts, Thompson draws
///   measure seed  = mix(mix(study_seed, 5), repeat)                 — no config_id either: the k-th
///                   measurement (visit k = 0, 1, …) of design d in a run draws its replicate and its noise
///                   from measurement_seed(d, k) = mix(mix(measure seed, d), k), so two configurations of
///                   one repeat that measure the same design for the k-th time see the same value (common
///                   random numbers; bench/crn_paired_error.py measures what it gains)
///   choice seed   = mix(run seed, 6)  — random acquisition
/// with mix(a, b) = splitmix64(a ^ splitmix64(b)) (common/random.hpp).
struct RunSeeds {
  std::uint64_t run, initial, draws, model, measure, choice;

  /// Seed of the visit-th measurement (0-based) of a design in this run.
  std::uint64_t measurement_seed(std::uint64_t design, std::uint64_t visit) const {
    return mix_seed(mix_seed(measure, design), visit);
  }

  static RunSeeds derive(std::uint64_t study_seed, std::uint32_t config_id, std::uint32_t repeat) {
    RunSeeds s{};
    s.run = mix_seed(mix_seed(mix_seed(study_seed, 1), config_id), repeat);
    s.initial = mix_seed(mix_seed(study_seed, 2), repeat);
    s.draws = mix_seed(s.run, 3);
    s.model = mix_seed(s.run, 4);
    s.measure = mix_seed(mix_seed(study_seed, 5), repeat);
    s.choice = mix_seed(s.run, 6);
    return s;
  }
};

}  // namespace bosim
