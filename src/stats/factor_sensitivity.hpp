// Factor sensitivity: the share of an outcome's variance explained by one factor's main effect.
#pragma once

#include <string>
#include <vector>

namespace bosim {

/// First-order main-effect share of a factor over runs, S = Var(E[Y | level]) / Var(Y): the correlation
/// ratio η² (Pearson 1905), which is the first-order Sobol index S_i = V_i / V (Sobol 1993, Math. Model.
/// Comput. Exp. 1:407) estimated over a sweep grid. Both variances are population variances over the runs;
/// E[Y | level] is the mean outcome of the runs at that level. `levels[r]` is run r's factor value as text.
/// Returns 0 when Var(Y) = 0, NaN when there are no outcomes.
double main_effect_share(const std::vector<double>& outcomes, const std::vector<std::string>& levels);

}  // namespace bosim
