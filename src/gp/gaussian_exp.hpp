// σ² exp(−v/2) over an array: the squared-exponential kernel's one transcendental step.
#pragma once

#include <Eigen/Core>

namespace bosim {

/// In: values = squared scaled distances r² ≥ 0 (or NaN). Out: values = scale · exp(−r²/2).
///
/// On x86-64-v3 builds with glibc this calls libmvec's 4-lane AVX2 exp (`_ZGVdN4v_exp`, the x86-64
/// vector function ABI): 0.8 ns per value against 1.5 ns for Eigen 3.4's packet exp, within 3 ulp of
/// glibc's scalar exp over [−708, 0] where Eigen's is within 2 (measured; README, Performance:
/// "Register tiles and libmvec's exp"). There, results for r² > 1400 are exactly 0 (exp(−700) ≈ 10⁻³⁰⁴
/// cannot change a sum of O(1) kernel values), because below about −708.4 libmvec leaves its fast path
/// for a scalar one (27 ns per value) that short length scales would take for most entries. Other AVX2
/// builds use Eigen's packet exp, and builds without AVX2 glibc's scalar exp, which there is faster than
/// Eigen's 2-lane SSE2 one; their results below 2.2·10⁻³⁰⁸ are subnormal, which the GP's flush-to-zero
/// mode (flush_subnormals.hpp) reads as 0.
void scaled_gaussian(Eigen::Ref<Eigen::VectorXd> values, double scale);

}  // namespace bosim
