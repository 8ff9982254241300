#include "gp/flush_subnormals.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "gp/kernel.hpp"
#include "gp/log_marginal_likelihood.hpp"

namespace bosim {
namespace {

/// Through a volatile, so that the compiler cannot fold the product at compile time.
double times(double a, double b) {
  volatile double left = a;
  volatile double right = b;
  return left * right;
}

#if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__)
TEST(FlushSubnormals, FlushesInsideAndRestoresGradualUnderflowOutside) {
  const double smallest_normal = std::numeric_limits<double>::min();
  const double subnormal = times(smallest_normal, 0.25);
  ASSERT_EQ(std::fpclassify(subnormal), FP_SUBNORMAL);
  ASSERT_FALSE(FlushSubnormals::active());
  {
    const FlushSubnormals outer;
    EXPECT_TRUE(FlushSubnormals::active());
    EXPECT_EQ(times(smallest_normal, 0.25), 0.0);  // flush-to-zero: a subnormal result
    {
      const FlushSubnormals nested;
      EXPECT_EQ(times(subnormal, 1.0), 0.0);  // denormals-are-zero: a subnormal operand
    }
    EXPECT_TRUE(FlushSubnormals::active());  // the nested scope restored the outer mode
  }
  EXPECT_FALSE(FlushSubnormals::active());
  EXPECT_EQ(times(smallest_normal, 0.25), subnormal);
}

TEST(FlushSubnormals, LikelihoodAtShortLengthScalesRestoresTheMode) {
  // ℓ = 10⁻² on points 0.3 apart: every off-diagonal r²/2 is ~450, exp(−450) ≈ 10⁻¹⁹⁶,
  // and its products underflow. The likelihood equals that of a diagonal K_y
  // (σ_f² + σ_n²) I to rounding, and the caller's mode is untouched afterwards.
  const Kernel kernel(KernelKind::squared_exponential_ard, 1);
  Eigen::MatrixXd x(4, 1);
  x << 0.0, 0.3, 0.6, 0.9;
  const Eigen::VectorXd y = (Eigen::VectorXd(4) << 1.0, -0.5, 0.25, -0.75).finished();
  const Eigen::VectorXd theta = (Eigen::VectorXd(3) << std::log(1e-2), 0.0, std::log(1e-2)).finished();
  LmlWorkspace workspace;
  Eigen::VectorXd gradient;
  const double value = log_marginal_likelihood(kernel, x, y, theta, &gradient, workspace);
  const double variance = 1.0 + 1e-2;
  const double expected =
      -0.5 * y.squaredNorm() / variance - 2.0 * std::log(variance) - 2.0 * std::log(2.0 * std::numbers::pi);
  EXPECT_NEAR(value, expected, 1e-12);
  EXPECT_TRUE(gradient.allFinite());
  EXPECT_FALSE(FlushSubnormals::active());
}
#endif

}  // namespace
}  // namespace bosim
