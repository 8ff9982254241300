// Test functions: Branin, Hartmann-3, Hartmann-6, Ackley and Rosenbrock with their standard domains and known minima.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

namespace bosim {

enum class TestFunctionKind { branin, hartmann3, hartmann6, ackley, rosenbrock };

/// Study-file names "branin", "hartmann3", "hartmann6", "ackley", "rosenbrock".
std::string to_string(TestFunctionKind kind);
bool parse_test_function_kind(const std::string& name, TestFunctionKind& kind);
/// Every name, for messages.
std::vector<std::string> test_function_names();

/// A minimization benchmark (definitions, domains and minima as tabulated by
/// Surjanovic & Bingham, "Virtual Library of Simulation Experiments", SFU, and
/// Dixon & Szegő, "Towards Global Optimisation 2", 1978, for Branin and Hartmann).
struct TestFunction {
  TestFunctionKind kind = TestFunctionKind::branin;
  int dimension = 2;

  /// Fixed dimension (2, 3, 6) or, for Ackley and Rosenbrock, the given one (≥ 1, Rosenbrock ≥ 2).
  /// Throws std::invalid_argument for a dimension the function does not allow.
  static TestFunction make(TestFunctionKind kind, int dimension = 0);
  /// The default dimension when none is given: 2, 3, 6, 2, 2.
  static int default_dimension(TestFunctionKind kind);
  static bool dimension_is_configurable(TestFunctionKind kind);

  /// f(x) at one raw point of `dimension` coordinates.
  double operator()(const Eigen::RowVectorXd& x) const;
  /// The standard domain: lower and upper bound of each coordinate.
  std::vector<std::pair<double, double>> domain() const;
  /// The known global minimum value f*.
  double minimum() const;
  /// The known global minimizers (Branin has three).
  std::vector<Eigen::RowVectorXd> minimizers() const;
};

}  // namespace bosim
