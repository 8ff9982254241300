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
  /usr/bin/python3 bench/replay_vs_peer.py --equal-n [--profile build/bench/bosim_campaign_profile] ...

Each round runs `repeats` bosim runs and `peer-repeats` peer runs with the
round's seed (FIRST_SEED, FIRST_SEED + 1, …). A run's cost is its number of
GP iterations (experiments to the optimum minus the initial designs), so
milliseconds per GP iteration (a program's total time over its total
iterations) do not count how soon either program happened to find the optimum
(but do depend on the mix of training-set sizes, see --equal-n); the table
gives their minimum and median over rounds and the speed-up of the minima. Times are CPU seconds of the
child processes (getrusage, user + system), so that other processes sharing the
core do not count; for the peer, the CPU time of importing its Python packages
(measured each round by a process that only imports them) is subtracted, and
for bosim that of its start-up, reading the dataset and writing the results (a
one-run random-search study). "exp." is the mean experiments to the optimum
over all rounds, a check that both solve the same problem. Prints the CPU
model, date and load.

A GP iteration costs more the more designs have been measured (O(n^3) in the
fit), so the figure above mixes training-set sizes: a round whose runs happen
to be long has dear iterations, and with few peer runs per round the two
programs' mixes of n differ. --equal-n compares them at equal training-set size
n instead: each round runs `repeats` bosim replays through
bench/campaign_profile.cpp --iterations (the same SurrogateModel, predictions
and EI as `bosim run`'s pool loop, timed per iteration in CPU time) and
`peer-repeats` peer replays through bench/peer_iteration_costs.py (the peer
module unchanged, timed per GP fit), interleaved and pinned as above, and the
table gives, per band of n, both programs' mean CPU milliseconds per iteration,
their mean likelihood evaluations per fit and the ratio of the costs; the
last line weighs the bands by how often the two programs' runs visit them (the
mean of the two programs' shares of iterations in each band) and gives the
ratio of the weighted costs over the bands both programs reached, for all
rounds pooled and for each round alone (same weights). --save FILE keeps every
iteration's (n, CPU seconds, evaluations) as JSON.

Needs the shared folder (datasets and peers/sklearn_replay.py) at ../shared
beside the project or BOSIM_SHARED_DIR, and the peer's Python packages (Debian: python3-sklearn python3-pandas
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


N_BANDS = [(6, 20), (20, 40), (40, 60), (60, 80), (80, 100), (100, 150), (150, 200), (200, 300), (300, 10**6)]


def iteration_costs(command, core):
    """(n, CPU seconds, likelihood evaluations) of every GP iteration printed by a per-iteration timer."""
    output = subprocess.run(["taskset", "-c", str(core)] + command, check=True, capture_output=True, text=True,
                            env=SINGLE_THREAD).stdout.split("\n")
    if not output or output[0].strip() != "n cpu_seconds evaluations":
        sys.exit(f"unexpected output of {' '.join(command)}: {output[:1]}")
    return [(int(n), float(seconds), int(evaluations))
            for n, seconds, evaluations in (line.split() for line in output[1:] if line.strip())]


def band_costs(costs):
    """Per band of N_BANDS: (iterations, mean CPU ms per iteration, mean evaluations per fit)."""
    result = []
    for low, high in N_BANDS:
        band = [(seconds, evaluations) for n, seconds, evaluations in costs if low <= n < high]
        if band:
            result.append((len(band), 1000.0 * float(np.mean([s for s, _ in band])),
                           float(np.mean([e for _, e in band]))))
        else:
            result.append((0, float("nan"), float("nan")))
    return result


def weighted_speedup(our_bands, peer_bands, weights):
    """Ratio of the peer's to bosim's cost per iteration over the bands both reached (band_costs of each), band b
    weighted by weights[b]."""
    shared = [b for b in range(len(N_BANDS)) if our_bands[b][0] > 0 and peer_bands[b][0] > 0]
    return (sum(weights[b] * peer_bands[b][1] for b in shared) / sum(weights[b] * our_bands[b][1] for b in shared))


def equal_n_table(name, ours, peer, rounds):
    """Prints both programs' cost per iteration by band of n and the weighted ratio over the shared bands, pooled and
    per round (`rounds`: each round's (ours, peer))."""
    our_bands, peer_bands = band_costs(ours), band_costs(peer)
    weights = [0.5 * (mine[0] / len(ours) + theirs[0] / len(peer)) for mine, theirs in zip(our_bands, peer_bands)]
    for (low, high), mine, theirs in zip(N_BANDS, our_bands, peer_bands):
        if mine[0] == 0 and theirs[0] == 0:
            continue
        band = f"{low}-{high - 1}" if high < 10**6 else f">={low}"
        ratio = f"{theirs[1] / mine[1]:.0f}x" if mine[0] > 0 and theirs[0] > 0 else "-"
        print(f"{name:<20} {band:>8} {mine[0]:>7} {mine[1]:>9.3f} {mine[2]:>6.1f} {theirs[0]:>7} {theirs[1]:>9.1f} "
              f"{theirs[2]:>6.1f} {ratio:>9}")
    per_round = ", ".join(f"{weighted_speedup(band_costs(mine), band_costs(theirs), weights):.0f}x"
                          for mine, theirs in rounds)
    print(f"{name:<20} {'all n':>8} {'bands weighted by both programs runs':>57} "
          f"{f'{weighted_speedup(our_bands, peer_bands, weights):.0f}x':>9}  (rounds: {per_round})", flush=True)


def compare_at_equal_n(args):
    saved = {}
    print(f"{'dataset':<20} {'n':>8} {'bosim it':>7} {'ms/it':>9} {'ev/fit':>6} {'peer it':>7} {'ms/it':>9} "
          f"{'ev/fit':>6} {'speed-up':>9}")
    for name in args.datasets:
        dataset = os.path.join(SHARED, "datasets", name)
        minimize = os.path.basename(dataset) in MINIMIZE
        rounds = []
        for round_index in range(args.rounds):
            seed = args.first_seed + round_index
            ours = iteration_costs([args.profile, dataset, str(args.repeats), "minimize" if minimize else "maximize",
                                    "--iterations", str(1000 * seed)], args.core)
            peer = iteration_costs(["/usr/bin/python3", os.path.join(ROOT, "bench", "peer_iteration_costs.py"),
                                    dataset, str(args.peer_repeats), str(seed)] + (["--minimize"] if minimize else []),
                                   args.core)
            rounds.append((ours, peer))
        equal_n_table(name, [c for mine, _ in rounds for c in mine], [c for _, theirs in rounds for c in theirs], rounds)
        saved[name] = {"bosim": [mine for mine, _ in rounds], "peer": [theirs for _, theirs in rounds]}
    if args.save:
        with open(args.save, "w") as f:
            json.dump(saved, f)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bosim", default=os.path.join(ROOT, "build", "apps", "bosim"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=20, help="bosim runs per round")
    parser.add_argument("--peer-repeats", type=int, default=2, help="peer runs per round (it is slow)")
    parser.add_argument("--core", type=int, default=0, help="the core both programs are pinned to")
    parser.add_argument("--datasets", nargs="+", default=["p3ht_cnt.csv", "crossed_barrel.csv"])
    parser.add_argument("--first-seed", type=int, default=1, help="round r (from 0) uses seed FIRST_SEED + r")
    parser.add_argument("--equal-n", action="store_true", help="compare the cost per iteration at equal n")
    parser.add_argument("--save", help="with --equal-n: write every iteration's (n, CPU seconds, evaluations) to this JSON file")
    parser.add_argument("--profile", default=os.path.join(ROOT, "build", "bench", "bosim_campaign_profile"),
                        help="bench/campaign_profile.cpp's binary (a build with BOSIM_BUILD_BENCHMARKS=ON)")
    args = parser.parse_args()
    if min(args.rounds, args.repeats, args.peer_repeats, args.first_seed) < 1:
        parser.error("--rounds, --repeats, --peer-repeats and --first-seed must be at least 1")
    if not os.path.isdir(SHARED):
        sys.exit(f"needs {SHARED} (datasets and the peer); set BOSIM_SHARED_DIR")
    print(f"CPU: {cpu_model()}; {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; "
          f"load average at start {os.getloadavg()[0]:.1f}; pinned to core {args.core}; "
          f"{args.rounds} interleaved rounds of {args.repeats} bosim and {args.peer_repeats} peer runs", flush=True)
    if args.equal_n:
        if not os.access(args.profile, os.X_OK):
            sys.exit(f"--equal-n needs {args.profile} (configure with -DBOSIM_BUILD_BENCHMARKS=ON); or give --profile")
        compare_at_equal_n(args)
        return
    print(f"{'dataset':<20} {'bosim ms/it min':>16} {'median':>8} {'peer ms/it min':>15} {'median':>8} "
          f"{'speed-up/it':>12} {'bosim exp.':>11} {'peer exp.':>10}")
    for name in args.datasets:
        dataset = os.path.join(SHARED, "datasets", name)
        ours, peer, our_experiments, peer_experiments = [], [], [], []
        for round_index in range(args.rounds):
            seconds, experiments = run_bosim(args.bosim, dataset, args.repeats, args.first_seed + round_index, args.core)
            ours.append(1000.0 * seconds / max(1, iterations(experiments)))
            our_experiments += experiments
            seconds, experiments = run_peer(dataset, args.peer_repeats, args.first_seed + round_index, args.core)
            peer.append(1000.0 * seconds / max(1, iterations(experiments)))
            peer_experiments += experiments
        print(f"{name:<20} {min(ours):>16.3f} {np.median(ours):>8.3f} {min(peer):>15.1f} {np.median(peer):>8.1f} "
              f"{min(peer) / min(ours):>11.0f}x {np.mean(our_experiments):>11.1f} {np.mean(peer_experiments):>10.1f}",
              flush=True)


if __name__ == "__main__":
    main()
