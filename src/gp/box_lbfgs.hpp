// BoxLbfgs: L-BFGS-B for the few hyperparameters of a GP, with the quasi-Newton matrix held dense.
#pragma once

#include <Eigen/Core>
#include <vector>

namespace bosim {

/// A function to minimize: returns f(x) and writes ∇f(x) into gradient (resized by the callee).
class DifferentiableFunction {
 public:
  virtual ~DifferentiableFunction() = default;
  virtual double operator()(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) = 0;
};

/// The solver's settings. The defaults are LBFGS++ 0.1.0's (LBFGSBParam: m, epsilon = epsilon_rel,
/// delta with past = 1, max_iterations, max_linesearch, max_submin), so that BoxLbfgs alone behaves as
/// LBFGS++'s solver does; bosim's fits set every tolerance and limit from FitOptions
/// (gp/hyperparameter_fit.cpp), which holds bosim's own defaults and their reasons.
struct BoxLbfgsSettings {
  int history = 6;  ///< correction pairs (s, y) kept, m
  /// Stop when the projected gradient ‖P(x − ∇f) − x‖∞ is at most this, or at most this · ‖x‖₂.
  double gradient_tolerance = 1e-5;
  /// Stop when one iteration changes f by at most this · max(|f_k|, |f_k−1|, 1).
  double relative_improvement_tolerance = 1e-10;
  int max_iterations = 0;        ///< iterations before stopping; 0: no limit
  int line_search_trials = 20;   ///< Moré–Thuente trials before the line search gives up (throws)
  int subspace_iterations = 10;  ///< BOXCQP iterations before the subspace step falls back to projection
};

/// Minimizes a smooth function over a box by the L-BFGS-B algorithm of Byrd, Lu, Nocedal & Zhu
/// (1995, SIAM J. Sci. Comput. 16:1190): each iteration finds the generalized Cauchy point of the
/// quadratic model m(x) = f + gᵀ(x − x_k) + ½ (x − x_k)ᵀ B (x − x_k) along the projected
/// steepest-descent path (their §4), minimizes m over the variables still free subject to the box
/// exactly by BOXCQP (Voglis & Lagaris 2004), and searches along the resulting direction with the
/// Moré–Thuente line search (Moré & Thuente 1994; LBFGS++'s, which also ends an iteration where
/// the box is reached). This is LBFGS++'s variant of L-BFGS-B step for step, with the same
/// defaults and stopping tests, except that the BOXCQP multipliers λ_L = (B_LF v + c)_L and
/// μ_U = −(B_UF v + c)_U include the θ·v term that LBFGS++ 0.1.0 (Debian 12) omits (fixed upstream
/// in LBFGS++ pull request 25).
///
/// What differs is how B is held. LBFGS++ keeps the compact form B = θI − W M Wᵀ (Byrd, Nocedal &
/// Schnabel 1994, Eq. 3.2) and solves each reduced system through a 2m × 2m factorization, which
/// pays for problems with many variables. A GP has 3–40 hyperparameters, where that bookkeeping
/// and its allocations cost more than the likelihood itself (about 2 µs per evaluation, issue 16).
/// Here B is the d × d matrix obtained from B₀ = θI (θ = yᵀy / sᵀy of the newest pair) by the
/// BFGS updates B ← B − B s sᵀB / (sᵀB s) + y yᵀ / (yᵀs) with the kept pairs, oldest first — the
/// same matrix (Byrd, Nocedal & Schnabel 1994, Theorem 2.3) — and every product with B or solve
/// with a principal submatrix of B is a small dense operation. The two are equal in exact
/// arithmetic; rounding differs, so a fit can take a different path on a flat likelihood.
///
/// The buffers live in the object; after the first call with a given dimension an iteration
/// allocates nothing.
class BoxLbfgs {
 public:
  explicit BoxLbfgs(const BoxLbfgsSettings& settings);

  /// In: x, the start (projected into the box first). Out: x, the last iterate, and fx = f(x).
  /// Returns the iterations used. Throws a std::exception (std::runtime_error, std::logic_error)
  /// when the line search gives up or finds no descent, or when B_FF is not numerically positive
  /// definite; the caller may resume from its best point.
  int minimize(DifferentiableFunction& f, Eigen::VectorXd& x, double& fx, const Eigen::VectorXd& lower,
               const Eigen::VectorXd& upper);

 private:
  void reset(Eigen::Index dimension);
  void add_correction(const Eigen::VectorXd& s, const Eigen::VectorXd& y);
  void add_rank_two(const Eigen::VectorXd& u, const Eigen::VectorXd& w);
  void multiply_model(const Eigen::VectorXd& v, Eigen::VectorXd& product) const;
  bool gradient_converged(const Eigen::VectorXd& x, const Eigen::VectorXd& lower, const Eigen::VectorXd& upper) const;
  bool find_breakpoints(const Eigen::VectorXd& x, const Eigen::VectorXd& lower, const Eigen::VectorXd& upper);
  void cauchy_point(const Eigen::VectorXd& x, const Eigen::VectorXd& lower, const Eigen::VectorXd& upper);
  void subspace_direction(const Eigen::VectorXd& x, const Eigen::VectorXd& lower, const Eigen::VectorXd& upper);
  bool boxcqp(const Eigen::VectorXd& linear, const Eigen::VectorXd& low, const Eigen::VectorXd& high,
              Eigen::VectorXd& step);
  void solve_on(const std::vector<char>& in_set, Eigen::VectorXd& rhs_then_solution);

  BoxLbfgsSettings settings_;
  // The kept correction pairs as s and u = y / √(yᵀs) (columns, a ring of settings_.history) and the
  // dense model matrix B.
  Eigen::MatrixXd pair_s_, pair_u_, model_;
  int pairs_ = 0, newest_ = -1;
  // Iterates and the Cauchy-point / subspace results.
  Eigen::VectorXd gradient_, previous_x_, previous_gradient_, direction_, cauchy_, model_product_, scratch_;
  Eigen::VectorXd linear_, low_, high_, step_, fallback_, lambda_, mu_;  // the subspace problem
  std::vector<char> free_, newly_active_, at_lower_, at_upper_, in_subproblem_;
  std::vector<int> breakpoint_order_;
  Eigen::VectorXd breakpoints_;
  // solve_on's gathered subproblem: the indices S, B_SS and its factor, and r_S.
  std::vector<Eigen::Index> subset_;
  Eigen::MatrixXd subset_factor_;
  Eigen::VectorXd subset_rhs_;
};

}  // namespace bosim
