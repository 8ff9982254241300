// MeasuredData: measurements given to a campaign from a file (initial data of this material, prior data of another).
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

namespace bosim {

/// Rows of a CSV of earlier measurements, read with the truth's feature and objective columns.
struct MeasuredData {
  std::string path;
  Eigen::MatrixXd designs;  ///< raw feature values, one row per measurement, in the truth's feature order
  Eigen::VectorXd values;   ///< the measured objective, in the objective's units and sign
  std::vector<int> lines;   ///< 1-based line of each row in the file, for messages
  /// Initial data only: the pool design each row is (exact match of the raw features); empty for prior data.
  std::vector<Eigen::Index> pool_designs;

  Eigen::Index size() const { return values.size(); }
};

}  // namespace bosim
