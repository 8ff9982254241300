#!/usr/bin/env python3
"""Capacity a graphite/NMC cell still delivers after 500 cycles, from a simple SEI-growth and plating model.

A bosim "command" truth (docs/command-truth.md): reads the designs as CSV on stdin (or from the file named by its
first argument), writes one CSV row per design, in order, on stdout. numpy only.

    t            = 500 cycles x 2 h / C-rate                                          [h]
    loss_SEI     = A exp(-Ea / (R T)) sqrt(t) exp(b (V_max - 4.0))                    [%]
                   SEI growth: parabolic in time, Arrhenius in temperature, faster at a higher cut-off
    loss_plating = k C^2 exp(Ep / R (1/T - 1/298.15))                                 [%]
                   lithium plating: worse when fast and cold
    Q            = (140 + 120 (V_max - 4.0)) (1 - p C exp(Eη / R (1/T - 1/298.15)))   [mAh/g]
                   usable capacity: more at a higher cut-off, less when polarization is high (fast, cold)
    delivered    = Q (1 - min(loss_SEI + loss_plating, 100) / 100)                    [mAh/g]

The same formula is written as an expression in own-model-expression.toml.
"""
import csv
import sys

import numpy as np

R = 8.314         # J/(mol K)
A = 5.0e4         # %/sqrt(h), SEI growth prefactor
EA = 30000.0      # J/mol, SEI growth activation energy
B = 6.0           # 1/V, cut-off voltage acceleration of SEI growth
K_PLATING = 1.0   # % per (C-rate)^2 at 25 °C
EP = 60000.0      # J/mol, plating's growth towards low temperature
P_POL = 0.04      # capacity lost to polarization per C-rate at 25 °C
E_POL = 40000.0   # J/mol, polarization's growth towards low temperature


def main():
    source = open(sys.argv[1], newline="") if len(sys.argv) > 1 else sys.stdin
    rows = list(csv.DictReader(source))
    temperature = np.array([float(r["T (degC)"]) for r in rows]) + 273.15
    c_rate = np.array([float(r["C-rate"]) for r in rows])
    v_max = np.array([float(r["V_max (V)"]) for r in rows])

    hours = 500 * 2.0 / c_rate
    cold = 1.0 / temperature - 1.0 / 298.15
    loss_sei = A * np.exp(-EA / (R * temperature)) * np.sqrt(hours) * np.exp(B * (v_max - 4.0))
    loss_plating = K_PLATING * c_rate**2 * np.exp(EP / R * cold)
    usable = (140.0 + 120.0 * (v_max - 4.0)) * (1.0 - P_POL * c_rate * np.exp(E_POL / R * cold))
    delivered = usable * (1.0 - np.minimum(loss_sei + loss_plating, 100.0) / 100.0)

    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["delivered_mAh_g", "loss_sei_pct", "loss_plating_pct"])
    for row in zip(delivered, loss_sei, loss_plating):
        out.writerow([repr(float(v)) for v in row])


if __name__ == "__main__":
    main()
