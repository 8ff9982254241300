#!/usr/bin/env python3
"""Racing benchmark (issue 12): runs spent, wall time and how often the full study's best setting survives a race.

For every case and study seed it runs the full study (every setting to max_repeats, no [racing]) and the raced
one (the same study with [racing]); a raced study's runs are the full study's runs (same seeds), so the two are
directly comparable. Reported per case: runs spent raced / full and their ratio, wall time of both, and the share
of seeds in which the full study's best setting (rank 1 by bosim's failure-aware ERT ranking) and each
acquisition's best setting (the full study's recommendation) are not eliminated by the race (best, survived or
equivalent in /racing/configs). All statistics come from bosim (`bosim summary --format json`, /racing); this
script only counts.

Cases (--cases, default a-p3ht,a-model-b100,b,b-eq,c):
  a-p3ht   broad pretune sweep: every acquisition with its own hyperparameter grid (40 settings) on P3HT/CNT
  a-model  the same sweep on the nucleation-layer model (666 designs), no budget (a run goes on until it finds
           the optimum: pure exploration and mean-variance with small alpha take about a minute per run)
  a-model-b100  the same with a budget of 100 experiments per campaign (15 % of the designs; misses rank last
           by ERT), the sweep a lab pretuning on the model would run, at about 3 s per repeat of the 40 settings
  b        the 26-setting PI/EI delta sweep of studies/nucleation-layer/fig5ab-dataset.toml (32-design dataset)
  b-eq     the same with [racing] equivalence = 1
  c        the 16-setting UCB grid of studies/nucleation-layer/fig5c-model.toml
  c-eq     the same with [racing] equivalence = 1
  a-p3ht-all, a-model-all, a-model-b100-all  the broad sweeps raced over all settings together (scope = "all")

A raced study's runs are a subset of the full study's, so --replay FIRST_ROUND/ROUND/EQUIVALENCE/SCOPE,... replays
races on the full studies with bosim_race_replay (bench/race_replay.cpp: bosim's own RaceScheduler fed the full
study's records; built with -DBOSIM_BUILD_BENCHMARKS=ON) to compare schedules without running a campaign:

  python3 bench/racing_benchmark.py --cases a-p3ht --seeds 10 --max-repeats 100 --reuse-full --replay 10/10/0/acquisition,5/5/1/all

The issue asks for >= 10 seeds and the reference studies' 100 repeats; --seeds, --max-repeats, --first-round,
--round and --ranks reduce or change that. Record the command and what was reduced beside the figures.

  python3 bench/racing_benchmark.py --bosim build/apps/bosim --shared ../shared --seeds 10 --max-repeats 100
"""

import argparse
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import time

import h5py

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NUCLEATION = os.path.join(SOURCE, "studies", "nucleation-layer")


def broad_sweep():
    """Every acquisition bosim has, each with its own hyperparameter grid: 40 settings."""
    deltas = "[0, 0.1, 0.3, 1, 3, 10]"
    return ("[[sweep]]\nacquisition = [\"pi\", \"ei\"]\ndelta = " + deltas + "\n"
            "[[sweep]]\nacquisition = \"ucb\"\nbeta0 = [0.5, 1.5, 3.0, 5.0]\nepsilon = [0.1, 0.3, 0.6, 1.0]\n"
            "[[sweep]]\nacquisition = \"mean-variance\"\nalpha = {linspace = [0.1, 0.9, 9]}\n"
            "[[sweep]]\nacquisition = [\"exploration\", \"thompson\", \"random\"]\n")


def reference_body(path):
    """A reference study file without its name, seed and repeats lines (the benchmark sets them)."""
    lines, in_table = [], False
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            in_table = in_table or line.lstrip().startswith("[")
            if not in_table and line.split("=")[0].strip() in ("name", "seed", "repeats"):
                continue
            lines.append(line)
    return "".join(lines)


