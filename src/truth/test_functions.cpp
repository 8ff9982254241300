// Test functions: formulas, domains and tabulated minima.
#include "truth/test_functions.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace bosim {
namespace {

constexpr double pi = std::numbers::pi;

/// Branin–Hoo: f = a(x₂ − b x₁² + c x₁ − r)² + s(1 − t) cos x₁ + s with a = 1,
/// b = 5.1/(4π²), c = 5/π, r = 6, s = 10, t = 1/(8π); x₁ ∈ [−5, 10], x₂ ∈ [0, 15];
/// f* = 0.397887 at (−π, 12.275), (π, 2.275), (9.42478, 2.475).
double branin(const Eigen::RowVectorXd& x) {
  const double b = 5.1 / (4.0 * pi * pi), c = 5.0 / pi, t = 1.0 / (8.0 * pi);
  const double bracket = x[1] - b * x[0] * x[0] + c * x[0] - 6.0;
  return bracket * bracket + 10.0 * (1.0 - t) * std::cos(x[0]) + 10.0;
}

/// Hartmann: f = −Σ_{i=1}^{4} α_i exp(−Σ_j A_ij (x_j − P_ij)²) on [0, 1]^D.
template <int D>
double hartmann(const Eigen::RowVectorXd& x, const double (&a)[4][D], const double (&p)[4][D]) {
  constexpr double alpha[4] = {1.0, 1.2, 3.0, 3.2};
  double sum = 0.0;
  for (int i = 0; i < 4; ++i) {
    double exponent = 0.0;
    for (int j = 0; j < D; ++j) exponent += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j]);
    sum += alpha[i] * std::exp(-exponent);
  }
  return -sum;
}

constexpr double hartmann3_a[4][3] = {{3.0, 10.0, 30.0}, {0.1, 10.0, 35.0}, {3.0, 10.0, 30.0}, {0.1, 10.0, 35.0}};
constexpr double hartmann3_p[4][3] = {
    {0.3689, 0.1170, 0.2673}, {0.4699, 0.4387, 0.7470}, {0.1091, 0.8732, 0.5547}, {0.0381, 0.5743, 0.8828}};
constexpr double hartmann6_a[4][6] = {{10.0, 3.0, 17.0, 3.5, 1.7, 8.0},
                                      {0.05, 10.0, 17.0, 0.1, 8.0, 14.0},
                                      {3.0, 3.5, 1.7, 10.0, 17.0, 8.0},
                                      {17.0, 8.0, 0.05, 10.0, 0.1, 14.0}};
