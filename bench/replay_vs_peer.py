#!/usr/bin/env python3
"""Per-run speed of bosim vs the scikit-learn peer on the same replay protocol.

Protocol (issue "core engine", performance section): pool replay of a shared
dataset, EI with delta = 0, 6 random initial designs, SE-ARD kernel + noise,
2 random restarts of the likelihood optimization, stop when the best design is
measured. Both programs run pinned to one core with single-threaded BLAS.

  python3 bench/replay_vs_peer.py [--bosim build/apps/bosim] [--repeats 100] [--peer-repeats 5]
      [--datasets p3ht_cnt.csv crossed_barrel.csv]

Prints mean milliseconds per run for each, the speed-up, and the mean
experiments to optimum of each (a check that both solve the same problem).
A run's cost is its number of GP iterations (experiments to optimum minus the
initial designs), so a few lucky or unlucky peer runs move its per-run mean a
lot; the last columns therefore also give milliseconds per GP iteration (total
time over total iterations) and the speed-up per iteration, which does not
depend on how soon either program happened to find the optimum.
Needs ../shared beside the project (datasets and peers/sklearn_replay.py).
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
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
MINIMIZE = {"agnp.csv", "perovskite.csv"}
N_INIT = 6
SINGLE_THREAD = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")


def study_text(dataset, repeats):
    goal = "minimize" if os.path.basename(dataset) in MINIMIZE else "maximize"
    return (f'name = "bench-{os.path.basename(dataset)}"\nseed = 1\nrepeats = {repeats}\n'
            f'[truth]\nkind = "dataset"\npath = "{dataset}"\ngoal = "{goal}"\n'
            '[campaign]\nacquisition = "ei"\ndelta = 0\nn_init = 6\n'
            '[model]\nkernel = "se-ard"\nrestarts = 2\n')


def iterations(experiments_to_optimum):
    """GP iterations of a set of runs: one fit per experiment after the 6 initial designs."""
    return int(sum(max(int(count) - N_INIT, 0) for count in experiments_to_optimum))


def run_bosim(bosim, dataset, repeats, folder):
    study = os.path.join(folder, "study.toml")
    output = os.path.join(folder, "out.h5")
    with open(study, "w") as f:
        f.write(study_text(dataset, repeats))
    started = time.perf_counter()
    subprocess.run(["taskset", "-c", "0", bosim, "run", study, "-o", output, "--force", "--quiet"],
                   check=True, env=SINGLE_THREAD)
    elapsed = time.perf_counter() - started
    with h5py.File(output, "r") as f:
        runs = f["runs"][:]
    experiments = runs["experiments_to_optimum"]
    return {"ms_per_run": 1000.0 * elapsed / repeats,
            "ms_per_run_inside": 1000.0 * float(np.mean(runs["wall_seconds"])),
            "ms_per_iteration": 1000.0 * elapsed / max(1, iterations(experiments)),
            "experiments": float(np.mean(experiments))}


def run_peer(dataset, repeats):
    peer = os.path.join(SHARED, "peers", "sklearn_replay.py")
    command = ["taskset", "-c", "0", "/usr/bin/python3", peer, dataset, "--acq", "ei", "--n-init", "6",
               "--repeats", str(repeats), "--restarts", "2", "--delta", "0", "--seed", "1"]
    if os.path.basename(dataset) in MINIMIZE:
        command.append("--minimize")
    result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True, env=SINGLE_THREAD).stdout)
    return {"ms_per_run": 1000.0 * result["seconds_per_run"],
            "ms_per_iteration": 1000.0 * result["seconds"] / max(1, iterations(result["runs"])),
            "experiments": result["mean_experiments_to_optimum"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bosim", default=os.path.join(ROOT, "build", "apps", "bosim"))
    parser.add_argument("--repeats", type=int, default=100, help="bosim runs per dataset")
    parser.add_argument("--peer-repeats", type=int, default=5, help="peer runs per dataset (it is slow)")
    parser.add_argument("--datasets", nargs="+", default=["p3ht_cnt.csv", "crossed_barrel.csv"])
    args = parser.parse_args()
    if not os.path.isdir(SHARED):
        sys.exit(f"needs {SHARED} (datasets and the peer) beside the project")
    print(f"{'dataset':<20} {'bosim ms/run':>13} {'peer ms/run':>12} {'speed-up':>9} "
          f"{'bosim exp.':>11} {'peer exp.':>10} {'bosim ms/it':>12} {'peer ms/it':>11} {'speed-up/it':>12}")
    for name in args.datasets:
        dataset = os.path.join(SHARED, "datasets", name)
        with tempfile.TemporaryDirectory() as folder:
            ours = run_bosim(args.bosim, dataset, args.repeats, folder)
        peer = run_peer(dataset, args.peer_repeats)
        print(f"{name:<20} {ours['ms_per_run']:>13.2f} {peer['ms_per_run']:>12.1f} "
              f"{peer['ms_per_run'] / ours['ms_per_run']:>8.0f}x {ours['experiments']:>11.1f} "
              f"{peer['experiments']:>10.1f} {ours['ms_per_iteration']:>12.3f} {peer['ms_per_iteration']:>11.1f} "
              f"{peer['ms_per_iteration'] / ours['ms_per_iteration']:>11.0f}x", flush=True)


if __name__ == "__main__":
    main()