def cases(shared):
    p3ht = os.path.join(shared, "datasets", "p3ht_cnt.csv")
    model_truth = ("[truth]\nkind = \"nucleation-layer\"\n[[truth.feature]]\nname = \"CB (w/w)\"\nstep = 0.05\n"
                   "[[truth.feature]]\nname = \"CNT (w/w)\"\nstep = 0.05\n[campaign]\nmode = \"grid-snap\"\n"
                   "n_init = 6\n")
    fig5ab = reference_body(os.path.join(NUCLEATION, "fig5ab-dataset.toml")).replace(
        'path = "data-32x2.csv"', 'path = "' + os.path.join(NUCLEATION, "data-32x2.csv") + '"')
    found = {
        "a-p3ht": ("[truth]\nkind = \"dataset\"\npath = \"" + p3ht + "\"\ngoal = \"maximize\"\n[campaign]\n"
                   "n_init = 6\n" + broad_sweep(), ""),
        "a-model": (model_truth + broad_sweep(), ""),
        "a-model-b100": (model_truth + "budget = 100\n" + broad_sweep(), ""),
        "b": (fig5ab, ""),
        "b-eq": (fig5ab, "equivalence = 1\n"),
        "c": (reference_body(os.path.join(NUCLEATION, "fig5c-model.toml")), ""),
        "c-eq": (reference_body(os.path.join(NUCLEATION, "fig5c-model.toml")), "equivalence = 1\n"),
    }
    # The broad sweeps raced over all settings together (scope = "all") rather than within each acquisition.
    for name in ("a-p3ht", "a-model", "a-model-b100"):
        found[name + "-all"] = (found[name][0], "scope = \"all\"\n")
    return found


def split_at_first_table(body):
    """(text before the first table, the rest): [racing] must follow the top-level keys."""
    at = body.find("\n[")
    return (body, "") if at < 0 else (body[:at + 1], body[at + 1:])


def study_text(name, seed, body, racing, arguments):
    head = f'name = "{name}"\nseed = {seed}\n'
    if racing is None:
        return head + f"repeats = {arguments.max_repeats}\n" + body
    top, rest = split_at_first_table(body)
    if arguments.equivalence and "equivalence" not in racing:
        racing += f"equivalence = {arguments.equivalence:g}\n"
    race = (f"[racing]\nfirst_round = {arguments.first_round}\nround = {arguments.round}\n"
            f"max_repeats = {arguments.max_repeats}\n" + racing)
    return head + top + race + rest


def run_bosim(arguments, study, output):
    command = [arguments.bosim, "run", study, "-o", output, "--force"]
    if arguments.ranks > 1:
        command = ["mpirun", "--allow-run-as-root", "--oversubscribe", "-np", str(arguments.ranks)] + command
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds of the run (user + system; of mpirun and its ranks when they are its children): on a shared
    # machine the wall time measures the load as much as bosim, the CPU time does not.
    seconds = {"wall": time.monotonic() - started,
               "cpu": after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime}
    if result.returncode not in (0, 3):
        sys.exit(f"bosim run {study} failed ({result.returncode}):\n{result.stderr}")
    idle = [line for line in result.stderr.splitlines() if line.startswith("bosim: race:")]
    return seconds, (idle[-1] if idle else "")


def full_summary(arguments, results):
    """`bosim summary --format json` of a results file, kept beside it (a full study's takes seconds)."""
    cached = results + ".summary.json"
    if not os.path.exists(cached):
        text = subprocess.run([arguments.bosim, "summary", results, "--format", "json"], capture_output=True,
                              text=True, check=True).stdout
        with open(cached, "w", encoding="utf-8") as handle:
            handle.write(text)
    with open(cached, encoding="utf-8") as handle:
        return json.load(handle)


def full_bests(arguments, results):
    """The full study's overall best config_id (rank 1) and each acquisition's recommended config_id."""
    summary = full_summary(arguments, results)
    overall = next(c["config_id"] for c in summary["configs"] if c["rank"] == 1)
    per_acquisition = {r["acquisition"]: r["config_id"] for r in summary["recommendations"]}
    return overall, per_acquisition