constexpr double hartmann6_p[4][6] = {{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
                                      {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
                                      {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
                                      {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};

/// Ackley: f = −20 exp(−0.2 √(Σx²/D)) − exp(Σ cos(2πx)/D) + 20 + e on [−32.768, 32.768]^D; f* = 0 at 0.
double ackley(const Eigen::RowVectorXd& x) {
  const double d = static_cast<double>(x.size());
  const double squares = x.squaredNorm() / d;
  const double cosines = (2.0 * pi * x.array()).cos().sum() / d;
  return -20.0 * std::exp(-0.2 * std::sqrt(squares)) - std::exp(cosines) + 20.0 + std::numbers::e;
}

/// Rosenbrock: f = Σ_{i=1}^{D−1} [100(x_{i+1} − x_i²)² + (x_i − 1)²] on [−5, 10]^D; f* = 0 at (1, …, 1).
double rosenbrock(const Eigen::RowVectorXd& x) {
  double sum = 0.0;
  for (Eigen::Index i = 0; i + 1 < x.size(); ++i)
    sum += 100.0 * std::pow(x[i + 1] - x[i] * x[i], 2) + (x[i] - 1.0) * (x[i] - 1.0);
  return sum;
}

}  // namespace

std::string to_string(TestFunctionKind kind) {
  switch (kind) {
    case TestFunctionKind::branin:
      return "branin";
    case TestFunctionKind::hartmann3:
      return "hartmann3";
    case TestFunctionKind::hartmann6:
      return "hartmann6";
    case TestFunctionKind::ackley:
      return "ackley";
    case TestFunctionKind::rosenbrock:
      return "rosenbrock";
  }
  return "?";
}

std::vector<std::string> test_function_names() { return {"branin", "hartmann3", "hartmann6", "ackley", "rosenbrock"}; }

bool parse_test_function_kind(const std::string& name, TestFunctionKind& kind) {
  for (TestFunctionKind candidate : {TestFunctionKind::branin, TestFunctionKind::hartmann3, TestFunctionKind::hartmann6,
                                     TestFunctionKind::ackley, TestFunctionKind::rosenbrock})
    if (to_string(candidate) == name) {
      kind = candidate;
      return true;
    }
  return false;
}

bool TestFunction::dimension_is_configurable(TestFunctionKind kind) {
  return kind == TestFunctionKind::ackley || kind == TestFunctionKind::rosenbrock;
}

int TestFunction::default_dimension(TestFunctionKind kind) {
  switch (kind) {
    case TestFunctionKind::hartmann3:
      return 3;
    case TestFunctionKind::hartmann6:
      return 6;
    default:
      return 2;
  }
}

TestFunction TestFunction::make(TestFunctionKind kind, int dimension) {
  TestFunction function;
  function.kind = kind;
  function.dimension = dimension == 0 ? default_dimension(kind) : dimension;
  if (!dimension_is_configurable(kind) && function.dimension != default_dimension(kind))
    throw std::invalid_argument(to_string(kind) + " has dimension " + std::to_string(default_dimension(kind)));
  const int smallest = kind == TestFunctionKind::rosenbrock ? 2 : 1;
  if (function.dimension < smallest || function.dimension > 1000)
    throw std::invalid_argument(to_string(kind) + " needs a dimension between " + std::to_string(smallest) +
                                " and 1000");
  return function;
}

double TestFunction::operator()(const Eigen::RowVectorXd& x) const {
  if (x.size() != dimension)
    throw std::invalid_argument(to_string(kind) + ": point has " + std::to_string(x.size()) +
                                " coordinates, expected " + std::to_string(dimension));
  switch (kind) {
    case TestFunctionKind::branin:
      return branin(x);
    case TestFunctionKind::hartmann3:
      return hartmann<3>(x, hartmann3_a, hartmann3_p);
    case TestFunctionKind::hartmann6:
      return hartmann<6>(x, hartmann6_a, hartmann6_p);
    case TestFunctionKind::ackley:
      return ackley(x);
    case TestFunctionKind::rosenbrock:
      return rosenbrock(x);
  }
  return 0.0;
}

std::vector<std::pair<double, double>> TestFunction::domain() const {
  const auto d = static_cast<size_t>(dimension);
  switch (kind) {
    case TestFunctionKind::branin:
      return {{-5.0, 10.0}, {0.0, 15.0}};
    case TestFunctionKind::hartmann3:
    case TestFunctionKind::hartmann6:
      return std::vector<std::pair<double, double>>(d, {0.0, 1.0});
    case TestFunctionKind::ackley:
      return std::vector<std::pair<double, double>>(d, {-32.768, 32.768});
    case TestFunctionKind::rosenbrock:
      return std::vector<std::pair<double, double>>(d, {-5.0, 10.0});
  }
  return {};
}

double TestFunction::minimum() const {
  switch (kind) {
    case TestFunctionKind::branin:
      return 0.397887357729738;  // 5/(4π): the value at (π, 2.275)
    case TestFunctionKind::hartmann3:
      return -3.86278;
    case TestFunctionKind::hartmann6:
      return -3.32237;
    case TestFunctionKind::ackley:
    case TestFunctionKind::rosenbrock:
      return 0.0;
  }
  return 0.0;
}

std::vector<Eigen::RowVectorXd> TestFunction::minimizers() const {
  auto point = [](std::initializer_list<double> values) {
    Eigen::RowVectorXd x(static_cast<Eigen::Index>(values.size()));
    Eigen::Index i = 0;
    for (double value : values) x[i++] = value;
    return x;
  };
  switch (kind) {
    case TestFunctionKind::branin:
      return {point({-pi, 12.275}), point({pi, 2.275}), point({3.0 * pi, 2.475})};
    case TestFunctionKind::hartmann3:
      return {point({0.114614, 0.555649, 0.852547})};
    case TestFunctionKind::hartmann6:
      return {point({0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573})};
    case TestFunctionKind::ackley:
      return {Eigen::RowVectorXd::Zero(dimension)};
    case TestFunctionKind::rosenbrock:
      return {Eigen::RowVectorXd::Ones(dimension)};
  }
  return {};
}

}  // namespace bosim
