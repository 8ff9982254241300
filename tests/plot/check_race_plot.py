"""Test of bosim-plot's race figure on a raced study.

    check_race_plot.py BOSIM PLOT_SOURCE_DIR RESULTS OUT_DIR

The summary marks the race's eliminated settings (configs[].race_eliminated) and recommends none of them (nor
makes one an acquisition's best in acquisition_comparison). The figure and its caption are written; the drawn values (read back from the matplotlib artists) equal the summary
JSON's race member (settings left after each round, runs spent, the study without racing); a perturbed summary is
caught, so the check can fail; a study without racing is skipped with a reason.
"""

import json
import os
import subprocess
import sys


def summary(bosim, results):
    result = subprocess.run([bosim, "summary", results, "--format", "json"], capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        raise SystemExit(f"bosim summary failed ({result.returncode}): {result.stderr}")
    return json.loads(result.stdout)


def expected(race, gid):
    rounds = race["rounds"]
    if gid == "race:left":
        return [0] + [r["repeats"] for r in rounds], [rounds[0]["racing"]] + [r["left"] for r in rounds]
    if gid == "race:runs":
        return [0] + [r["repeats"] for r in rounds], [0] + [r["runs"] for r in rounds]
    return [0, race["max_repeats"]], [0, race["full_runs"]]


def mismatches(figure, race):
    found, failures = set(), []
    for artist in figure.findobj(lambda a: bool(a.get_gid())):
        gid = artist.get_gid()
        found.add(gid)
        x, y = expected(race, gid)
        if list(map(float, artist.get_xdata())) != list(map(float, x)) or \
                list(map(float, artist.get_ydata())) != list(map(float, y)):
            failures.append(f"{gid}: drawn {list(artist.get_ydata())}, summary {y}")
    missing = {"race:left", "race:runs", "race:full"} - found
    return failures + [f"{gid} not drawn" for gid in sorted(missing)]


def recommendation_problems(document):
    """`--recommend` is race-aware: eliminated settings are marked and never recommended or an acquisition's best."""
    eliminated = {c["config_id"] for c in document["race"]["configurations"] if c["outcome"] == "eliminated"}
    problems = []
    if not eliminated:
        problems.append("the race eliminated nothing: the race-aware recommendation is not exercised")
    for config in document["configs"]:
        if config["race_eliminated"] != (config["config_id"] in eliminated):
            problems.append(f"configs[] config {config['config_id']}: race_eliminated {config['race_eliminated']}")
    chosen = [r["config_id"] for r in document["recommendations"]]
    chosen += [c["config_id"] for c in document["acquisition_comparison"]["comparisons"]]
    problems += [f"config {c} was eliminated by the race but is recommended" for c in chosen if c in eliminated]
    for recommendation in document["recommendations"]:
        for comparison in recommendation["comparisons"]:
            if comparison["race_eliminated"] and comparison["not_significantly_worse"]:
                problems.append(f"config {comparison['config_id']}: eliminated yet not significantly worse")
    return problems


def main(bosim, source_dir, results, out_dir):
    sys.path.insert(0, source_dir)
    import matplotlib

    matplotlib.use("Agg")
    import figures

    document = summary(bosim, results)
    failures = []
    race = document.get("race")
    if not race or race["runs"] >= race["full_runs"]:
        failures.append(f"the race eliminated nothing or is missing: {race}")
    failures += recommendation_problems(document)
    drawn, skipped = figures.make_figures(document, ["race"], "iterations")
    if skipped or len(drawn) != 1:
        return failures + [f"race figure not drawn: {[s.reason for s in skipped]}"]
    failures += mismatches(drawn[0].figure, race)
    perturbed = json.loads(json.dumps(race))
    perturbed["rounds"][-1]["runs"] += 1
    if not mismatches(drawn[0].figure, perturbed):
        failures.append("a perturbed runs count went unnoticed: the check cannot fail")
    os.makedirs(out_dir, exist_ok=True)
    drawn[0].figure.savefig(os.path.join(out_dir, "race.png"), dpi=100)
    if f"{race['runs']} of {race['full_runs']}" not in drawn[0].caption:
        failures.append(f"caption does not state the runs spent: {drawn[0].caption}")
    without = dict(document, race=None)
    _, skipped = figures.make_figures(without, ["race"], "iterations")
    if not skipped or "no [racing]" not in skipped[0].reason:
        failures.append("a study without racing is not skipped with a reason")
    return failures


if __name__ == "__main__":
    problems = main(*sys.argv[1:5])
    for problem in problems:
        print("FAIL:", problem)
    sys.exit(1 if problems else 0)