def race_outcomes(results):
    with h5py.File(results, "r") as handle:
        configs = handle["racing/configs"][:]
        return ({int(row["config_id"]): row["outcome"].decode() for row in configs},
                int(sum(int(row["repeats"]) for row in configs)), int(handle["racing/settings"][0]["full_runs"]))


FULL_RUNS = {}  # full study text -> (results, seconds): b and b-eq share their full studies


def run_full(arguments, folder, seed, body):
    """The full study's results and times; with --reuse-full, those of an earlier invocation in --work."""
    text = study_text("full", seed, body, None, arguments)
    if text not in FULL_RUNS:
        study = os.path.join(arguments.work, f"full-{hashlib.sha1(text.encode()).hexdigest()[:10]}-{seed}.toml")
        results, times = study[:-5] + ".h5", study[:-5] + ".times.json"
        if arguments.reuse_full and os.path.exists(times) and os.path.exists(results):
            with open(times, encoding="utf-8") as handle:
                recorded = json.load(handle)
            FULL_RUNS[text] = (results, {k: float("nan") if v is None else v for k, v in recorded.items()})
        else:
            with open(study, "w", encoding="utf-8") as handle:
                handle.write(text)
            FULL_RUNS[text] = (results, run_bosim(arguments, study, results)[0])
            with open(times, "w", encoding="utf-8") as handle:
                json.dump(FULL_RUNS[text][1], handle)
    return FULL_RUNS[text]


def run_case(arguments, name, body, racing):
    folder = os.path.join(arguments.work, f"{name}-first{arguments.first_round}-round{arguments.round}-max{arguments.max_repeats}"
                          f"-eq{arguments.equivalence:g}")
    os.makedirs(folder, exist_ok=True)
    rows = []
    for seed in range(arguments.first_seed, arguments.first_seed + arguments.seeds):
        raced_study = os.path.join(folder, f"raced-{seed}.toml")
        with open(raced_study, "w", encoding="utf-8") as handle:
            handle.write(study_text(f"{name}-raced", seed, body, racing, arguments))
        raced_h5 = raced_study[:-5] + ".h5"
        full_h5, full_seconds = run_full(arguments, folder, seed, body)
        if arguments.full_only:
            print(f"  {name} seed {seed}: full study {full_h5}, wall {full_seconds['wall']:.1f} s, "
                  f"CPU {full_seconds['cpu']:.1f} s", flush=True)
            continue
        raced_seconds, race_line = run_bosim(arguments, raced_study, raced_h5)
        overall, per_acquisition = full_bests(arguments, full_h5)
        outcomes, raced_runs, full_runs = race_outcomes(raced_h5)
        kept = {acquisition: outcomes[config] != "eliminated" for acquisition, config in per_acquisition.items()}
        rows.append({"seed": seed, "raced_runs": raced_runs, "full_runs": full_runs, "raced_seconds": raced_seconds,
                     "full_seconds": full_seconds, "best_kept": outcomes[overall] != "eliminated",
                     "acquisition_bests_kept": kept, "race": race_line})
        print(f"  {name} seed {seed}: {raced_runs}/{full_runs} runs, wall {raced_seconds['wall']:.1f}/"
              f"{full_seconds['wall']:.1f} s, CPU {raced_seconds['cpu']:.1f}/{full_seconds['cpu']:.1f} s, "
              f"best (config {overall}) {outcomes[overall]}; {race_line}; {replay_agreement(arguments, raced_h5, full_h5)}",
              flush=True)
    return rows


