// Bootstrap: the one percentile bootstrap (xoshiro256**, fixed seeds) behind every CI and band of the analysis.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace bosim {

struct Interval {
  double low = 0.0;
  double high = 0.0;
};

/// The bootstrap every statistic of bosim uses: 2,000 resamples, 95 % percentile intervals, seeds
/// mix_seed(bootstrap_seed_root, k) for a per-use coordinate k (e.g. a config id).
inline constexpr int bootstrap_resamples = 2000;
inline constexpr double bootstrap_confidence = 0.95;
inline constexpr std::uint64_t bootstrap_seed_root = 0x5EED;

/// A statistic of a resample: receives the resampled item indices and writes its outputs.
using ResampleStatistic = std::function<void(std::span<const std::size_t> indices, std::span<double> outputs)>;

/// Percentile bootstrap (Efron & Tibshirani 1993, ch. 13) of a vector-valued statistic of `items`
/// exchangeable items (runs): each of `resamples` resamples draws `items` indices uniformly with
/// replacement from Rng(seed) and evaluates `statistic`; output k's interval is the type-7 quantiles
/// (1 ∓ confidence)/2 of its `resamples` values. ±∞ values are allowed (e.g. an ERT with no success in
/// a resample); NaN values are not. Returns `outputs` intervals, NaN when items or resamples is 0.
std::vector<Interval> bootstrap_intervals(std::size_t items, std::size_t outputs, const ResampleStatistic& statistic,
                                          double confidence, int resamples, std::uint64_t seed);

/// Percentile bootstrap CI of the mean of `values` (bootstrap_intervals with the mean as statistic).
Interval bootstrap_mean_interval(const std::vector<double>& values, double confidence, int resamples,
                                 std::uint64_t seed);

/// Per-index bootstrap band of the mean of equally long curves (one per run): output n is the mean of
/// curves[r][n] over the resampled runs. All curves must have the same length.
std::vector<Interval> bootstrap_mean_curve_band(const std::vector<std::vector<double>>& curves, std::uint64_t seed);

}  // namespace bosim
