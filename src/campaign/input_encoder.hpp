// InputEncoder: unit-scaled designs of a mixed space → the GP's input columns and the kernel layout that goes with
// them.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "campaign/categorical_encoding_kind.hpp"
#include "campaign/descriptor_encoding.hpp"
#include "gp/kernel.hpp"
#include "space/design_space.hpp"

namespace bosim {

/// Encodes rows of DesignSpace::to_unit() for the GP. Continuous (and integer) features come first,
/// unchanged, one length scale each; then, per categorical variable with at least two levels (one
/// level carries no information and is left out), its level's code row (one_hot_codes or
/// descriptor_codes), or for "overlap" its level index in a trailing overlap column. The level index
/// of a categorical unit value u is round(u (L − 1)). A space without categorical features is
/// encoded as itself (is_identity), so continuous studies are unchanged bit for bit.
class InputEncoder {
 public:
  /// descriptors is required (non-null) when encoding is descriptors and the space has a categorical
  /// feature; descriptor errors are reported at descriptors_where.
  InputEncoder(const DesignSpace& space, CategoricalEncoding encoding, const DescriptorTable* descriptors,
               const SourcePosition& descriptors_where = {});

  bool is_identity() const { return identity_; }
  const KernelLayout& layout() const { return layout_; }
  Eigen::Index encoded_dimension() const { return width_; }

  /// The encoded rows of unit (n × D) into out (n × encoded_dimension()).
  void encode(const Eigen::MatrixXd& unit, Eigen::MatrixXd& out) const;
  /// unit itself when is_identity(), else buffer holding its encoding.
  const Eigen::MatrixXd& encoded(const Eigen::MatrixXd& unit, Eigen::MatrixXd& buffer) const {
    if (identity_) return unit;
    encode(unit, buffer);
    return buffer;
  }

 private:
  /// One categorical variable: its column in the unit designs and its codes (levels × width; empty for overlap).
  struct Variable {
    Eigen::Index feature;
    Eigen::Index levels;
    Eigen::MatrixXd codes;
  };

  bool identity_ = true;
  std::vector<Eigen::Index> continuous_;
  std::vector<Variable> variables_;
  bool overlap_ = false;
  Eigen::Index width_ = 0;
  KernelLayout layout_;
};

}  // namespace bosim
