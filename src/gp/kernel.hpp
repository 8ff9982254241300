// Kernel: stationary covariance functions (squared exponential, Matérn 5/2; ARD or isotropic) over unit-scaled inputs.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

namespace bosim {

/// Covariance families. With r² = Σ_d (x_d − x'_d)² / ℓ_d² (one ℓ for all d when isotropic):
///   squared exponential: k = σ_f² exp(−r²/2)                       (Rasmussen & Williams 2006, Eq. 4.9;
///                                                                     reference study Eq. 4 with ARD)
///   Matérn 5/2:          k = σ_f² (1 + √5 r + 5r²/3) exp(−√5 r)     (Rasmussen & Williams 2006, Eq. 4.17)
enum class KernelKind { squared_exponential_ard, squared_exponential, matern52_ard, matern52 };

/// Every kernel kind, in the order of the study-file names below (the one name table derives from it).
const std::vector<KernelKind>& all_kernel_kinds();
/// Study-file names of all_kernel_kinds(): "se-ard", "se", "matern52-ard", "matern52".
std::vector<std::string> kernel_kind_names();
/// Study-file names: "se-ard", "se", "matern52-ard", "matern52".
std::string to_string(KernelKind kind);
/// Parses a study-file name; false when unknown.
bool parse_kernel_kind(const std::string& name, KernelKind& kind);

/// Box bounds of the hyperparameters, in natural (not log) units, on
/// standardized targets. Defaults match common practice (and the peer).
struct HyperparameterBounds {
  double lengthscale_min = 1e-2;
  double lengthscale_max = 1e2;
  double signal_variance_min = 1e-3;
  double signal_variance_max = 1e3;
  double noise_variance_min = 1e-6;
  double noise_variance_max = 1.0;
};

/// Which length scale each input column uses (categorical encodings, gp/categorical_encoding.hpp).
/// The first distance_groups.size() columns enter r²; column d (ARD kernels) is scaled by length
/// scale distance_groups[d] ∈ [0, group_count), so several columns may share one (the one-hot
/// columns of one variable). The last overlap_columns columns hold category indices compared for
/// equality, each with its own ℓ (gp/overlap_kernel.hpp). The default layout of D inputs has
/// groups 0 … D−1 and no overlap columns.
struct KernelLayout {
  std::vector<Eigen::Index> distance_groups;
  Eigen::Index group_count = 0;
  Eigen::Index overlap_columns = 0;

  static KernelLayout plain(Eigen::Index dimension);
};

/// A kernel together with the layout of its log-hyperparameter vector
///   θ = [log ℓ_1, …, log ℓ_L, log ℓ^c_1, …, log ℓ^c_C, log σ_f², log σ_n²],
/// L = the layout's group count (ARD; D by default) or 1 (isotropic; 0 without distance
/// columns), C = overlap columns (0 by default).
/// σ_n² (Gaussian noise) is part of θ although it is added only on the
/// training diagonal.
class Kernel {
 public:
  Kernel(KernelKind kind, Eigen::Index dimension);
  /// A kernel over encoded inputs; throws std::invalid_argument for an inconsistent layout.
  Kernel(KernelKind kind, KernelLayout layout);

  KernelKind kind() const { return kind_; }
  Eigen::Index dimension() const { return dimension_; }
  const KernelLayout& layout() const { return layout_; }
  bool is_ard() const;
  /// Columns entering r² (all but the overlap columns).
  Eigen::Index distance_dimension() const { return static_cast<Eigen::Index>(layout_.distance_groups.size()); }
  /// Length scales of r²: the group count (ARD) or 1 (isotropic), 0 without distance columns.
  Eigen::Index distance_lengthscale_count() const {
    return distance_dimension() == 0 ? 0 : is_ard() ? layout_.group_count : 1;
  }
  /// The length scale (index into θ) of distance column d.
  Eigen::Index lengthscale_of_column(Eigen::Index d) const {
    return is_ard() ? layout_.distance_groups[static_cast<size_t>(d)] : 0;
  }
  Eigen::Index overlap_columns() const { return layout_.overlap_columns; }
  Eigen::Index lengthscale_count() const { return distance_lengthscale_count() + layout_.overlap_columns; }
  Eigen::Index parameter_count() const { return lengthscale_count() + 2; }
  Eigen::Index signal_index() const { return lengthscale_count(); }
  Eigen::Index noise_index() const { return lengthscale_count() + 1; }

  /// θ at the centre of the usual start: ℓ = 1, σ_f² = 1, σ_n² = 1e-2 (clamped into bounds).
  Eigen::VectorXd default_parameters(const HyperparameterBounds& bounds) const;
  /// Lower and upper bounds of θ (log of the natural bounds).
  void log_bounds(const HyperparameterBounds& bounds, Eigen::VectorXd& lower, Eigen::VectorXd& upper) const;

  /// Noise-free covariance between the rows of a (n_a × D) and b (n_b × D): out is n_a × n_b.
  /// Differences are formed per dimension (no ‖a‖² + ‖b‖² − 2abᵀ cancellation), so
  /// nearly coincident inputs keep an accurate r; out is reused when its size matches.
  void covariance(const Eigen::Ref<const Eigen::MatrixXd>& a, const Eigen::Ref<const Eigen::MatrixXd>& b,
                  const Eigen::VectorXd& theta, Eigen::MatrixXd& out) const;
  /// The same into a caller-sized n_a × n_b view (e.g. the first columns of a reused buffer).
  void covariance_into(const Eigen::Ref<const Eigen::MatrixXd>& a, const Eigen::Ref<const Eigen::MatrixXd>& b,
                       const Eigen::VectorXd& theta, Eigen::Ref<Eigen::MatrixXd> out) const;
  /// Turns squared scaled distances r² (any layout, e.g. a packed triangle)
  /// into covariances k(r), in place. When lengthscale_factor is given it
  /// receives g(r) = −2 ∂k/∂(r²), so that
  ///   ∂k/∂log ℓ_d = g(r) Δ_d² / ℓ_d²   (Δ_d = x_d − x'_d),
  /// which is g = k for the squared exponential and
  /// g = σ_f² (5/3)(1 + √5 r) exp(−√5 r) for Matérn 5/2 (derivative of R&W Eq. 4.17).
  void covariance_from_squared_distance(Eigen::Ref<Eigen::VectorXd> values, double signal_variance,
                                        Eigen::VectorXd* lengthscale_factor) const;
  /// k(x, x) = σ_f² for these stationary kernels.
  double prior_variance(const Eigen::VectorXd& theta) const;

 private:
  KernelKind kind_;
  Eigen::Index dimension_;
  KernelLayout layout_;
};

}  // namespace bosim
