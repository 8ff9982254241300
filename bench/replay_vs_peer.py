#!/usr/bin/env python3
"""Speed of bosim vs the scikit-learn peer per GP iteration, on the same replay protocol.

Protocol (the benchmark protocol of the README): pool replay of a shared
dataset, EI with delta = 0, 6 random initial designs, SE-ARD kernel + noise,
2 random restarts of the likelihood optimization, stop when the best design is
measured. Both programs run pinned to the same core (taskset) with
single-threaded BLAS, interleaved: for each round, bosim then the peer, so
that load from other processes on a shared machine hits both alike.

  /usr/bin/python3 bench/replay_vs_peer.py [--bosim build/apps/bosim] [--rounds 3] [--repeats 20]
      [--peer-repeats 2] [--core 0] [--datasets p3ht_cnt.csv crossed_barrel.csv]

Each round runs `repeats` bosim runs and `peer-repeats` peer runs with the
round's seed. A run's cost is its number of GP iterations (experiments to the
optimum minus the initial designs), so milliseconds per GP iteration (a
program's total time over its total iterations) do not depend on how soon
either program happened to find the optimum; the table gives their minimum and
median over rounds and the speed-up of the minima. Times are CPU seconds of the
child processes (getrusage, user + system), so that other processes sharing the
core do not count; for the peer, the CPU time of importing its Python packages
(measured each round by a process that only imports them) is subtracted, and
for bosim that of its start-up, reading the dataset and writing the results (a
one-run random-search study). "exp." is the mean experiments to the optimum
over all rounds, a check that both solve the same problem. Prints the CPU
model, date and load. Needs the shared folder (datasets and
peers/sklearn_replay.py) at ../shared beside the project or BOSIM_SHARED_DIR,
and the peer's Python packages (Debian: python3-sklearn python3-pandas
python3-scipy).
"""
import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("BOSIM_SHARED_DIR", os.path.join(os.path.dirname(ROOT), "shared"))
MINIMIZE = {"agnp.csv", "perovskite.csv"}
N_INIT = 6
PEER_IMPORTS = ("import numpy, pandas, scipy.stats, sklearn.gaussian_process, sklearn.gaussian_process.kernels, "
                "sklearn.exceptions")
SINGLE_THREAD = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def study_text(dataset, repeats, seed, acquisition="ei"):
    goal = "minimize" if os.path.basename(dataset) in MINIMIZE else "maximize"
    return (f'name = "bench-{os.path.basename(dataset)}"\nseed = {seed}\nrepeats = {repeats}\n'
            f'[truth]\nkind = "dataset"\npath = "{dataset}"\ngoal = "{goal}"\n'
            f'[campaign]\nacquisition = "{acquisition}"\nn_init = 6\n' +
            ('delta = 0\n[model]\nkernel = "se-ard"\nrestarts = 2\n' if acquisition == "ei" else ""))


def iterations(experiments_to_optimum):
    """GP iterations of a set of runs: one fit per experiment after the 6 initial designs."""
    return int(sum(max(int(count) - N_INIT, 0) for count in experiments_to_optimum))


def child_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_bosim_study(bosim, text, core):
    """CPU seconds of one `bosim run` and its experiments to the optimum."""
    with tempfile.TemporaryDirectory() as folder:
        study = os.path.join(folder, "study.toml")
        output = os.path.join(folder, "out.h5")
        with open(study, "w") as f:
            f.write(text)
        started = child_cpu_seconds()
        subprocess.run(["taskset", "-c", str(core), bosim, "run", study, "-o", output, "--force", "--quiet"],
                       check=True, env=SINGLE_THREAD)
        elapsed = child_cpu_seconds() - started
        with h5py.File(output, "r") as f:
            return elapsed, [int(v) for v in f["runs"][:]["experiments_to_optimum"]]


def run_bosim(bosim, dataset, repeats, seed, core):
    """CPU seconds of the GP runs, less bosim's start-up and output (one random-search run, no GP)."""
    overhead, _ = run_bosim_study(bosim, study_text(dataset, 1, seed, "random"), core)
    elapsed, experiments = run_bosim_study(bosim, study_text(dataset, repeats, seed), core)
    return elapsed - overhead, experiments


def run_peer(dataset, repeats, seed, core):
    peer = os.path.join(SHARED, "peers", "sklearn_replay.py")
    command = ["taskset", "-c", str(core), "/usr/bin/python3", peer, dataset, "--acq", "ei", "--n-init", "6",
               "--repeats", str(repeats), "--restarts", "2", "--delta", "0", "--seed", str(seed)]
    if os.path.basename(dataset) in MINIMIZE:
        command.append("--minimize")
    started = child_cpu_seconds()
    subprocess.run(["taskset", "-c", str(core), "/usr/bin/python3", "-c", PEER_IMPORTS], check=True, env=SINGLE_THREAD)
    imports = child_cpu_seconds() - started
    started = child_cpu_seconds()
    result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True, env=SINGLE_THREAD).stdout)
    return child_cpu_seconds() - started - imports, [int(v) for v in result["runs"]]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bosim", default=os.path.join(ROOT, "build", "apps", "bosim"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=20, help="bosim runs per round")
    parser.add_argument("--peer-repeats", type=int, default=2, help="peer runs per round (it is slow)")
    parser.add_argument("--core", type=int, default=0, help="the core both programs are pinned to")
    parser.add_argument("--datasets", nargs="+", default=["p3ht_cnt.csv", "crossed_barrel.csv"])
    args = parser.parse_args()
    if not os.path.isdir(SHARED):
        sys.exit(f"needs {SHARED} (datasets and the peer); set BOSIM_SHARED_DIR")
    print(f"CPU: {cpu_model()}; {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; "
          f"load average at start {os.getloadavg()[0]:.1f}; pinned to core {args.core}; "
          f"{args.rounds} interleaved rounds of {args.repeats} bosim and {args.peer_repeats} peer runs", flush=True)
    print(f"{'dataset':<20} {'bosim ms/it min':>16} {'median':>8} {'peer ms/it min':>15} {'median':>8} "
          f"{'speed-up/it':>12} {'bosim exp.':>11} {'peer exp.':>10}")
    for name in args.datasets:
        dataset = os.path.join(SHARED, "datasets", name)
        ours, peer, our_experiments, peer_experiments = [], [], [], []
        for round_index in range(args.rounds):
            seconds, experiments = run_bosim(args.bosim, dataset, args.repeats, round_index + 1, args.core)
            ours.append(1000.0 * seconds / max(1, iterations(experiments)))
            our_experiments += experiments
            seconds, experiments = run_peer(dataset, args.peer_repeats, round_index + 1, args.core)
            peer.append(1000.0 * seconds / max(1, iterations(experiments)))
            peer_experiments += experiments
        print(f"{name:<20} {min(ours):>16.3f} {np.median(ours):>8.3f} {min(peer):>15.1f} {np.median(peer):>8.1f} "
              f"{min(peer) / min(ours):>11.0f}x {np.mean(our_experiments):>11.1f} {np.mean(peer_experiments):>10.1f}",
              flush=True)


if __name__ == "__main__":
    main()
