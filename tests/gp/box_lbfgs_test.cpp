#include "gp/box_lbfgs.hpp"

#include <LBFGSB.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <stdexcept>

namespace bosim {
namespace {

/// f(x) = ½ (x − c)ᵀ A (x − c), counting evaluations and checking that every point is in the box.
class Quadratic final : public DifferentiableFunction {
 public:
  Quadratic(Eigen::MatrixXd a, Eigen::VectorXd c, Eigen::VectorXd lower, Eigen::VectorXd upper)
      : a_(std::move(a)), c_(std::move(c)), lower_(std::move(lower)), upper_(std::move(upper)) {}
  double operator()(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) override {
    ++evaluations;
    outside_box += (x.array() < lower_.array()).any() || (x.array() > upper_.array()).any();
    gradient = a_ * (x - c_);
    return 0.5 * (x - c_).dot(gradient);
  }
  int evaluations = 0, outside_box = 0;

 private:
  Eigen::MatrixXd a_;
  Eigen::VectorXd c_, lower_, upper_;
};

/// The Rosenbrock function in d dimensions, Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)².
class Rosenbrock final : public DifferentiableFunction {
 public:
  double operator()(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) override {
    gradient.setZero(x.size());
    double value = 0.0;
    for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
      const double valley = x(i + 1) - x(i) * x(i), offset = 1.0 - x(i);
      value += 100.0 * valley * valley + offset * offset;
      gradient(i) += -400.0 * valley * x(i) - 2.0 * offset;
      gradient(i + 1) += 200.0 * valley;
    }
    return value;
  }
};

BoxLbfgsSettings tight() {
  BoxLbfgsSettings settings;
  settings.gradient_tolerance = 1e-9;
  settings.relative_improvement_tolerance = 0.0;
  settings.max_iterations = 1000;
  return settings;
}

TEST(BoxLbfgs, MinimizesRosenbrockInsideALooseBox) {
  for (const int dimension : {2, 5}) {
    Rosenbrock rosenbrock;
    Eigen::VectorXd x = Eigen::VectorXd::Constant(dimension, -1.2), lower = Eigen::VectorXd::Constant(dimension, -5.0),
                    upper = Eigen::VectorXd::Constant(dimension, 5.0);
    double value = 0.0;
    BoxLbfgs(tight()).minimize(rosenbrock, x, value, lower, upper);
    EXPECT_LT((x.array() - 1.0).abs().maxCoeff(), 1e-6) << x.transpose();
    EXPECT_LT(value, 1e-12);
  }
}

/// The default settings are LBFGS++'s, whose max_iterations = 0 means no limit; a positive limit stops
/// the solver after exactly that many iterations.
TEST(BoxLbfgs, IterationLimitZeroMeansNoLimit) {
  const BoxLbfgsSettings defaults;
  EXPECT_EQ(defaults.max_iterations, 0);
  Rosenbrock rosenbrock;
  const Eigen::VectorXd lower = Eigen::VectorXd::Constant(2, -5.0), upper = Eigen::VectorXd::Constant(2, 5.0);
  Eigen::VectorXd x = Eigen::VectorXd::Constant(2, -1.2);
  double value = 0.0;
  EXPECT_GT(BoxLbfgs(defaults).minimize(rosenbrock, x, value, lower, upper), 10);
  EXPECT_LT((x.array() - 1.0).abs().maxCoeff(), 1e-3) << x.transpose();

  BoxLbfgsSettings three = defaults;
  three.max_iterations = 3;
  x.setConstant(-1.2);
  EXPECT_EQ(BoxLbfgs(three).minimize(rosenbrock, x, value, lower, upper), 3);
}

/// A coupled convex quadratic whose unconstrained minimizer c lies outside the box in three of
/// its four coordinates; the constrained minimizer is checked against the KKT conditions.
TEST(BoxLbfgs, ReachesTheKktPointOfABoxConstrainedQuadratic) {
  Eigen::MatrixXd a(4, 4);
  a << 4, 1, 0.5, 0, 1, 3, 0.2, 0.1, 0.5, 0.2, 2, 0.3, 0, 0.1, 0.3, 1;
  const Eigen::VectorXd c = (Eigen::VectorXd(4) << 2.0, -3.0, -0.5, 4.0).finished();
  const Eigen::VectorXd lower = Eigen::VectorXd::Constant(4, -1.0), upper = Eigen::VectorXd::Constant(4, 1.0);
  Quadratic quadratic(a, c, lower, upper);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(4), gradient;
  double value = 0.0;
  BoxLbfgs(tight()).minimize(quadratic, x, value, lower, upper);
  quadratic(x, gradient);
  for (Eigen::Index i = 0; i < 4; ++i) {
    if (x(i) <= lower(i))
      EXPECT_GE(gradient(i), 0.0) << i;  // pushed against the lower bound
    else if (x(i) >= upper(i))
      EXPECT_LE(gradient(i), 0.0) << i;
    else
      EXPECT_NEAR(gradient(i), 0.0, 1e-8) << i;
  }
  EXPECT_EQ(x(0), 1.0);
  EXPECT_EQ(x(1), -1.0);
  EXPECT_NEAR(x(2), 0.0, 1e-8);  // the free coordinate: 2 x₂ = 0 with the others at their bounds
  EXPECT_EQ(x(3), 1.0);
  EXPECT_EQ(quadratic.outside_box, 0);
}

/// The same algorithm as LBFGS++'s L-BFGS-B, which holds the model in compact form: from the same
/// starts (one with the second coordinate ending at its lower bound) both stop at the same point
/// in the same number of iterations up to one.
TEST(BoxLbfgs, FollowsLbfgsppOnRosenbrockInABox) {
  const Eigen::VectorXd lower = (Eigen::VectorXd(3) << -2.0, 0.5, -2.0).finished();
  const Eigen::VectorXd upper = (Eigen::VectorXd(3) << 2.0, 2.0, 0.8).finished();
  LBFGSpp::LBFGSBParam<double> parameters;
  parameters.epsilon = parameters.epsilon_rel = 1e-9;
  parameters.max_iterations = 1000;
  parameters.delta = 1e-10;  // LBFGS++'s default relative-improvement stop (with past = 1)
  LBFGSpp::LBFGSBSolver<double> reference(parameters);
  BoxLbfgsSettings settings = tight();
  settings.relative_improvement_tolerance = parameters.delta;
  Rosenbrock rosenbrock;
  std::function<double(const Eigen::VectorXd&, Eigen::VectorXd&)> as_function =
      [&](const Eigen::VectorXd& x, Eigen::VectorXd& gradient) { return rosenbrock(x, gradient); };
  for (const Eigen::VectorXd& start : {Eigen::VectorXd((Eigen::VectorXd(3) << -1.2, 1.0, 0.0).finished()),
                                       Eigen::VectorXd((Eigen::VectorXd(3) << 1.5, 1.9, -1.5).finished())}) {
    Eigen::VectorXd ours = start, theirs = start;
    double our_value = 0.0, their_value = 0.0;
    const int our_iterations = BoxLbfgs(settings).minimize(rosenbrock, ours, our_value, lower, upper);
    const int their_iterations = reference.minimize(as_function, theirs, their_value, lower, upper);
    EXPECT_LT((ours - theirs).cwiseAbs().maxCoeff(), 1e-6) << ours.transpose() << " vs " << theirs.transpose();
    EXPECT_NEAR(our_value, their_value, 1e-10);
    EXPECT_LE(std::abs(our_iterations - their_iterations), 1) << our_iterations << " vs " << their_iterations;
  }
}

TEST(BoxLbfgs, StopsOnTheRelativeImprovementTest) {
  Rosenbrock rosenbrock;
  BoxLbfgsSettings loose = tight();
  loose.relative_improvement_tolerance = 1e-2;
  const Eigen::VectorXd lower = Eigen::VectorXd::Constant(2, -5.0), upper = Eigen::VectorXd::Constant(2, 5.0);
  Eigen::VectorXd loose_x = Eigen::VectorXd::Constant(2, -1.2), tight_x = loose_x;
  double loose_value = 0.0, tight_value = 0.0;
  const int loose_iterations = BoxLbfgs(loose).minimize(rosenbrock, loose_x, loose_value, lower, upper);
  const int tight_iterations = BoxLbfgs(tight()).minimize(rosenbrock, tight_x, tight_value, lower, upper);
  EXPECT_LT(loose_iterations, tight_iterations);
  EXPECT_GT(loose_value, tight_value);
}

TEST(BoxLbfgs, StartOutsideTheBoxIsProjectedAndAStartAtTheOptimumStopsAtOnce) {
  const Eigen::VectorXd lower = Eigen::VectorXd::Constant(2, 0.0), upper = Eigen::VectorXd::Constant(2, 1.0);
  Quadratic quadratic(Eigen::MatrixXd::Identity(2, 2), Eigen::VectorXd::Constant(2, 3.0), lower, upper);
  Eigen::VectorXd x = Eigen::VectorXd::Constant(2, 7.0);
  double value = 0.0;
  EXPECT_EQ(BoxLbfgs(tight()).minimize(quadratic, x, value, lower, upper), 1);
  EXPECT_EQ(x, upper);
  EXPECT_EQ(quadratic.evaluations, 1);
  EXPECT_EQ(value, 4.0);
}

/// A gradient that points the wrong way gives no descent direction: the line search gives up.
TEST(BoxLbfgs, ThrowsWhenTheLineSearchGivesUp) {
  class WrongGradient final : public DifferentiableFunction {
   public:
    double operator()(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) override {
      gradient = -x;  // of −½‖x‖², while the value is ½‖x‖²
      return 0.5 * x.squaredNorm();
    }
  } wrong;
  Eigen::VectorXd x = Eigen::VectorXd::Constant(3, 0.5);
  double value = 0.0;
  EXPECT_THROW(BoxLbfgs(tight()).minimize(wrong, x, value, Eigen::VectorXd::Constant(3, -1.0),
                                          Eigen::VectorXd::Constant(3, 1.0)),
               std::exception);
}

}  // namespace
}  // namespace bosim