def replay_agreement(arguments, raced_h5, full_h5):
    """Whether bosim_race_replay on the full study decides as the real race did (outcome, repeats, round per
    configuration): what makes --replay's figures those of real raced studies."""
    if not os.path.exists(arguments.replay_tool):
        return "replay not checked (no " + arguments.replay_tool + ")"
    with h5py.File(raced_h5, "r") as handle:
        settings = handle["racing/settings"][0]
        real = {int(r["config_id"]): (r["outcome"].decode(), int(r["repeats"]), int(r["round"]))
                for r in handle["racing/configs"][:]}
    text = subprocess.run([arguments.replay_tool, full_h5, str(settings["first_round"]), str(settings["round"]),
                           str(settings["max_repeats"]), repr(float(settings["alpha"])),
                           settings["scope"].decode(), repr(float(settings["equivalence"]))],
                          capture_output=True, text=True, check=True).stdout
    replayed = {int(row.split()[0]): (row.split()[1], int(row.split()[2]), int(row.split()[3]))
                for row in text.strip().splitlines()[1:]}
    differing = [c for c in real if real[c] != replayed.get(c)]
    return "replay agrees" if not differing else f"REPLAY DIFFERS for configs {differing}"


def replay_case(arguments, name, body):
    """Races replayed on the full studies (bosim_race_replay: bosim's RaceScheduler fed the full study's records),
    one per --replay schedule FIRST_ROUND/ROUND/EQUIVALENCE/SCOPE; no campaign is run for them."""
    lines = []
    studies = []
    for seed in range(arguments.first_seed, arguments.first_seed + arguments.seeds):
        full_h5, _ = run_full(arguments, os.path.join(arguments.work, name), seed, body)
        configs = {c["config_id"]: c for c in full_summary(arguments, full_h5)["configs"]}
        with h5py.File(full_h5, "r") as handle:
            runs = handle["runs"][:]
        seconds = {(int(r["config_id"]), int(r["repeat"])): float(r["wall_seconds"]) for r in runs}
        studies.append((seed, full_h5, full_bests(arguments, full_h5), configs, seconds))
    for schedule in arguments.replay.split(","):
        first_round, round_size, equivalence, scope = schedule.split("/")
        raced = full = kept = 0
        per_kept, per_total, regrets, raced_seconds, full_seconds = 0, 0, [], 0.0, 0.0
        for seed, full_h5, (overall, per_acquisition), configs, seconds in studies:
            text = subprocess.run([arguments.replay_tool, full_h5, first_round, round_size, str(arguments.max_repeats),
                                   "0.05", scope, equivalence], capture_output=True, text=True, check=True).stdout
            head, *rows = text.strip().splitlines()
            raced += int(head.split()[1])
            full += int(head.split()[3])
            outcomes = {int(row.split()[0]): row.split()[1] for row in rows}
            # Run time of the runs the race makes (repeats 0 … r−1 of each configuration), as the full study measured
            # them (its /runs wall_seconds): the raced study's run time without running it.
            repeats = {int(row.split()[0]): int(row.split()[2]) for row in rows}
            raced_seconds += sum(t for (config, repeat), t in seconds.items() if repeat < repeats[config])
            full_seconds += sum(seconds.values())
            kept += outcomes[overall] != "eliminated"
            per_kept += sum(outcomes[c] != "eliminated" for c in per_acquisition.values())
            per_total += len(per_acquisition)
            # The race's best in the scope of the full study's best, judged by the full study's ERT (bosim's numbers,
            # looked up): how many experiments more the raced winner needs than the full study's best.
            in_scope = [c for c, outcome in outcomes.items() if outcome == "best" and
                        (scope == "all" or configs[c]["acquisition"] == configs[overall]["acquisition"])]
            regrets.append(configs[in_scope[0]]["ert"] - configs[overall]["ert"])
        lines.append(f"{name:8s} replay first_round {first_round:>3s} round {round_size:>3s} equivalence {equivalence:>4s} "
                     f"scope {scope:11s} seeds {len(studies):2d}  runs {raced:7d} / {full:7d} ({full / raced:4.2f}x "
                     f"fewer)  run seconds {raced_seconds:.0f} / {full_seconds:.0f}  "
                     f"overall best kept {kept}/{len(studies)}  acquisition bests kept {per_kept}/{per_total}  "
                     f"race winner's full ERT - full best's: mean {sum(regrets) / len(regrets):.2f}, max "
                     f"{max(regrets):.2f}")
        print(lines[-1], flush=True)
    return lines


