#!/usr/bin/env python3
"""Exit 0 when two bosim results files hold the same results: /configs, /runs (without
wall_seconds), /run_messages, /trajectories/*, /summary and /truth/* equal value for value
(NaN equal to NaN), and the study attributes equal; otherwise print the differences and exit 1."""
import sys

import h5py
import numpy as np

DATASETS = ["configs", "runs", "run_messages", "trajectories/best_so_far", "trajectories/chosen", "summary",
            "truth/values", "truth/optimal_designs"]
ATTRIBUTES = ["study_name", "seed", "repeats", "study_toml", "input_files", "truth", "objective", "goal",
              "optimum_value", "schema_version"]


def same_array(a, b):
    if a.dtype.names:
        if a.dtype.names != b.dtype.names or a.shape != b.shape:
            return False
        return all(same_array(a[name], b[name]) for name in a.dtype.names if name != "wall_seconds")
    if a.shape != b.shape:
        return False
    if a.dtype.kind == "f":
        return bool(np.array_equal(a, b, equal_nan=True))
    return bool(np.array_equal(a, b))


def main(first_path, second_path):
    problems = []
    with h5py.File(first_path, "r") as first, h5py.File(second_path, "r") as second:
        for name in DATASETS:
            if (name in first) != (name in second):
                problems.append(f"/{name} present in only one file")
            elif name in first and not same_array(first[name][()], second[name][()]):
                problems.append(f"/{name} differs")
        for name in ATTRIBUTES:
            a, b = first.attrs.get(name), second.attrs.get(name)
            if not same_array(np.asarray(a), np.asarray(b)):
                problems.append(f"attribute {name} differs: {a!r} vs {b!r}")
        if "runs" in first and len(first["runs"]) == 0:
            problems.append("/runs is empty")
    for problem in problems:
        print(f"{first_path} vs {second_path}: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: compare_results.py FIRST.h5 SECOND.h5")
    sys.exit(main(sys.argv[1], sys.argv[2]))
