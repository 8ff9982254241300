#!/usr/bin/env python3
"""Categorical encodings on the Suzuki–Miyaura dataset (issue 15): EI and UCB with each encoding vs random search.

  nice -n 19 python3 bench/categorical_suzuki.py BOSIM [--shared ../shared] [--repeats 30] [--budget 300]
                    [--n-init 10] [--encodings one-hot one-hot-shared overlap descriptors] [--acquisitions ei ucb]
                    [--time-limit SECONDS] [--refit-every 1]

The pool is ../shared/datasets/suzuki_edbo.csv (3,696 reactions, 5 categorical variables given as SMILES,
yield to maximize; 3 designs tie at 100 %). Every configuration runs as its own `bosim run` (one rank), so its
wall time gives milliseconds per iteration: wall / (experiments − n_init summed over runs); loading the
dataset is included and is small. Per configuration: success within the budget, mean experiments to the
optimum over successful runs, ERT = (experiments of all runs, a failed run counting the budget) / successes
(Auger & Hansen 2005), and ms per iteration. Random search is exact, not simulated: without replacement the
first of m optimal designs among N comes at expected position (N + 1)/(m + 1) = 924.25, and it is found within
B experiments with probability 1 − C(N − m, B)/C(N, B). Configurations are run in order until --time-limit
(seconds of wall time) would be passed; the rest are reported as not run. Prints a Markdown table.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

STUDY = """name = "suzuki-{acquisition}-{encoding}"
seed = 15
repeats = {repeats}

[truth]
kind = "dataset"
path = "{dataset}"
objective = "yield"
goal = "maximize"

[campaign]
acquisition = "{acquisition}"
n_init = {n_init}
budget = {budget}

[model]
encoding = "{encoding}"
refit_every = {refit_every}
{descriptors}
"""


def random_search(pool, optimal, budget):
    expected = (pool + 1) / (optimal + 1)
    miss = 1.0
    for i in range(budget):
        miss *= (pool - optimal - i) / (pool - i)
    return expected, 1.0 - miss


def run_config(bosim, folder, args, acquisition, encoding):
    dataset = os.path.join(args.shared, "datasets", "suzuki_edbo.csv")
    descriptors = os.path.join(args.shared, "datasets", "suzuki_edbo_descriptors.csv")
    study = os.path.join(folder, f"{acquisition}-{encoding}.toml")
    results = os.path.join(folder, f"{acquisition}-{encoding}.h5")
    with open(study, "w") as out:
        out.write(STUDY.format(acquisition=acquisition, encoding=encoding, repeats=args.repeats, dataset=dataset,
                               n_init=args.n_init, budget=args.budget, refit_every=args.refit_every,
                               descriptors=f'descriptors = "{descriptors}"' if encoding == "descriptors" else ""))
    started = time.perf_counter()
    subprocess.run([bosim, "run", study, "-o", results, "--force", "--quiet"], check=True)
    wall = time.perf_counter() - started
    summary = json.loads(subprocess.run([bosim, "summary", results, "--format", "json"], check=True,
                                        capture_output=True, text=True).stdout)
    config = summary["configs"][0]
    runs, found = config["runs"], config["found"]
    mean = config["mean"] if found else float("nan")
    experiments = (mean * found if found else 0.0) + args.budget * (runs - found)
    iterations = experiments - args.n_init * runs
    return {"runs": runs, "found": found, "mean": mean, "ci": (config["ci_low"], config["ci_high"]),
            "ert": experiments / found if found else float("inf"), "ms_per_iteration": 1000.0 * wall / iterations,
            "wall": wall}


def shown(value):
    """One decimal, or '-' where there is no number (no run found the optimum: no mean, no interval)."""
    return "-" if value is None or value != value else f"{value:.1f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bosim")
    parser.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--budget", type=int, default=300)
    parser.add_argument("--n-init", type=int, default=10)
    parser.add_argument("--refit-every", type=int, default=1)
    parser.add_argument("--encodings", nargs="+", default=["one-hot", "one-hot-shared", "overlap", "descriptors"])
    parser.add_argument("--acquisitions", nargs="+", default=["ei", "ucb"])
    parser.add_argument("--time-limit", type=float, default=float("inf"))
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(args.shared, "datasets")):
        sys.exit(f"needs {args.shared}/datasets (suzuki_edbo.csv and its descriptors)")

    expected, within = random_search(3696, 3, args.budget)
    print(f"Suzuki (N = 3696, m = 3 optimal), n_init = {args.n_init}, budget = {args.budget}, "
          f"{args.repeats} repeats, refit_every = {args.refit_every}\n")
    print("| acquisition | encoding | success within budget | mean experiments to optimum [95% CI] | ERT | ms/iteration |")
    print("|---|---|---|---|---|---|")
    print(f"| random (exact) | - | {within:.3f} | {expected:.2f} (no budget) | {expected:.2f} | - |")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for acquisition in args.acquisitions:
            for encoding in args.encodings:
                if time.perf_counter() - started > args.time_limit:
                    print(f"| {acquisition} | {encoding} | not run (time limit) | | | |")
                    continue
                r = run_config(args.bosim, folder, args, acquisition, encoding)
                print(f"| {acquisition} | {encoding} | {r['found']}/{r['runs']} | {shown(r['mean'])} "
                      f"[{shown(r['ci'][0])}, {shown(r['ci'][1])}] | {shown(r['ert'])} | "
                      f"{r['ms_per_iteration']:.1f} |", flush=True)


if __name__ == "__main__":
    main()
