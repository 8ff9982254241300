#include "campaign/input_encoder.hpp"

#include <cmath>
#include <stdexcept>

#include "campaign/one_hot_encoding.hpp"

namespace bosim {
namespace {

Eigen::Index level_index(double unit, Eigen::Index levels) {
  return levels < 2 ? 0 : static_cast<Eigen::Index>(std::lround(unit * static_cast<double>(levels - 1)));
}

}  // namespace

InputEncoder::InputEncoder(const DesignSpace& space, CategoricalEncoding encoding, const DescriptorTable* descriptors,
                           const SourcePosition& descriptors_where)
    : overlap_(encoding == CategoricalEncoding::overlap) {
  const auto& features = space.features();
  for (Eigen::Index j = 0; j < space.dimension(); ++j) {
    const FeatureRange& feature = features[static_cast<size_t>(j)];
    if (!feature.is_categorical()) {
      continuous_.push_back(j);
      continue;
    }
    identity_ = false;
    const auto levels = static_cast<Eigen::Index>(feature.levels.size());
    if (levels < 2) continue;
    Variable variable{j, levels, Eigen::MatrixXd()};
    if (encoding == CategoricalEncoding::descriptors) {
      if (descriptors == nullptr)
        throw std::invalid_argument("encoding = \"descriptors\" needs a descriptors file ([model] descriptors)");
      variable.codes = descriptor_codes(feature, *descriptors, descriptors_where);
    } else if (!overlap_) {
      variable.codes = one_hot_codes(levels);
    }
    variables_.push_back(std::move(variable));
  }
  if (identity_) {
    layout_ = KernelLayout::plain(space.dimension());
    width_ = space.dimension();
    return;
  }
  for (Eigen::Index c = 0; c < static_cast<Eigen::Index>(continuous_.size()); ++c)
    layout_.distance_groups.push_back(layout_.group_count++);
  for (const Variable& variable : variables_) {
    if (overlap_) {
      ++layout_.overlap_columns;
      continue;
    }
    for (Eigen::Index k = 0; k < variable.codes.cols(); ++k) {
      layout_.distance_groups.push_back(layout_.group_count);
      if (encoding != CategoricalEncoding::one_hot_shared || k + 1 == variable.codes.cols()) ++layout_.group_count;
    }
  }
  width_ = static_cast<Eigen::Index>(layout_.distance_groups.size()) + layout_.overlap_columns;
  if (width_ == 0) throw std::invalid_argument("the design space has no feature with more than one value");
}

void InputEncoder::encode(const Eigen::MatrixXd& unit, Eigen::MatrixXd& out) const {
  out.resize(unit.rows(), width_);
  if (identity_) {
    out = unit;
    return;
  }
  Eigen::Index column = 0;
  for (const Eigen::Index feature : continuous_) out.col(column++) = unit.col(feature);
  const Eigen::Index first_variable_column = column;
  for (Eigen::Index i = 0; i < unit.rows(); ++i) {
    column = first_variable_column;
    for (const Variable& variable : variables_) {
      const Eigen::Index level = level_index(unit(i, variable.feature), variable.levels);
      if (level < 0 || level >= variable.levels)
        throw std::invalid_argument("a categorical value outside its levels reached the model");
      if (overlap_) {
        out(i, column++) = static_cast<double>(level);
      } else {
        out.row(i).segment(column, variable.codes.cols()) = variable.codes.row(level);
        column += variable.codes.cols();
      }
    }
  }
}

}  // namespace bosim
