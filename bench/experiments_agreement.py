#!/usr/bin/env python3
"""Do two bosim builds find the optimum after the same number of experiments?

A numerical change in the GP (flush-to-zero, a profiled likelihood, another
factorization) may change the optimization path, and so single runs; it must
not change the statistics. This script replays the five shared datasets with
the benchmark protocol of bench/replay_vs_peer.py (EI, delta = 0, n_init = 6,
SE-ARD + noise, 2 random restarts, stop at the optimum, study seed 1 unless
--seed says otherwise) and compares the mean experiments to the optimum of two
builds.

  bench/experiments_agreement.py run --bosim BUILD/apps/bosim --repeats 200 -o before.json
  bench/experiments_agreement.py run --bosim OTHER/apps/bosim --repeats 200 -o after.json
  bench/experiments_agreement.py compare before.json after.json

`run` writes per-run experiments to optimum and the total wall time per
dataset (runs are processed as they finish, so an interrupted run keeps the
datasets already done). `compare` prints, per dataset, both means with their
standard errors, the difference, its standard error sqrt(se_a^2 + se_b^2),
whether |difference| < 2 standard errors, how many runs (paired by repeat:
same seed, same initial designs) needed exactly the same number of experiments,
and the paired view: the mean of the per-repeat differences over its standard
error (a t statistic, smaller standard error when many runs agree).
Needs ../shared (datasets) beside the project or BOSIM_SHARED_DIR.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("BOSIM_SHARED_DIR", os.path.join(os.path.dirname(ROOT), "shared"))
DATASETS = ["p3ht_cnt.csv", "agnp.csv", "perovskite.csv", "autoam.csv", "crossed_barrel.csv"]
MINIMIZE = {"agnp.csv", "perovskite.csv"}


def study_text(dataset, repeats, seed):
    goal = "minimize" if os.path.basename(dataset) in MINIMIZE else "maximize"
    return (f'name = "agreement-{os.path.basename(dataset)}"\nseed = {seed}\nrepeats = {repeats}\n'
            f'[truth]\nkind = "dataset"\npath = "{dataset}"\ngoal = "{goal}"\n'
            '[campaign]\nacquisition = "ei"\ndelta = 0\nn_init = 6\n'
            '[model]\nkernel = "se-ard"\nrestarts = 2\n')


def run_one(bosim, dataset, repeats, seed):
    with tempfile.TemporaryDirectory() as folder:
        study = os.path.join(folder, "study.toml")
        output = os.path.join(folder, "out.h5")
        with open(study, "w") as f:
            f.write(study_text(dataset, repeats, seed))
        started = time.perf_counter()
        subprocess.run([bosim, "run", study, "-o", output, "--force", "--quiet"], check=True,
                       env=dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1"))
        seconds = time.perf_counter() - started
        with h5py.File(output, "r") as f:
            runs = f["runs"][:]
    order = np.argsort(runs["repeat"]) if "repeat" in runs.dtype.names else np.arange(len(runs))
    return {"experiments": [int(v) for v in runs["experiments_to_optimum"][order]], "seconds": seconds}


def command_run(args):
    results = {"bosim": os.path.abspath(args.bosim), "repeats": args.repeats, "seed": args.seed, "datasets": {}}
    for name in args.datasets:
        results["datasets"][name] = run_one(args.bosim, os.path.join(SHARED, "datasets", name), args.repeats,
                                            args.seed)
        with open(args.output, "w") as f:
            json.dump(results, f)
        done = results["datasets"][name]
        print(f"{name:<20} mean {np.mean(done['experiments']):7.2f}  {done['seconds']:8.1f} s", flush=True)


def mean_and_error(values):
    values = np.asarray(values, float)
    return values.mean(), values.std(ddof=1) / np.sqrt(len(values))


def load_run(path):
    """A `run` output, or exit 2 naming the file when it cannot be read as one."""
    try:
        with open(path) as f:
            results = json.load(f)
        if not isinstance(results.get("datasets"), dict):
            raise ValueError("no 'datasets' object")
        return results
    except (OSError, ValueError, AttributeError) as error:
        print(f"{path}: not an output of `experiments_agreement.py run`: {error}", file=sys.stderr)
        sys.exit(2)


def command_compare(args):
    a, b = load_run(args.a), load_run(args.b)
    print(f"{'dataset':<20} {'runs':>5} {'mean A':>8} {'se A':>6} {'mean B':>8} {'se B':>6} "
          f"{'B - A':>7} {'se diff':>8} {'< 2 se':>7} {'same runs':>10} {'paired t':>9}")
    for name in a["datasets"]:
        if name not in b["datasets"]:
            continue
        ea, eb = a["datasets"][name]["experiments"], b["datasets"][name]["experiments"]
        mean_a, se_a = mean_and_error(ea)
        mean_b, se_b = mean_and_error(eb)
        se_diff = float(np.hypot(se_a, se_b))
        same = sum(x == y for x, y in zip(ea, eb))
        paired = np.subtract(eb[:len(ea)], ea[:len(eb)], dtype=float)
        paired_mean, paired_se = mean_and_error(paired)
        paired_t = f"{paired_mean / paired_se:+9.2f}" if paired_se > 0 else f"{'-':>9}"
        print(f"{name:<20} {len(ea):>5} {mean_a:>8.2f} {se_a:>6.2f} {mean_b:>8.2f} {se_b:>6.2f} "
              f"{mean_b - mean_a:>+7.2f} {se_diff:>8.2f} {'yes' if abs(mean_b - mean_a) < 2 * se_diff else 'NO':>7} "
              f"{same:>5}/{min(len(ea), len(eb))} {paired_t}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="replay the datasets with one build")
    run.add_argument("--bosim", default=os.path.join(ROOT, "build", "apps", "bosim"))
    run.add_argument("--repeats", type=int, default=200)
    run.add_argument("--seed", type=int, default=1, help="the study seed (default 1)")
    run.add_argument("--datasets", nargs="+", default=DATASETS)
    run.add_argument("-o", "--output", required=True)
    compare = commands.add_parser("compare", help="compare two `run` outputs")
    compare.add_argument("a")
    compare.add_argument("b")
    args = parser.parse_args()
    if args.command == "run" and (args.repeats < 1 or args.seed < 0):
        parser.error("--repeats must be at least 1 and --seed at least 0 (a study seed is an integer >= 0)")
    if args.command == "run" and not os.path.isdir(SHARED):
        sys.exit(f"needs {SHARED} (the shared datasets); set BOSIM_SHARED_DIR")
    command_run(args) if args.command == "run" else command_compare(args)


if __name__ == "__main__":
    main()
