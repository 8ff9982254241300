#!/usr/bin/env python3
"""Standard error of paired differences between two close settings (issue 11, common random numbers).

  /usr/bin/python3 bench/crn_paired_error.py BOSIM [BOSIM ...] [--repeats 400] [--ranks 2]

Each BOSIM is a bosim executable (e.g. one built before and one after a change of what runs share);
each runs the same two studies, EI with delta = 0 and delta = 10 (cycles), n_init = 6, on the
32-design dataset the reference-study studies replay (studies/nucleation-layer/data-32x2.csv):

  sample  replicates = "sample" (every measurement draws one of the design's two cells), grid-snap
          mode, as studies/nucleation-layer/fig5ab-dataset.toml;
  noise   replicates = "mean" plus Gaussian observation noise (absolute, sd 25 cycles, the reference
          study's cell-to-cell spread), pool mode.

For each repeat r, d_r = E_r(delta = 0) - E_r(delta = 10), with E the experiments to the optimum (no
budget, so every run finds it). Printed per study: mean difference, SE of the paired difference
sd(d)/sqrt(n), the SE an unpaired comparison would have sqrt(s0^2 + s10^2)/sqrt(n), the correlation
of E between the two settings over repeats, and the share of repeats with d = 0. The SE of an SE
estimate is about SE/sqrt(2(n-1)) (3.5 % at n = 400).
"""
import argparse
import math
import os
import subprocess
import tempfile

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "studies", "nucleation-layer", "data-32x2.csv")
FEATURES = [("CB (w/w)", 0.20, 0.90, 0.01), ("CNT (w/w)", 0.0, 0.50, 0.01), ("Oxidation time (h)", 0, 8, 1)]
STUDIES = {
    "sample": ('replicates = "sample"', 'mode = "grid-snap"'),
    "noise": ('replicates = "mean"\nnoise = {kind = "absolute", sd = 25.0}', 'mode = "pool"'),
}


def study_text(name, repeats):
    truth_extra, mode = STUDIES[name]
    features = "".join(
        f'\n[[truth.feature]]\nname = "{n}"\nlower = {lo}\nupper = {hi}\nstep = {step}\n' for n, lo, hi, step in FEATURES
    )
    return f"""name = "crn-{name}"
seed = 45
repeats = {repeats}

[truth]
kind = "dataset"
path = "{DATA}"
objective = "Lifetime (cycles)"
goal = "maximize"
{truth_extra}
{features}
[campaign]
{mode}
n_init = 6
acquisition = "ei"

[[sweep]]
delta = [0.0, 10.0]
"""


def paired_numbers(results):
    with h5py.File(results) as f:
        runs = f["runs"][:]
        configs = f["configs"][:]
    delta_of = {int(c["config_id"]): float(c["delta"]) for c in configs}
    by_delta = {0.0: {}, 10.0: {}}
    for run in runs:
        by_delta[delta_of[int(run["config_id"])]][int(run["repeat"])] = int(run["experiments_to_optimum"])
    repeats = sorted(by_delta[0.0])
    e0 = np.array([by_delta[0.0][r] for r in repeats], dtype=float)
    e10 = np.array([by_delta[10.0][r] for r in repeats], dtype=float)
    if (e0 < 0).any() or (e10 < 0).any():
        raise SystemExit(f"{results}: a run did not find the optimum")
    d = e0 - e10
    n = len(d)
    return {
        "n": n,
        "mean0": e0.mean(),
        "mean10": e10.mean(),
        "diff": d.mean(),
        "se_paired": d.std(ddof=1) / math.sqrt(n),
        "se_unpaired": math.sqrt(e0.var(ddof=1) + e10.var(ddof=1)) / math.sqrt(n),
        "corr": float(np.corrcoef(e0, e10)[0, 1]),
        "ties": float((d == 0).mean()),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bosim", nargs="+", help="bosim executables to compare")
    parser.add_argument("--repeats", type=int, default=400)
    parser.add_argument("--ranks", type=int, default=1, help="run with mpirun -n RANKS (results do not depend on it)")
    parser.add_argument("--studies", nargs="+", default=list(STUDIES), choices=list(STUDIES))
    args = parser.parse_args()
    print(f"EI delta 0 vs 10, n_init 6, data-32x2.csv, seed 45, {args.repeats} repeats; E = experiments to optimum")
    print(f"{'bosim':<28} {'study':<7} {'E(0)':>6} {'E(10)':>6} {'diff':>6} {'SE paired':>9} "
          f"{'SE unpaired':>11} {'corr':>5} {'d = 0':>6}")
    with tempfile.TemporaryDirectory() as folder:
        for index, bosim in enumerate(args.bosim):
            for name in args.studies:
                study = os.path.join(folder, f"{name}.toml")
                results = os.path.join(folder, f"{name}-{index}.h5")
                with open(study, "w") as f:
                    f.write(study_text(name, args.repeats))
                command = [bosim, "run", study, "-o", results]
                if args.ranks > 1:
                    command = ["mpirun", "--allow-run-as-root", "--oversubscribe", "-n", str(args.ranks)] + command
                finished = subprocess.run(command, capture_output=True, text=True)
                if finished.returncode != 0:
                    raise SystemExit(f"{' '.join(command)} failed ({finished.returncode}):\n{finished.stderr}")
                s = paired_numbers(results)
                label = bosim if len(bosim) <= 28 else "..." + bosim[-25:]
                print(f"{label:<28} {name:<7} {s['mean0']:6.2f} {s['mean10']:6.2f} {s['diff']:6.2f} "
                      f"{s['se_paired']:9.3f} {s['se_unpaired']:11.3f} {s['corr']:5.2f} {s['ties']:6.1%}", flush=True)


if __name__ == "__main__":
    main()