def report(name, rows):
    raced, full = sum(r["raced_runs"] for r in rows), sum(r["full_runs"] for r in rows)
    raced_s, full_s = sum(r["raced_seconds"]["wall"] for r in rows), sum(r["full_seconds"]["wall"] for r in rows)
    raced_cpu, full_cpu = sum(r["raced_seconds"]["cpu"] for r in rows), sum(r["full_seconds"]["cpu"] for r in rows)
    best = sum(r["best_kept"] for r in rows)
    per = [kept for r in rows for kept in r["acquisition_bests_kept"].values()]
    return (f"{name:8s} seeds {len(rows):2d}  runs {raced:7d} / {full:7d} = {raced / full:5.3f} "
            f"({full / raced:4.2f}x fewer)  wall {raced_s:8.1f} / {full_s:8.1f} s  CPU {raced_cpu:8.1f} / "
            f"{full_cpu:8.1f} s  "
            f"overall best kept {best}/{len(rows)}  acquisition bests kept {sum(per)}/{len(per)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bosim", default=os.path.join(SOURCE, "build", "apps", "bosim"))
    parser.add_argument("--shared", default=os.path.join(SOURCE, "..", "shared"))
    parser.add_argument("--work", default="/tmp/bosim-racing-benchmark")
    parser.add_argument("--cases", default="a-p3ht,a-model-b100,b,b-eq,c")
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=1, help="study seeds first-seed ... first-seed + seeds - 1")
    parser.add_argument("--max-repeats", type=int, default=100)
    parser.add_argument("--first-round", type=int, default=10)
    parser.add_argument("--round", type=int, default=10)
    parser.add_argument("--ranks", type=int, default=1)
    parser.add_argument("--equivalence", type=float, default=0.0,
                        help="[racing] equivalence for every raced case that does not set it (0: none)")
    parser.add_argument("--reuse-full", action="store_true",
                        help="reuse the full studies an earlier invocation left in --work (same text and seed)")
    parser.add_argument("--full-only", action="store_true",
                        help="run (or reuse) only the full studies, e.g. to replay races offline with race_replay")
    parser.add_argument("--replay", default="",
                        help="FIRST_ROUND/ROUND/EQUIVALENCE/SCOPE,...: replay these races on the full studies in --work "
                             "(run first if absent) with bosim_race_replay instead of running raced studies")
    parser.add_argument("--replay-tool", default=os.path.join(SOURCE, "build", "bench", "bosim_race_replay"))
    arguments = parser.parse_args()
    available = cases(arguments.shared)
    chosen = [c.strip() for c in arguments.cases.split(",") if c.strip()]
    unknown = [c for c in chosen if c not in available]
    if unknown:
        parser.error(f"unknown cases {unknown}; choose from {sorted(available)}")
    if any(c.startswith("a-p3ht") for c in chosen) and not os.path.exists(os.path.join(arguments.shared, "datasets")):
        parser.error(f"{arguments.shared}/datasets not found (--shared)")
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    print(f"CPU {cpu}; {os.cpu_count()} cores; ranks {arguments.ranks}; seeds {arguments.seeds}; max_repeats "
          f"{arguments.max_repeats}; first_round {arguments.first_round}; round {arguments.round}; equivalence "
          f"{arguments.equivalence:g}", flush=True)
    lines = []
    for name in chosen:
        body, racing = available[name]
        if arguments.replay:
            lines += replay_case(arguments, name, body)
            continue
        rows = run_case(arguments, name, body, racing)
        if rows:
            lines.append(report(name, rows))
            print(lines[-1], flush=True)
    print("\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
