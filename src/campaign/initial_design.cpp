#include "campaign/initial_design.hpp"

#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace bosim {

Eigen::Index nearest_available_design(const Eigen::MatrixXd& unit_designs, const Eigen::RowVectorXd& point,
                                      const std::vector<bool>& available) {
  Eigen::Index nearest = -1;
  double nearest_distance = std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < unit_designs.rows(); ++i) {
    if (!available[static_cast<size_t>(i)]) continue;
    const double distance = (unit_designs.row(i) - point).squaredNorm();
    if (distance < nearest_distance) {  // strict: ties keep the lower index
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

std::vector<Eigen::Index> latin_hypercube_snapped(const Eigen::MatrixXd& unit_designs, int count, Rng& rng) {
  const Eigen::Index dimension = unit_designs.cols();
  Eigen::MatrixXd points(count, dimension);
  for (Eigen::Index d = 0; d < dimension; ++d) {
    std::vector<Eigen::Index> strata = random_without_replacement(count, count, rng);
    for (int i = 0; i < count; ++i)
      points(i, d) = (static_cast<double>(strata[static_cast<size_t>(i)]) + rng.uniform()) / count;
  }
  std::vector<bool> available(static_cast<size_t>(unit_designs.rows()), true);
  std::vector<Eigen::Index> chosen;
  for (int i = 0; i < count; ++i) {
    const Eigen::Index nearest = nearest_available_design(unit_designs, points.row(i), available);
    available[static_cast<size_t>(nearest)] = false;
    chosen.push_back(nearest);
  }
  return chosen;
}

}  // namespace

std::vector<Eigen::Index> choose_initial_designs(const GroundTruth& truth, const Eigen::MatrixXd& unit_designs,
                                                 const CampaignSettings& settings, Rng& rng) {
  switch (settings.initial_design) {
    case InitialDesignKind::random:
      return random_without_replacement(truth.size(), settings.n_init, rng);
    case InitialDesignKind::latin_hypercube:
      return latin_hypercube_snapped(unit_designs, settings.n_init, rng);
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
