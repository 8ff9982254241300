#include "race_summary.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <numeric>
#include <tuple>

#include "analysis/config_table.hpp"
#include "text_table.hpp"

namespace bosim::cli {

namespace {

/// Settings text of a configuration by id ("acquisition=ei delta=30"), over the parameters that vary in the study.
std::string settings_of(const ResultsSummaryView& view, std::uint32_t config_id) {
  const auto found = std::find(view.config_ids.begin(), view.config_ids.end(), config_id);
  if (found == view.config_ids.end()) return "";
  std::vector<std::size_t> rows(view.config_ids.size());
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  return settings_text(view, static_cast<std::size_t>(found - view.config_ids.begin()),
                       varying_columns(view, rows, true));
}

std::uint64_t runs_spent(const RaceReport& race) {
  std::uint64_t runs = 0;
  for (const RacedConfiguration& raced : race.configurations) runs += raced.repeats;
  return runs;
}

/// Display order: best, survived, equivalent, eliminated; later rounds first; then config_id.
std::vector<const RacedConfiguration*> display_order(const RaceReport& race) {
  std::vector<const RacedConfiguration*> order;
  for (const RacedConfiguration& raced : race.configurations) order.push_back(&raced);
  std::stable_sort(order.begin(), order.end(), [](const RacedConfiguration* a, const RacedConfiguration* b) {
    return std::make_tuple(a->outcome, -static_cast<long long>(a->round), a->config_id) <
           std::make_tuple(b->outcome, -static_cast<long long>(b->round), b->config_id);
  });
  return order;
}

std::string fixed(double value, int decimals) {
  if (std::isnan(value)) return "-";
  if (std::isinf(value)) return value > 0 ? "+inf" : "-inf";
  char text[32];
  std::snprintf(text, sizeof text, "%+.*f", decimals, value);
  return text;
}

/// "[-0.5, +1.0]", appended piece by piece (GCC 12 reports a false -Wrestrict on chained + here).
std::string interval_text(const RacedConfiguration& raced) {
  if (std::isnan(raced.difference_low)) return "-";
  std::string text = "[";
  text.append(fixed(raced.difference_low, 1)).append(", ").append(fixed(raced.difference_high, 1)).append("]");
  return text;
}

std::string p_cell(double p) {
  if (std::isnan(p)) return "-";
  return p < 0.001 ? "<0.001" : format_number(p, 3);
}

std::string settings_line(const RaceReport& race) {
  const RacingSettings& s = race.settings;
  std::string line = "first round " + std::to_string(s.first_round) + " repeats, then " + std::to_string(s.round) +
                     " per round up to " + std::to_string(s.max_repeats) + "; eliminated when worse than the best " +
                     (s.scope == RaceScope::all ? "of the study" : "of its acquisition") +
                     " (one-sided paired Wilcoxon, Holm, alpha = " + format_number(s.alpha) + ")";
  if (s.equivalence > 0.0)
    line += "; equivalent when the " + format_number(100.0 * (1.0 - 2.0 * s.alpha)) +
            "% Hodges-Lehmann CI of the paired difference lies within +-" + format_number(s.equivalence) +
            " experiments";
  return line;
}

}  // namespace

/// Notes where a recommendation (by ERT over the repeats run) is not a setting the race kept to its end.
void print_recommendation_notes(const RaceReport& race, const StudyAnalysis& analysis) {
  const auto raced = [&](std::uint32_t config_id) -> const RacedConfiguration* {
    for (const RacedConfiguration& entry : race.configurations)
      if (entry.config_id == config_id) return &entry;
    return nullptr;
  };
  for (const Recommendation& recommendation : analysis.recommendations) {
    const ConfigMetrics& chosen = analysis.configs[recommendation.best_row];
    const RacedConfiguration* entry = raced(chosen.config_id);
    if (entry == nullptr || entry->outcome == RaceOutcome::best || entry->outcome == RaceOutcome::survived) continue;
    std::string best;
    for (const RacedConfiguration& other : race.configurations) {
      const auto row = std::find_if(analysis.configs.begin(), analysis.configs.end(),
                                    [&](const ConfigMetrics& c) { return c.config_id == other.config_id; });
      if (other.outcome == RaceOutcome::best && row != analysis.configs.end() &&
          row->acquisition == recommendation.acquisition)
        best = std::to_string(other.config_id);
    }
    std::cout << "note: the lowest ERT of " << recommendation.acquisition << " (config " << chosen.config_id
              << ") rests on the " << entry->repeats << " repeats it ran before it was " << to_string(entry->outcome)
              << " in round " << entry->round << (best.empty() ? "" : "; the race's best is config " + best) << "\n";
  }
}

void print_race(const ResultsSummaryView& view, const RaceReport& race, const StudyAnalysis& analysis) {
  const std::uint64_t runs = runs_spent(race);
  std::cout << "\nrace: " << settings_line(race) << "\n"
            << race.rounds.size() << " rounds, " << runs << " of " << race.full_runs << " runs ("
            << format_number(
                   100.0 * static_cast<double>(runs) / static_cast<double>(std::max<std::uint64_t>(race.full_runs, 1)),
                   3)
            << "% of the study without racing); eliminated and equivalent settings ran fewer repeats, so their "
               "statistics above rest on those\n\n";
  const bool with_margin = race.settings.equivalence > 0.0;
  std::vector<std::string> header{"config", "setting", "repeats", "outcome", "round", "p (Holm)"};
  if (with_margin) header.push_back("difference CI");
  TextTable table(header);
  for (const RacedConfiguration* raced : display_order(race)) {
    std::vector<std::string> row{std::to_string(raced->config_id), settings_of(view, raced->config_id),
                                 std::to_string(raced->repeats),   to_string(raced->outcome),
                                 std::to_string(raced->round),     p_cell(raced->p_value)};
    if (with_margin) row.push_back(interval_text(*raced));
    table.add_row(row);
  }
  std::cout << table.render();
  TextTable rounds({"round", "repeats", "racing", "left", "runs so far"});
  for (const RaceRound& round : race.rounds)
    rounds.add_row({std::to_string(round.round), std::to_string(round.repeats), std::to_string(round.racing),
                    std::to_string(round.left), std::to_string(round.runs)});
  std::cout << "\nrounds: repeats per racing setting once the round ended, settings that ran in it, settings still "
               "racing after its decision, runs spent so far\n\n"
            << rounds.render();
  print_recommendation_notes(race, analysis);
}

void write_race_json(JsonWriter& json, const ResultsSummaryView& view, const std::optional<RaceReport>& race) {
  json.key("race");
  if (!race) {
    json.value(std::nan(""));  // null
    return;
  }
  using Count = long long;
  const RacingSettings& s = race->settings;
  json.begin_object();
  json.key("first_round").value(static_cast<Count>(s.first_round)).key("round").value(static_cast<Count>(s.round));
  json.key("max_repeats").value(static_cast<Count>(s.max_repeats)).key("alpha").value(s.alpha);
  json.key("scope").value(to_string(s.scope));
  json.key("equivalence").value(s.equivalence > 0.0 ? s.equivalence : std::nan(""));
  json.key("runs").value(static_cast<Count>(runs_spent(*race)));
  json.key("full_runs").value(static_cast<Count>(race->full_runs));
  json.key("configurations").begin_array();
  for (const RacedConfiguration& raced : race->configurations) {
    json.begin_object().key("config_id").value(static_cast<Count>(raced.config_id));
    json.key("settings").value(settings_of(view, raced.config_id));
    json.key("repeats").value(static_cast<Count>(raced.repeats)).key("outcome").value(to_string(raced.outcome));
    json.key("round").value(static_cast<Count>(raced.round)).key("holm_adjusted_p").value(raced.p_value);
    json.key("difference_low").value(raced.difference_low).key("difference_high").value(raced.difference_high);
    json.end_object();
  }
  json.end_array();
  json.key("rounds").begin_array();
  for (const RaceRound& round : race->rounds) {
    json.begin_object().key("round").value(static_cast<Count>(round.round));
    json.key("repeats").value(static_cast<Count>(round.repeats)).key("racing").value(static_cast<Count>(round.racing));
    json.key("left").value(static_cast<Count>(round.left)).key("runs").value(static_cast<Count>(round.runs));
    json.end_object();
  }
  json.end_array();
  json.end_object();
}

}  // namespace bosim::cli
