// `bosim summary --format json`: the whole analysis as one JSON document (schema: docs/metrics.md, "JSON output").
#pragma once

#include <optional>
#include <string>

#include "analysis/study_analysis.hpp"
#include "racing/race_report.hpp"
#include "results/results_file.hpp"

namespace bosim::cli {

/// Name and version of the JSON layout; bump when a field changes meaning or disappears.
inline constexpr const char* summary_json_schema = "bosim-summary/2";

/// The ranking rule, as the text output and the JSON state it.
inline constexpr const char* ranking_description =
    "expected running time ERT = experiments spent by all runs (unsuccessful runs counted at what they spent) / "
    "runs that found the optimum (Hansen et al. 2021, COCO); infinite with no success; ties: higher success "
    "rate, then lower config id; failed runs (status failed) are excluded";

/// One line on whether top-k % curves mean anything: only when campaigns continued past the optimum.
std::string top_k_note(const StudyAnalysis& analysis);

/// The JSON document of a study's analysis.
/// With `race` (a raced study's /racing), the member "race" describes it; it is null otherwise.
std::string summary_json(const ResultsSummaryView& view, const RunDataView& runs, const StudyAnalysis& analysis,
                         const AnalysisOptions& options, const std::optional<RaceReport>& race = std::nullopt);

}  // namespace bosim::cli
