#!/usr/bin/env python3
"""Cost-growth tables from bosim_micro_benchmarks' campaign_iteration results.

  python3 bench/cost_growth.py micro.json [--plot cost_growth.png]

micro.json is Google Benchmark's JSON output (--benchmark_out). Prints time per
iteration vs the number of observations n (m = 1000) and vs the pool size m
(n = 50), for a full refit and for the O(n^2) update with kept hyperparameters,
CPU time (the machine may be shared), each with the exponent b of time ~ n^b (or m^b) fitted by least squares on
log-log over the larger half of the points (small sizes are overhead-bound).
"""
import argparse
import json
import math


def fitted_exponent(sizes, times):
    points = sorted(zip(sizes, times))[len(sizes) // 2 - 1:] if len(sizes) > 3 else sorted(zip(sizes, times))
    xs = [math.log(s) for s, _ in points]
    ys = [math.log(t) for _, t in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results")
    parser.add_argument("--plot", help="write a log-log plot here (needs matplotlib)")
    args = parser.parse_args()
    with open(args.results) as f:
        rows = [b for b in json.load(f)["benchmarks"] if b["name"].startswith("campaign_iteration/")
                and b.get("run_type", "iteration") == "iteration"]
    series = {}
    for row in rows:
        n, m, refit = (int(v) for v in row["name"].split("/")[1:4])
        milliseconds = row["cpu_time"] * {"ms": 1.0, "us": 1e-3, "ns": 1e-6, "s": 1e3}[row["time_unit"]]
        mode = "full refit" if refit else "theta kept, O(n^2) update"
        if m == 1000:
            series.setdefault(("n", mode), []).append((n, milliseconds, row.get("evaluations", 0)))
        if n == 50:
            series.setdefault(("m", mode), []).append((m, milliseconds, row.get("evaluations", 0)))
    for (axis, mode), points in sorted(series.items()):
        points.sort()
        fixed = "m = 1000" if axis == "n" else "n = 50"
        print(f"\nTime per iteration vs {axis} ({fixed}, {mode})")
        print(f"{axis:>8} {'ms/iteration':>13} {'LML evals':>10}")
        for size, milliseconds, evaluations in points:
            print(f"{size:>8} {milliseconds:>13.3f} {evaluations:>10.0f}")
        exponent = fitted_exponent([p[0] for p in points], [p[1] for p in points])
        print(f"fitted exponent (larger half): time ~ {axis}^{exponent:.2f}")
    if args.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        figure, axes = plt.subplots(1, 2, figsize=(10, 4))
        for (axis, mode), points in sorted(series.items()):
            panel = axes[0] if axis == "n" else axes[1]
            panel.loglog([p[0] for p in points], [p[1] for p in points], "o-", label=mode)
        axes[0].set_xlabel("observations n (m = 1000)")
        axes[1].set_xlabel("pool size m (n = 50)")
        for panel in axes:
            panel.set_ylabel("ms per iteration")
            panel.legend()
            panel.grid(True, which="both", alpha=0.3)
        figure.tight_layout()
        figure.savefig(args.plot, dpi=120)
        print(f"\nplot: {args.plot}")


if __name__ == "__main__":
    main()
