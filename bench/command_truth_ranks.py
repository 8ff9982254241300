#!/usr/bin/env python3
"""Distributed evaluation of a command truth (issue 13): wall time of evaluating the pool at 1, 2, 3 ... ranks.

  /usr/bin/python3 bench/command_truth_ranks.py BOSIM [--designs 400] [--ms-per-design 10]
                                                [--ranks 1 2 3 4] [--rounds 3]

The model is a Python program that sleeps MS milliseconds per design it is given (a stand-in for a
simulator whose time is spent elsewhere: the figure measures how bosim spreads the pool over ranks, not
how many cores the machine has, so ranks above the core count still count). The study has one cheap run
(random acquisition, budget 3) so that the wall time is the evaluation. Each round runs every rank count
once, in turn, each time without a cache (--force removes nothing, so the cache is deleted first); printed
per rank count: the evaluation time bosim reports (its last progress line), min and median over rounds, the
ideal time designs x MS / ranks, and the speed-up over one rank.
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import tempfile

MODEL = """import csv, sys, time
rows = list(csv.DictReader(sys.stdin))
time.sleep({seconds} * len(rows))
print("x1,x2,y")
for r in rows:
    x1, x2 = float(r["x1"]), float(r["x2"])
    print("%s,%s,%r" % (r["x1"], r["x2"], 3 - (x1 - 0.3) ** 2 - (x2 - 0.7) ** 2))
"""

STUDY = """name = "ranks"
seed = 1
repeats = 1
[truth]
kind = "command"
command = ["python3", "model.py"]
objective = "y"
pool = "sobol"
pool_size = {designs}
[[truth.feature]]
name = "x1"
lower = 0.0
upper = 1.0
[[truth.feature]]
name = "x2"
lower = 0.0
upper = 1.0
[campaign]
acquisition = "random"
n_init = 2
budget = 3
"""


def cpu_model():
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def evaluation_seconds(bosim, ranks, folder):
    output = os.path.join(folder, "out-%d.h5" % ranks)
    cache = output + ".command-cache.csv"
    if os.path.exists(cache):
        os.remove(cache)
    command = [bosim, "run", os.path.join(folder, "study.toml"), "-o", output, "--force"]
    if ranks > 1:
        command = ["mpirun", "--allow-run-as-root", "--oversubscribe", "-np", str(ranks)] + command
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    times = re.findall(r"designs evaluated \(100%\), ([0-9.]+) s", done.stderr)
    if not times:
        raise SystemExit("no final progress line in bosim's output:\n" + done.stderr)
    return float(times[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bosim")
    parser.add_argument("--designs", type=int, default=400)
    parser.add_argument("--ms-per-design", type=float, default=10.0)
    parser.add_argument("--ranks", type=int, nargs="+", default=[1, 2, 3, 4])
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bosim-command-ranks-")
    with open(os.path.join(folder, "model.py"), "w") as model:
        model.write(MODEL.format(seconds=arguments.ms_per_design / 1000.0))
    with open(os.path.join(folder, "study.toml"), "w") as study:
        study.write(STUDY.format(designs=arguments.designs))
    seconds = {ranks: [] for ranks in arguments.ranks}
    for _ in range(arguments.rounds):
        for ranks in arguments.ranks:
            seconds[ranks].append(evaluation_seconds(arguments.bosim, ranks, folder))
    print("CPU: %s (%d cores)" % (cpu_model(), os.cpu_count()))
    print("pool %d designs, model %.1f ms per design (sleep), %d rounds" % (arguments.designs,
                                                                          arguments.ms_per_design, arguments.rounds))
    serial = arguments.designs * arguments.ms_per_design / 1000.0
    base = statistics.median(seconds[arguments.ranks[0]]) * arguments.ranks[0]
    print("%5s %9s %9s %9s %9s" % ("ranks", "min s", "median s", "ideal s", "speed-up"))
    for ranks in arguments.ranks:
        median = statistics.median(seconds[ranks])
        print("%5d %9.2f %9.2f %9.2f %8.2fx" % (ranks, min(seconds[ranks]), median, serial / ranks, base / median))


if __name__ == "__main__":
    main()
