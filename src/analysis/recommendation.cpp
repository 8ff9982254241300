// Recommendations per acquisition and the comparison between acquisitions: ranked by ERT, paired tests.
#include <algorithm>
#include <map>

#include "analysis/analysis_parts.hpp"
#include "analysis/config_table.hpp"

namespace bosim {

namespace {

const std::string random_acquisition = "random";

/// Every row compared with `best_row` by a paired one-sided Wilcoxon test, Holm-corrected over the rows.
std::vector<SettingComparison> compare_with_best(const StudyAnalysis& analysis, const std::vector<std::size_t>& rows,
                                                 std::size_t best_row, const std::vector<std::string>& labels,
                                                 std::size_t repeat_count, double alpha) {
  std::vector<std::vector<double>> samples;
  for (const std::size_t row : rows) samples.push_back(per_repeat_values(analysis.configs[row], repeat_count));
  const std::size_t best = static_cast<std::size_t>(std::find(rows.begin(), rows.end(), best_row) - rows.begin());
  const NotWorseThanBest set = not_worse_than_best(samples, best, alpha);
  std::vector<SettingComparison> comparisons;
  // A setting without a single paired repeat (all its runs failed) is not evidence of anything: not kept.
  for (std::size_t k = 0; k < rows.size(); ++k) {
    SettingComparison& comparison = comparisons.emplace_back();
    comparison.row = rows[k];
    comparison.label = labels[k];
    comparison.comparison = set.comparisons[k];
    // A setting the race eliminated is out of the running whatever its remaining repeats show.
    comparison.not_significantly_worse = std::find(set.members.begin(), set.members.end(), k) != set.members.end() &&
                                         (k == best || set.comparisons[k].test.pairs > 0) &&
                                         !analysis.configs[rows[k]].race_eliminated;
  }
  return comparisons;
}

/// Friedman test over the rows' per-repeat values (blocks = repeats with a run of every row).
FriedmanTest friedman_over(const StudyAnalysis& analysis, const std::vector<std::size_t>& rows,
                           std::size_t repeat_count) {
  std::vector<std::vector<double>> samples;
  for (const std::size_t row : rows) samples.push_back(per_repeat_values(analysis.configs[row], repeat_count));
  return friedman_test(samples);
}

std::size_t best_of(const StudyAnalysis& analysis, const std::vector<std::size_t>& rows) {
  return *std::min_element(rows.begin(), rows.end(),
                           [&](std::size_t a, std::size_t b) { return ranks_before(analysis, a, b); });
}

/// The rows a race did not eliminate and, of those, the ones that raced longest (all of them in a study
/// without racing, where every race_repeats is 0).
std::vector<std::size_t> contenders(const StudyAnalysis& analysis, const std::vector<std::size_t>& rows) {
  std::uint32_t longest = 0;
  for (const std::size_t row : rows)
    if (!analysis.configs[row].race_eliminated) longest = std::max(longest, analysis.configs[row].race_repeats);
  std::vector<std::size_t> kept;
  for (const std::size_t row : rows)
    if (!analysis.configs[row].race_eliminated && analysis.configs[row].race_repeats == longest) kept.push_back(row);
  return kept;
}

/// Rows of each acquisition with fixed hyperparameters (randomized = false) or with hyperparameters drawn per run
/// (randomized = true; a baseline, not a setting).
std::map<std::string, std::vector<std::size_t>> rows_by_acquisition(const ResultsSummaryView& summary,
                                                                    const StudyAnalysis& analysis, bool randomized) {
  std::map<std::string, std::vector<std::size_t>> rows;
  for (const ConfigMetrics& config : analysis.configs)
    if (summary.randomized[config.row].empty() != randomized) rows[config.acquisition].push_back(config.row);
  return rows;
}

/// Each randomized row against the best fixed setting, Holm over the randomized rows.
std::vector<SettingComparison> compare_randomized(const ResultsSummaryView& summary, const StudyAnalysis& analysis,
                                                  const std::vector<std::size_t>& randomized_rows, std::size_t best_row,
                                                  std::size_t repeat_count, double alpha) {
  std::vector<std::size_t> rows{best_row};
  std::vector<std::string> labels{""};
  for (const std::size_t row : randomized_rows) {
    rows.push_back(row);
    labels.push_back(summary.randomized[row]);
  }
  std::vector<SettingComparison> comparisons = compare_with_best(analysis, rows, best_row, labels, repeat_count, alpha);
  comparisons.erase(comparisons.begin());
  // Spread (Fig. 6c's question: does drawing the hyperparameters per run widen the distribution?).
  const std::vector<double> best = per_repeat_spent(analysis.configs[best_row], repeat_count);
  std::vector<double> p_values;
  for (SettingComparison& comparison : comparisons) {
    comparison.has_spread = true;
    comparison.spread = pitman_morgan(per_repeat_spent(analysis.configs[comparison.row], repeat_count), best);
    p_values.push_back(comparison.spread.p_value);
  }
  const std::vector<double> adjusted = holm_adjusted(p_values);
  for (std::size_t k = 0; k < comparisons.size(); ++k) comparisons[k].spread.adjusted_p_value = adjusted[k];
  return comparisons;
}

}  // namespace

std::vector<Recommendation> recommend(const ResultsSummaryView& summary, const StudyAnalysis& analysis,
                                      std::size_t repeat_count, const AnalysisOptions& options) {
  std::vector<Recommendation> recommendations;
  std::map<std::string, std::vector<std::size_t>> randomized = rows_by_acquisition(summary, analysis, true);
  for (const auto& [acquisition, rows] : rows_by_acquisition(summary, analysis, false)) {
    if (acquisition == random_acquisition) continue;
    const std::vector<std::size_t> kept = contenders(analysis, rows);
    if (kept.empty()) continue;  // every setting eliminated by the race: race_eliminated_acquisitions
    Recommendation recommendation;
    recommendation.acquisition = acquisition;
    recommendation.best_row = best_of(analysis, kept);
    recommendation.swept_columns = varying_columns(summary, rows, false);
    std::vector<std::string> labels;
    for (const std::size_t row : rows) labels.push_back(settings_text(summary, row, recommendation.swept_columns));
    recommendation.settings = settings_text(summary, recommendation.best_row, recommendation.swept_columns);
    recommendation.comparisons =
        compare_with_best(analysis, rows, recommendation.best_row, labels, repeat_count, options.alpha);
    recommendation.randomized_comparisons = compare_randomized(summary, analysis, randomized[acquisition],
                                                               recommendation.best_row, repeat_count, options.alpha);
    recommendation.has_friedman = rows.size() >= 2;
    if (recommendation.has_friedman) recommendation.friedman = friedman_over(analysis, rows, repeat_count);
    recommendation.speedup_over_random = analysis.configs[recommendation.best_row].speedup_over_random;
    recommendations.push_back(std::move(recommendation));
  }
  std::stable_sort(recommendations.begin(), recommendations.end(),
                   [&](const auto& a, const auto& b) { return ranks_before(analysis, a.best_row, b.best_row); });
  return recommendations;
}

std::vector<std::string> race_eliminated_acquisitions(const ResultsSummaryView& summary,
                                                      const StudyAnalysis& analysis) {
  std::vector<std::string> eliminated;
  for (const auto& [acquisition, rows] : rows_by_acquisition(summary, analysis, false))
    if (contenders(analysis, rows).empty()) eliminated.push_back(acquisition);
  return eliminated;
}

AcquisitionComparison compare_acquisitions(const ResultsSummaryView& summary, const StudyAnalysis& analysis,
                                           std::size_t repeat_count, const AnalysisOptions& options) {
  AcquisitionComparison result;
  std::vector<std::size_t> rows;
  std::vector<std::string> labels;
  for (const auto& [acquisition, acquisition_rows] : rows_by_acquisition(summary, analysis, false)) {
    const std::vector<std::size_t> kept = contenders(analysis, acquisition_rows);
    if (kept.empty()) continue;
    rows.push_back(best_of(analysis, kept));
    labels.push_back(acquisition);
  }
  if (rows.empty()) return result;
  result.best_row = best_of(analysis, rows);
  result.comparisons = compare_with_best(analysis, rows, result.best_row, labels, repeat_count, options.alpha);
  std::stable_sort(result.comparisons.begin(), result.comparisons.end(),
                   [&](const auto& a, const auto& b) { return ranks_before(analysis, a.row, b.row); });
  result.has_friedman = rows.size() >= 2;
  if (result.has_friedman) result.friedman = friedman_over(analysis, rows, repeat_count);
  return result;
}

}  // namespace bosim
