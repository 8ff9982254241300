#!/usr/bin/env python3
"""CPU seconds of each GP iteration of the scikit-learn peer, with its training-set size.

  /usr/bin/python3 bench/peer_iteration_costs.py DATASET.csv REPEATS SEED [--minimize]

Loads ../shared/peers/sklearn_replay.py unchanged as a module and runs its
`one_run` with the benchmark protocol of bench/replay_vs_peer.py (EI, delta = 0,
n_init = 6, 2 random restarts). The only addition is a timestamp (process CPU
time) when each GP fit starts and a count of its likelihood-and-gradient
evaluations: an iteration's cost is the CPU time from its fit to the next
iteration's fit (or the end of the run), so it covers the fit, both
predictions, EI and the peer's bookkeeping, like bench/campaign_profile.cpp's
--iterations lines for bosim. Prints "n cpu_seconds evaluations" lines, n = the
number of measured designs the GP is fitted to. bench/replay_vs_peer.py
--equal-n uses it.
"""
import argparse
import importlib.util
import os
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("BOSIM_SHARED_DIR", os.path.join(os.path.dirname(ROOT), "shared"))


def load_peer():
    path = os.path.join(SHARED, "peers", "sklearn_replay.py")
    if not os.path.isfile(path):
        sys.exit(f"needs the peer {path}; set BOSIM_SHARED_DIR to the shared folder")
    spec = importlib.util.spec_from_file_location("sklearn_replay", path)
    peer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peer)
    return peer


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset")
    parser.add_argument("repeats", type=int)
    parser.add_argument("seed", type=int)
    parser.add_argument("--minimize", action="store_true")
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error("REPEATS must be at least 1")
    peer = load_peer()
    fit_starts = []  # [n, CPU seconds at its start, evaluations] of each GP fit of the current run

    class TimedRegressor(peer.GaussianProcessRegressor):
        def fit(self, X, y):
            fit_starts.append([len(X), time.process_time(), 0])
            return super().fit(X, y)

        def log_marginal_likelihood(self, theta=None, eval_gradient=False, clone_kernel=True):
            if eval_gradient and fit_starts:  # the optimizer's evaluations, not the final value's
                fit_starts[-1][2] += 1
            return super().log_marginal_likelihood(theta, eval_gradient, clone_kernel)

    peer.GaussianProcessRegressor = TimedRegressor
    X, y = peer.load(args.dataset, args.minimize)
    rng = np.random.default_rng(args.seed)
    print("n cpu_seconds evaluations")
    for _ in range(args.repeats):
        fit_starts.clear()
        peer.one_run(X, y, "ei", 6, rng, 2, 0.0, 2.0, 1.0)
        ends = [start for _, start, _ in fit_starts[1:]] + [time.process_time()]
        for (n, start, evaluations), end in zip(fit_starts, ends):
            print(f"{n} {end - start:.9f} {evaluations}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
