"""Runs the pandas snippet of README.md ("Results file (HDF5)") on a budget study's results and checks it:
text columns are str (not bytes), and the means per (acquisition, delta) are over the runs that found the
optimum only (a -1 "not found" row averaged in would lower them), with the success rate beside them.
Expected values are computed here from the raw arrays with h5py and numpy, independently of pandas.

  python3 check_readme_snippet.py README.md RESULTS.h5
"""

import math
import os
import re
import sys
import tempfile

import h5py
import numpy as np


def readme_snippet(readme_path):
    """The first ```python block after the heading "## Results file"."""
    with open(readme_path, encoding="utf-8") as f:
        text = f.read()
    section = text.split("## Results file", 1)
    if len(section) != 2:
        raise SystemExit(f"{readme_path}: no '## Results file' section")
    match = re.search(r"```python\n(.*?)```", section[1], re.DOTALL)
    if not match:
        raise SystemExit(f"{readme_path}: no python block in the results-file section")
    return match.group(1)


def expected_groups(results):
    """(acquisition, delta) -> (runs, success rate, mean experiments over the runs that found the optimum)."""
    with h5py.File(results) as f:
        runs = f["runs"][:]
        configs = f["configs"][:]
    key_of = {int(c["config_id"]): (c["acquisition"].decode(), float(c["delta"])) for c in configs}
    groups = {}
    for run in runs:
        groups.setdefault(key_of[int(run["config_id"])], []).append((bool(run["found"]), int(run["experiments_to_optimum"])))
    expected = {}
    for key, values in groups.items():
        found = [e for ok, e in values if ok]
        expected[key] = (len(values), len(found) / len(values), float(np.mean(found)) if found else math.nan)
    return expected


def main(readme_path, results):
    failures = []
    expected = expected_groups(os.path.abspath(results))
    misses = sum(1 for runs, rate, _ in expected.values() if rate < 1)
    if misses == 0:
        raise SystemExit("the budget study has no run that missed the optimum; the check would prove nothing")

    snippet = readme_snippet(readme_path)
    namespace = {}
    with tempfile.TemporaryDirectory() as folder:
        os.symlink(os.path.abspath(results), os.path.join(folder, "results.h5"))
        previous = os.getcwd()
        os.chdir(folder)
        try:
            exec(compile(snippet, "README.md snippet", "exec"), namespace)
        finally:
            os.chdir(previous)

    for name in ("runs", "configs"):
        frame = namespace[name]
        for column in frame.columns:
            if frame[column].map(lambda value: isinstance(value, bytes)).any():
                failures.append(f"{name}.{column} holds bytes, not str")
    if not (namespace["configs"]["acquisition"].map(type) == str).all():
        failures.append("configs.acquisition is not str")

    means = namespace["means"]
    if len(means) != len(expected):
        failures.append(f"snippet has {len(means)} groups, expected {len(expected)}")
    for (acquisition, delta), (runs, rate, mean) in expected.items():
        try:
            row = means.loc[(acquisition, delta)]
        except KeyError:
            failures.append(f"no row for ({acquisition}, {delta})")
            continue
        if int(row["runs"]) != runs:
            failures.append(f"({acquisition}, {delta}): runs {row['runs']}, expected {runs}")
        if abs(float(row["success_rate"]) - rate) > 1e-12:
            failures.append(f"({acquisition}, {delta}): success rate {row['success_rate']}, expected {rate}")
        got = float(row["mean"])
        if not (math.isnan(got) and math.isnan(mean)) and not abs(got - mean) <= 1e-9 * max(1.0, abs(mean)):
            failures.append(f"({acquisition}, {delta}): mean {got}, expected {mean} (over the runs that found it)")
    print(means)
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
