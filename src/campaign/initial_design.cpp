#include "campaign/initial_design.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace bosim {

Eigen::Index nearest_available_design(const Eigen::MatrixXd& unit_designs, const Eigen::RowVectorXd& point,
                                      const std::vector<bool>& available,
                                      const std::vector<Eigen::Index>& categorical_features) {
  Eigen::Index nearest = -1;
  Eigen::Index nearest_mismatches = 0;
  double nearest_distance = std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < unit_designs.rows(); ++i) {
    if (!available[static_cast<size_t>(i)]) continue;
    Eigen::Index mismatches = 0;
    double distance = 0.0;
    if (categorical_features.empty()) {
      distance = (unit_designs.row(i) - point).squaredNorm();
    } else {
      for (Eigen::Index d = 0; d < point.size(); ++d) {
        const bool categorical =
            std::find(categorical_features.begin(), categorical_features.end(), d) != categorical_features.end();
        if (categorical)
          mismatches += unit_designs(i, d) != point(d) ? 1 : 0;
        else
          distance += (unit_designs(i, d) - point(d)) * (unit_designs(i, d) - point(d));
      }
    }
    // Lexicographic (mismatched categories, distance); strict: ties keep the lower index.
    if (nearest < 0 || mismatches < nearest_mismatches ||
        (mismatches == nearest_mismatches && distance < nearest_distance)) {
      nearest_mismatches = mismatches;
      nearest_distance = distance;
      nearest = i;
    }
  }
  return nearest;
}

Eigen::Index find_pool_design(const Eigen::MatrixXd& raw_designs, const std::vector<double>& raw) {
  if (static_cast<Eigen::Index>(raw.size()) != raw_designs.cols()) return -1;
  const Eigen::Map<const Eigen::RowVectorXd> wanted(raw.data(), static_cast<Eigen::Index>(raw.size()));
  for (Eigen::Index i = 0; i < raw_designs.rows(); ++i)
    if (raw_designs.row(i) == wanted) return i;
  return -1;
}

namespace {

std::vector<Eigen::Index> random_without_replacement(Eigen::Index pool_size, int count, Rng& rng) {
  std::vector<Eigen::Index> order(static_cast<size_t>(pool_size));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  for (int i = 0; i < count; ++i) {
    const auto j = static_cast<size_t>(i) + rng.uniform_index(static_cast<std::uint64_t>(pool_size - i));
    std::swap(order[static_cast<size_t>(i)], order[j]);
  }
  order.resize(static_cast<size_t>(count));
  return order;
}

/// count independent uniform draws from 0..pool_size−1 (sampling with replacement).
std::vector<Eigen::Index> random_with_replacement(Eigen::Index pool_size, int count, Rng& rng) {
  std::vector<Eigen::Index> chosen;
  for (int i = 0; i < count; ++i)
    chosen.push_back(static_cast<Eigen::Index>(rng.uniform_index(static_cast<std::uint64_t>(pool_size))));
  return chosen;
}

/// count designs of region drawn uniformly, with or without replacement.
std::vector<Eigen::Index> random_from_region(const std::vector<Eigen::Index>& region, int count, bool replacement,
                                             Rng& rng, const char* region_name) {
  const auto size = static_cast<Eigen::Index>(region.size());
  if (size == 0 || (!replacement && size < count))
    throw std::invalid_argument(std::string(region_name) + " holds " + std::to_string(size) +
                                " designs, fewer than n_init (" + std::to_string(count) + ")");
  std::vector<Eigen::Index> chosen =
      replacement ? random_with_replacement(size, count, rng) : random_without_replacement(size, count, rng);
  for (Eigen::Index& position : chosen) position = region[static_cast<size_t>(position)];
  return chosen;
}

/// count level indices of a categorical variable with L levels, stratified: every level count/L times
/// (rounded down), the remainder distinct levels drawn at random, in a random order.
std::vector<Eigen::Index> stratified_levels(int count, Eigen::Index levels, Rng& rng) {
  std::vector<Eigen::Index> drawn;
  while (static_cast<int>(drawn.size()) + levels <= count)
    for (Eigen::Index level = 0; level < levels; ++level) drawn.push_back(level);
  for (Eigen::Index level : random_without_replacement(levels, count - static_cast<int>(drawn.size()), rng))
    drawn.push_back(level);
  std::vector<Eigen::Index> order = random_without_replacement(count, count, rng);
  std::vector<Eigen::Index> assigned(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i)
    assigned[static_cast<size_t>(i)] = drawn[static_cast<size_t>(order[static_cast<size_t>(i)])];
  return assigned;
}

std::vector<Eigen::Index> latin_hypercube_snapped(const DesignSpace& space, const Eigen::MatrixXd& unit_designs,
                                                  int count, bool replacement, Rng& rng) {
  const Eigen::Index dimension = unit_designs.cols();
  Eigen::MatrixXd points(count, dimension);
  for (Eigen::Index d = 0; d < dimension; ++d) {
    const FeatureRange& feature = space.features()[static_cast<size_t>(d)];
    if (feature.is_categorical()) {  // levels drawn stratified, as unit values index / (L − 1)
      const auto levels = static_cast<Eigen::Index>(feature.levels.size());
      const std::vector<Eigen::Index> drawn = stratified_levels(count, levels, rng);
      for (int i = 0; i < count; ++i)
        points(i, d) =
            levels < 2 ? 0.0 : static_cast<double>(drawn[static_cast<size_t>(i)]) / static_cast<double>(levels - 1);
      continue;
    }
    std::vector<Eigen::Index> strata = random_without_replacement(count, count, rng);
    for (int i = 0; i < count; ++i)
      points(i, d) = (static_cast<double>(strata[static_cast<size_t>(i)]) + rng.uniform()) / count;
  }
  std::vector<bool> available(static_cast<size_t>(unit_designs.rows()), true);
  const std::vector<Eigen::Index> categorical = space.categorical_features();
  std::vector<Eigen::Index> chosen;
  for (int i = 0; i < count; ++i) {
    const Eigen::Index nearest = nearest_available_design(unit_designs, points.row(i), available, categorical);
    if (!replacement) available[static_cast<size_t>(nearest)] = false;
    chosen.push_back(nearest);
  }
  return chosen;
}

}  // namespace

