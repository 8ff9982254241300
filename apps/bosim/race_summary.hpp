// The race of a raced study in `bosim summary`: a text section and the JSON member "race" (docs/metrics.md).
#pragma once

#include <optional>

#include "analysis/study_analysis.hpp"
#include "json_writer.hpp"
#include "racing/race_report.hpp"
#include "results/results_file.hpp"

namespace bosim::cli {

/// "race: …" with one row per configuration (outcome, round, repeats run, Holm-adjusted p) and one per round,
/// and a note for every acquisition whose recommended setting (lowest ERT over the repeats it ran) left the race
/// early: eliminated or equivalent settings ran fewer repeats, so the race's best is named beside it.
void print_race(const ResultsSummaryView& view, const RaceReport& race, const StudyAnalysis& analysis);

/// Writes the "race" member: null for a study without racing.
void write_race_json(JsonWriter& json, const ResultsSummaryView& view, const std::optional<RaceReport>& race);

}  // namespace bosim::cli
