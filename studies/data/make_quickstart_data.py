#!/usr/bin/env python3
"""Generates studies/data/quickstart.csv, the small synthetic dataset of the quickstart study.

Synthetic, not measured: a smooth lifetime landscape over the reference study's
three nucleation-layer variables (carbon black and CNT weight fractions,
oxidation time), on a coarse grid, with two noisy "cells" per design.

  lifetime = 420 - 900 (CB - 0.55)^2 - 1400 (CNT - 0.16)^2 - 6 (t - 2)^2 - 60 (CB - 0.55)(CNT - 0.16)
  cell     = lifetime + N(0, 18^2), rounded to whole cycles

so two cells of one design differ by about 25 cycles (sqrt(2) * 18), the
reference study's mean cell-to-cell spread. Run from anywhere:

  python3 studies/data/make_quickstart_data.py

The output is deterministic (fixed seed, Python's Mersenne Twister).
"""
import csv
import os
import random

SEED = 20240611
CELLS_PER_DESIGN = 2
CELL_SPREAD = 18.0


def lifetime(cb, cnt, hours):
    return (420.0 - 900.0 * (cb - 0.55) ** 2 - 1400.0 * (cnt - 0.16) ** 2 - 6.0 * (hours - 2.0) ** 2
            - 60.0 * (cb - 0.55) * (cnt - 0.16))


def main():
    rng = random.Random(SEED)
    rows = []
    for i in range(8):
        cb = round(0.20 + 0.10 * i, 2)
        for j in range(6):
            cnt = round(0.10 * j, 2)
            for hours in range(0, 9, 2):
                for _ in range(CELLS_PER_DESIGN):
                    cycles = round(lifetime(cb, cnt, hours) + rng.gauss(0.0, CELL_SPREAD))
                    rows.append((cb, cnt, hours, cycles))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "quickstart.csv")
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["CB (w/w)", "CNT (w/w)", "Oxidation time (h)", "Lifetime (cycles)"])
        writer.writerows(rows)
    print(f"wrote {path}: {len(rows)} cells, {len(rows) // CELLS_PER_DESIGN} designs")


if __name__ == "__main__":
    main()
