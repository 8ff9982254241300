#include "acquisition/acquisition.hpp"

namespace bosim {

namespace {
constexpr AcquisitionKind all_kinds[] = {
    AcquisitionKind::probability_of_improvement,
    AcquisitionKind::expected_improvement,
    AcquisitionKind::upper_confidence_bound,
    AcquisitionKind::random,
    AcquisitionKind::pure_exploration,
    AcquisitionKind::thompson_sampling,
    AcquisitionKind::mean_variance,
};
}  // namespace

std::string to_string(AcquisitionKind kind) {
  switch (kind) {
    case AcquisitionKind::probability_of_improvement:
      return "pi";
    case AcquisitionKind::expected_improvement:
      return "ei";
    case AcquisitionKind::upper_confidence_bound:
      return "ucb";
    case AcquisitionKind::random:
      return "random";
    case AcquisitionKind::pure_exploration:
      return "exploration";
    case AcquisitionKind::thompson_sampling:
      return "thompson";
    case AcquisitionKind::mean_variance:
      return "mean-variance";
  }
  return "?";
}

bool parse_acquisition_kind(const std::string& name, AcquisitionKind& kind) {
  for (AcquisitionKind k : all_kinds) {
    if (to_string(k) == name) {
      kind = k;
      return true;
    }
  }
  return false;
}

bool uses_model(AcquisitionKind kind) { return kind != AcquisitionKind::random; }

Eigen::Index argmax_lowest_index(const Eigen::VectorXd& scores) {
  Eigen::Index best = 0;
  for (Eigen::Index i = 1; i < scores.size(); ++i) {
    if (scores[i] > scores[best]) best = i;  // strict: an equal later score never wins
  }
  return best;
}

}  // namespace bosim