std::vector<Eigen::Index> worst_designs(const GroundTruth& truth, double fraction) {
  const Eigen::Index pool_size = truth.size();
  const double sign = truth.goal() == Goal::maximize ? 1.0 : -1.0;
  const auto count = std::clamp<Eigen::Index>(
      static_cast<Eigen::Index>(std::ceil(fraction * static_cast<double>(pool_size))), 1, pool_size);
  std::vector<Eigen::Index> order(static_cast<size_t>(pool_size));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return sign * truth.expected_value(a) < sign * truth.expected_value(b);
  });
  order.resize(static_cast<size_t>(count));
  std::sort(order.begin(), order.end());
  return order;
}

std::vector<Eigen::Index> designs_in_box(const GroundTruth& truth, const std::vector<FeatureInterval>& box) {
  const auto& features = truth.space().features();
  std::vector<std::pair<Eigen::Index, const FeatureInterval*>> bounded;
  for (const FeatureInterval& interval : box) {
    const auto found = std::find_if(features.begin(), features.end(),
                                    [&](const FeatureRange& feature) { return feature.name == interval.feature; });
    if (found == features.end())
      throw std::invalid_argument("init_box names '" + interval.feature + "', which is not a feature of the truth");
    bounded.emplace_back(static_cast<Eigen::Index>(found - features.begin()), &interval);
  }
  std::vector<Eigen::Index> inside;
  const Eigen::MatrixXd& designs = truth.designs();
  for (Eigen::Index i = 0; i < designs.rows(); ++i) {
    const bool in_box = std::all_of(bounded.begin(), bounded.end(), [&](const auto& bound) {
      const double x = designs(i, bound.first);
      return x >= bound.second->lower && x <= bound.second->upper;
    });
    if (in_box) inside.push_back(i);
  }
  return inside;
}

std::vector<Eigen::Index> choose_initial_designs(const GroundTruth& truth, const Eigen::MatrixXd& unit_designs,
                                                 const CampaignSettings& settings, Rng& rng) {
  switch (settings.initial_design) {
    case InitialDesignKind::random:
      return settings.replacement ? random_with_replacement(truth.size(), settings.n_init, rng)
                                  : random_without_replacement(truth.size(), settings.n_init, rng);
    case InitialDesignKind::latin_hypercube:
      return latin_hypercube_snapped(truth.space(), unit_designs, settings.n_init, settings.replacement, rng);
    case InitialDesignKind::worst:
      return random_from_region(worst_designs(truth, settings.init_fraction), settings.n_init, settings.replacement,
                                rng, "the worst-design region");
    case InitialDesignKind::box:
      return random_from_region(designs_in_box(truth, settings.initial_box), settings.n_init, settings.replacement, rng,
                                "init_box");
    case InitialDesignKind::data:
      if (!settings.initial_data) throw std::invalid_argument("init = \"data\" without initial_data");
      return settings.initial_data->pool_designs;
    case InitialDesignKind::listed: {
      std::vector<Eigen::Index> chosen;
      for (const auto& row : settings.listed_initial_designs) {
        const Eigen::Index index = find_pool_design(truth.designs(), row);
        if (index < 0)
          throw std::invalid_argument("listed initial design " + std::to_string(chosen.size() + 1) +
                                      " is not a design of the ground truth");
        chosen.push_back(index);
      }
      return chosen;
    }
  }
  return {};
}

}  // namespace bosim
