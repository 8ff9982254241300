// Factor sensitivity: shares of an outcome's variance explained by one factor's main effect or two factors'
// interaction.
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

/// Second-order (interaction) share of two factors A and B, the second-order Sobol index
/// S_AB = [Var(E[Y | a, b]) − Var(E[Y | a]) − Var(E[Y | b])] / Var(Y) (Saltelli et al. 2008, Global
/// Sensitivity Analysis: The Primer, §1.2.8), i.e. η²(A×B) − η²(A) − η²(B) with the same estimator as
/// main_effect_share. Exact for a balanced crossed grid (every (a, b) with the same number of runs);
/// on an unbalanced grid it can be slightly negative. Returns 0 when Var(Y) = 0.
double interaction_share(const std::vector<double>& outcomes, const std::vector<std::string>& first_levels,
                         const std::vector<std::string>& second_levels);

/// Equal-count bins of continuous values (e.g. hyperparameters drawn per run) as factor levels: the values are
/// ranked (ties broken by input order) and the run of rank i (0-based) of n goes to bin ⌊i · bins / n⌋, labelled
/// "q1" … "q<bins>" (q1 = smallest values). The main-effect share of such a binned factor is biased upward by
/// about (bins − 1)/(n − 1) when the factor has no effect (the expected η² of pure noise; Kelley 1935).
std::vector<std::string> quantile_bins(const std::vector<double>& values, std::size_t bins);

}  // namespace bosim
