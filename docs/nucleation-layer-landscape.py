#!/usr/bin/python3
"""Lifetime landscape of bosim's synthetic nucleation-layer model (docs/nucleation-layer-model.md).

Samples every design of the quickstart's coarse grid (666 feasible designs, CB and
CNT in steps of 0.05) four times with `bosim sample-truth`, then draws the mean
lifetime over CB x CNT for four oxidation times as docs/nucleation-layer-landscape.png.

    /usr/bin/python3 docs/nucleation-layer-landscape.py [path/to/bosim]
"""
import csv
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BOSIM = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build" / "apps" / "bosim")
TIMES = [0, 2, 4, 7]

with tempfile.TemporaryDirectory() as folder:
    data = Path(folder) / "landscape.csv"
    subprocess.run([BOSIM, "sample-truth", str(ROOT / "studies" / "quickstart.toml"), "-n", "666",
                    "--replicates", "4", "-o", str(data), "--seed", "1"], check=True)
    lifetimes = defaultdict(list)
    with open(data, newline="") as handle:
        for row in csv.DictReader(handle):
            key = (float(row["CB (w/w)"]), float(row["CNT (w/w)"]), float(row["Oxidation time (h)"]))
            lifetimes[key].append(float(row["Lifetime (cycles)"]))

means = {key: sum(values) / len(values) for key, values in lifetimes.items()}
figure, axes = plt.subplots(1, len(TIMES), figsize=(4 * len(TIMES), 3.6), sharey=True, constrained_layout=True)
for axis, hours in zip(axes, TIMES):
    points = [(cb, cnt, value) for (cb, cnt, t), value in means.items() if t == hours]
    scatter = axis.scatter([p[0] for p in points], [p[1] for p in points], c=[p[2] for p in points],
                           cmap="viridis", vmin=40, vmax=420, marker="s", s=60)
    axis.plot([0.53], [0.16], "r*", markersize=10)
    axis.set_title(f"oxidation {hours} h")
    axis.set_xlabel("CB (w/w)")
axes[0].set_ylabel("CNT (w/w)")
figure.colorbar(scatter, ax=axes, label="mean lifetime of 4 cells (cycles)")
figure.suptitle("Synthetic nucleation-layer model (bosim): lifetime landscape; PVdF = 1 - CB - CNT in [0.10, 0.40]")
output = ROOT / "docs" / "nucleation-layer-landscape.png"
figure.savefig(output, dpi=110)
print(f"wrote {output}")
