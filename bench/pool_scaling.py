#!/usr/bin/env python3
"""Per-iteration cost of a pool-mode campaign against the pool size m (issue 4, large pools).

  python3 bench/pool_scaling.py BOSIM [--dataset ../shared/datasets/p2d_sei_10k.csv] [--sizes 1000 2000 5000 10000]

For each m, the first m rows of the P2D SEI dataset become the pool of studies/p2d-sei/p2d-sei.toml's
truth (same features, log scales, objective); an EI campaign runs a fixed number of iterations
(continue_after_optimum, budget = n_init + ITERATIONS) for a few repeats in one process. Time per
iteration = (wall time of `bosim run` − wall time of `bosim validate`, which loads the same data)
/ (repeats × iterations). Prints the table and the exponent b of time ~ m^b fitted by least squares
on log-log; b <= 1 means the cost grows no worse than linearly. Wall-clock: run on an idle machine.
"""
import argparse
import math
import os
import subprocess
import tempfile
import time

N_INIT, ITERATIONS, REPEATS = 10, 50, 3
LOG_SCALED = ["i_1C (A)", "rp_neg (m)", "kappa_film (S/m)", "Ds_neg (m^2/s)", "i0ref_neg (A/m^2)", "i0_SEI (A/m^2)"]


def study_text(csv_path):
    features = "".join(f'\n[[truth.feature]]\nname = "{name}"\nlog_scale = true\n' for name in LOG_SCALED)
    return f"""name = "pool-scaling"
seed = 1
repeats = {REPEATS}

[truth]
kind = "dataset"
path = "{csv_path}"
objective = "Capacity loss (%)"
exclude = ["", "SEI_thickness(m)"]
goal = "minimize"
{features}
[campaign]
acquisition = "ei"
n_init = {N_INIT}
budget = {N_INIT + ITERATIONS}
continue_after_optimum = true

[model]
restarts = 1
refit_every = 5
"""


def timed(command):
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def fitted_exponent(sizes, times):
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in times]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bosim")
    parser.add_argument("--dataset", default=os.path.join(os.path.dirname(__file__), "../../shared/datasets/p2d_sei_10k.csv"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000, 10000])
    args = parser.parse_args()
    with open(args.dataset) as f:
        lines = f.readlines()
    per_iteration = []
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'m':>6}  {'s/iteration':>12}")
        for m in args.sizes:
            csv_path = os.path.join(folder, f"p2d_{m}.csv")
            with open(csv_path, "w") as f:
                f.writelines(lines[: m + 1])
            study = os.path.join(folder, f"pool_{m}.toml")
            with open(study, "w") as f:
                f.write(study_text(csv_path))
            load = timed([args.bosim, "validate", study])
            run = timed([args.bosim, "run", "-q", "--force", study, "-o", os.path.join(folder, f"pool_{m}.h5")])
            per_iteration.append((run - load) / (REPEATS * ITERATIONS))
            print(f"{m:>6}  {per_iteration[-1]:>12.5f}")
    print(f"fitted exponent b (time ~ m^b): {fitted_exponent(args.sizes, per_iteration):.2f}")


if __name__ == "__main__":
    main()
