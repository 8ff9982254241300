"""Tests of bosim-plot.

    check_plots.py CHECK PLOT_WRAPPER BOSIM PLOT_SOURCE_DIR RESULTS OUT_DIR

CHECK is one of
  files     every expected figure and its one-line caption is written; top-k is skipped with a reason;
  values    every number drawn (read back from the matplotlib artists) equals the summary JSON's;
  text      with a 60-character objective name no text of any figure extends beyond the figure;
  bad-input bad files and arguments give exit 2 and "bosim-plot: error: ...", never a traceback.
  budget    on a budget study (RESULTS = tests/readme/budget_study.toml's) random search is ranked last by
            ERT, drawn values equal the summary's, and its box is not drawn left of the Bayesian settings'.
"""

import json
import os
import shutil
import subprocess
import sys

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXPECTED = ["best-so-far", "n-init", "hyperparameter-delta", "hyperparameter-beta0", "hyperparameter-epsilon",
            "heatmap-ucb", "distribution", "ecdf", "tornado"]
LONG_OBJECTIVE = "Ionic conductivity of the sintered pellet at 25 °C (mS/cm)"  # 60 characters with the padding below
TOLERANCE = 1e-9


def run(command, env=None):
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, check=False)


def summary_json(bosim, results):
    if results.endswith(".json"):  # a saved summary (development)
        return json.load(open(results, encoding="utf-8"))
    result = run([bosim, "summary", results, "--format", "json"])
    if result.returncode not in (0, 3):
        raise SystemExit(f"bosim summary failed ({result.returncode}): {result.stderr}")
    return json.loads(result.stdout)


def load_figures(source_dir, document, count):
    sys.path.insert(0, source_dir)
    import matplotlib

    matplotlib.use("Agg")
    import bosim_plot
    import figures

    matplotlib.rcParams.update(bosim_plot.STYLE)
    return figures.make_figures(document, list(figures.PLOTTERS), count)


# ---- files -----------------------------------------------------------------------------------------


def check_files(plot, results, out_dir):
    failures = []
    shutil.rmtree(out_dir, ignore_errors=True)
    result = run([plot, results, "-o", out_dir, "--format", "png,svg"])
    if result.returncode != 0:
        return [f"bosim-plot failed ({result.returncode}): {result.stderr}"]
    if "bosim-plot: skipped top-k: " not in result.stderr:
        failures.append(f"top-k not skipped with a reason although campaigns stop at the optimum: {result.stderr!r}")
    if os.path.exists(os.path.join(out_dir, "top-k.png")):
        failures.append("top-k drawn although campaigns stop at the optimum")
    for name in EXPECTED:
        png = os.path.join(out_dir, name + ".png")
        if not os.path.exists(png):
            failures.append(f"missing {png}")
            continue
        with open(png, "rb") as handle:
            if handle.read(8) != PNG_SIGNATURE:
                failures.append(f"{png} is not a PNG")
        if not os.path.getsize(os.path.join(out_dir, name + ".svg")):
            failures.append(f"{name}.svg is empty")
        caption_path = os.path.join(out_dir, name + ".caption.txt")
        caption = open(caption_path, encoding="utf-8").read() if os.path.exists(caption_path) else ""
        if caption.count("\n") != 1 or "n = " not in caption or not ("test" in caption):
            failures.append(f"{caption_path}: not a one-line caption naming n and the test: {caption!r}")

    only_dir = out_dir + "-only"
    shutil.rmtree(only_dir, ignore_errors=True)
    result = run([plot, results, "-o", only_dir, "--only", "ecdf", "--format", "png", "--count", "experiments"])
    if result.returncode != 0 or sorted(os.listdir(only_dir)) != ["ecdf.caption.txt", "ecdf.png"]:
        failures.append(f"--only ecdf: {result.returncode}, {os.listdir(only_dir) if os.path.isdir(only_dir) else []}")
    return failures


# ---- values ----------------------------------------------------------------------------------------


def close(drawn, expected):
    import numpy as np

    drawn = np.asarray(drawn, dtype=float)
    expected = np.array([np.nan if v is None else v for v in expected], dtype=float)
    return drawn.shape == expected.shape and np.allclose(drawn, expected, rtol=0, atol=TOLERANCE, equal_nan=True)


def band_matches(collection, x, low, high):
    """fill_between's polygon holds (x, low) and (x, high) for every x."""
    vertices = {(round(float(a), 9), round(float(b), 9)) for a, b in collection.get_paths()[0].vertices}
    return all((round(float(xi), 9), round(float(lo), 9)) in vertices and
               (round(float(xi), 9), round(float(hi), 9)) in vertices for xi, lo, hi in zip(x, low, high))


def gid_fields(gid):
    """'best-so-far:mean:config=3' → ('best-so-far', 'mean', {'config': '3'})."""
    kind, what, *rest = gid.split(":")
    return kind, what, dict(part.split("=", 1) for part in rest if "=" in part)


def ert(entry, count):
    prefix = "ert" if count == "experiments" else "ert_iterations"
    return [entry.get(prefix), entry.get(prefix + "_ci_low"), entry.get(prefix + "_ci_high")]


def check_artist(artist, document, count, failures):
    """Compares one drawn artist with the summary; returns True when it was checked."""
    import matplotlib.collections as mcollections
    import matplotlib.image as mimage
    import matplotlib.lines as mlines
    import matplotlib.patches as mpatches

    gid = artist.get_gid()
    kind, what, keys = gid_fields(gid)
    configs = {c["config_id"]: c for c in document["configs"]}
    suffix = "iteration" if count == "iterations" else "experiment"
    start = 0 if count == "iterations" else 1
    config = configs.get(int(keys["config"])) if "config" in keys else None
    ok = True
    if gid == "best-so-far:optimum":
        ok = document.get("optimum_value") is not None and close(artist.get_ydata(), [document["optimum_value"]] * 2)
    elif gid == "top-k:random-expected":
        ok = close(artist.get_ydata(), document["random_baseline"]["mean_top_found_share_by_experiment"])
    elif kind in ("best-so-far", "ecdf", "top-k") and config is not None:
        field = {"best-so-far": "best_so_far", "ecdf": "ecdf", "top-k": "top_found_share"}[kind]
        values = config[f"{field}_by_{suffix}"]
        x = list(range(start, start + len(values["mean"] if isinstance(values, dict) else values)))
        if isinstance(artist, mlines.Line2D):
            expected = values["mean"] if isinstance(values, dict) else values
            ok = close(artist.get_xdata(), x) and close(artist.get_ydata(), expected)
        elif isinstance(artist, mcollections.PolyCollection):
            ok = band_matches(artist, x, values["ci_low"], values["ci_high"])
    elif kind == "n-init":
        rows = sorted((e for e in document["n_init"] if e["acquisition"] == keys.get("acquisition")),
                      key=lambda e: e["n_init"])
        x = [e["n_init"] for e in rows]
        if what == "ert":
            ok = close(artist.get_xdata(), x) and close(artist.get_ydata(), [ert(e, count)[0] for e in rows])
        elif what == "band":
            ok = band_matches(artist, x, [ert(e, count)[1] for e in rows], [ert(e, count)[2] for e in rows])
        elif what == "random-expected":
            pairs = sorted({(e["n_init"], e[f"random_expected_{count}"]) for e in document["n_init"]})
            ok = close(artist.get_xdata(), [p[0] for p in pairs]) and close(artist.get_ydata(), [p[1] for p in pairs])
    elif kind == "hyperparameter":
        members = [configs[int(i)] for i in keys["configs"].split(",")]
        recommendation = next(r for r in document["recommendations"] if r["acquisition"] == keys["acquisition"])
        nsw = set(recommendation["not_significantly_worse_config_ids"])
        x = [float(c["parameters"][keys["factor"]]) for c in members]
        if what == "band":
            ok = band_matches(artist, x, [ert(c, count)[1] for c in members], [ert(c, count)[2] for c in members])
        else:
            ok = close(artist.get_xdata(), x) and close(artist.get_ydata(), [ert(c, count)[0] for c in members])
            ok = ok and (what != "nsw" or all(c["config_id"] in nsw for c in members))
            ok = ok and (what != "worse" or not any(c["config_id"] in nsw for c in members))
    elif kind == "heatmap" and isinstance(artist, mimage.AxesImage):
        heatmap = next(h for h in document["heatmaps"] if h["acquisition"] == keys["acquisition"])
        grid = artist.get_array()
        for cell in heatmap["cells"]:
            j, i = heatmap["y_levels"].index(cell["y"]), heatmap["x_levels"].index(cell["x"])
            expected = ert(configs[cell["config_id"]], count)[0]
            drawn = grid[j, i]
            if expected is None:
                ok = ok and bool(getattr(grid, "mask", None) is not None and grid.mask[j, i] or drawn != drawn)
            elif abs(float(drawn) - expected) > TOLERANCE:
                ok = False
    elif kind == "heatmap" and isinstance(artist, mpatches.Rectangle):
        heatmap = next(h for h in document["heatmaps"] if h["acquisition"] == keys["acquisition"])
        cell = next(c for c in heatmap["cells"] if c["x"] == keys["x"] and c["y"] == keys["y"])
        ok = bool(cell["not_significantly_worse"])
    elif kind == "distribution" and what == "censored":
        ok = close(sorted(artist.get_xdata()), sorted(config[f"censored_{suffix}s_spent"]))
    elif kind == "distribution" and what == "censored-quartile":
        source = config if count == "experiments" else config["iterations"]
        expected = [source[name] for name in ("q25", "median", "q75") if source[f"{name}_censored"]]
        ok = bool(expected) and close(sorted(artist.get_xdata()), sorted(expected))
    elif kind == "distribution" and what == "box":
        source = config if count == "experiments" else config["iterations"]
        xs = artist.get_path().vertices[:, 0]
        ok = abs(xs.min() - source["q25"]) < TOLERANCE and abs(xs.max() - source["q75"]) < TOLERANCE
    elif kind == "tornado":
        scope, factors = gid.split(":")[2:4]
        entry = next(e for e in document["sensitivity"] if e["scope"] == scope and "x".join(e["factors"]) == factors)
        ok = abs(artist.get_width() - entry["share"]) < TOLERANCE
    else:
        return False
    if not ok:
        failures.append(f"{count}: {gid}: drawn values differ from the summary JSON")
    return True


def check_values(source_dir, bosim, results):
    import matplotlib.pyplot as plt

    document = summary_json(bosim, results)
    failures = []
    for count in ("iterations", "experiments"):
        drawn, _ = load_figures(source_dir, document, count)
        checked = 0
        for item in drawn:
            artists = item.figure.findobj(lambda a: bool(a.get_gid()))
            for artist in artists:
                if not check_artist(artist, document, count, failures):
                    failures.append(f"{count}: {artist.get_gid()}: drawn with no check against the summary")
                checked += 1
            plt.close(item.figure)
        print(f"{count}: {checked} drawn artists compared with the summary")
        if checked < 20:
            failures.append(f"{count}: only {checked} artists with summary numbers found")
    # The check itself must be able to fail: a perturbed summary no longer matches the drawn figure.
    drawn, _ = load_figures(source_dir, document, "iterations")
    first = next(a.get_gid() for item in drawn for a in item.figure.findobj(lambda a: bool(a.get_gid()))
                 if a.get_gid().startswith("best-so-far:mean:config="))
    perturbed = json.loads(json.dumps(document))
    row = next(c for c in perturbed["configs"] if c["config_id"] == int(first.rsplit("=", 1)[1]))
    row["best_so_far_by_iteration"]["mean"][0] += 1
    caught = []
    for item in drawn:
        for artist in item.figure.findobj(lambda a: bool(a.get_gid())):
            check_artist(artist, perturbed, "iterations", caught)
        plt.close(item.figure)
    if not caught:
        failures.append("a perturbed best-so-far mean went unnoticed: the value check cannot fail")
    return failures


# ---- text extents ----------------------------------------------------------------------------------


def inside(extent, bounds, slack=0.5):
    """True when a display-space box lies within the figure (half a pixel of rounding allowed)."""
    return (extent.x0 >= bounds.x0 - slack and extent.y0 >= bounds.y0 - slack and extent.x1 <= bounds.x1 + slack
            and extent.y1 <= bounds.y1 + slack)


def clipped_texts(figure):
    """Texts (and axes with their drawn tick labels) that extend beyond the figure, after layout."""
    import matplotlib.text as mtext

    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    bounds = figure.bbox
    problems, tick_labels, shown = [], set(), []
    for axes in figure.axes:
        tick_labels.update(id(t) for t in axes.xaxis.get_ticklabels(which="both"))
        tick_labels.update(id(t) for t in axes.yaxis.get_ticklabels(which="both"))
        # Tick labels count where drawn (inside the view limits): the axes' tight box holds them.
        if axes.get_visible() and not inside(axes.get_tightbbox(renderer), bounds):
            problems.append(f"axes with labels {axes.get_tightbbox(renderer).bounds} beyond {bounds.bounds}")
    legends = [legend for axes in figure.axes for legend in [axes.get_legend()] if legend is not None]
    in_legends = {id(t) for legend in legends for t in legend.findobj(mtext.Text)}
    blocks = [("legend", legend.get_window_extent(renderer)) for legend in legends]
    for text in figure.findobj(mtext.Text):
        if id(text) in tick_labels or not text.get_visible() or not text.get_text().strip():
            continue
        shown.append(text.get_text())
        extent = text.get_window_extent(renderer)
        if not inside(extent, bounds):
            problems.append(f"text {text.get_text()!r} at {extent.bounds} beyond {bounds.bounds}")
        if id(text) not in in_legends:
            blocks.append((repr(text.get_text()), extent))
    # Titles, axis labels, annotations and legends must not overlap one another.
    for i, (name, extent) in enumerate(blocks):
        for other, other_extent in blocks[i + 1:]:
            if overlap(extent, other_extent):
                problems.append(f"{name} at {extent.bounds} overlaps {other} at {other_extent.bounds}")
    return problems, shown


def overlap(a, b, slack=1.0):
    return a.x0 + slack < b.x1 and b.x0 + slack < a.x1 and a.y0 + slack < b.y1 and b.y0 + slack < a.y1


def check_text(source_dir, bosim, results):
    import matplotlib.pyplot as plt

    document = summary_json(bosim, results)
    objective = LONG_OBJECTIVE.ljust(60, "x")[:60]
    document["objective"] = objective
    failures = []
    for count in ("iterations", "experiments"):
        drawn, _ = load_figures(source_dir, document, count)
        for item in drawn:
            problems, shown = clipped_texts(item.figure)
            failures += [f"{count}: {item.name}: {p}" for p in problems]
            unwrapped = "".join(t.replace("\n", "") for t in shown).replace(" ", "")
            if item.name == "best-so-far" and objective.replace(" ", "") not in unwrapped:
                failures.append(f"{count}: {item.name}: the objective name is not shown in full")
            plt.close(item.figure)
    # The check itself must be able to fail: an unwrapped 60-character label at the right edge sticks out.
    drawn, _ = load_figures(source_dir, document, "iterations")
    drawn[0].figure.text(0.9, 0.5, objective)
    if not clipped_texts(drawn[0].figure)[0]:
        failures.append("a text beyond the figure's edge went unnoticed: the extent check cannot fail")
    # ... and so must the overlap check: a title under a legend drawn above the axes collides with it.
    for item in drawn:
        plt.close(item.figure)
    drawn, _ = load_figures(source_dir, document, "iterations")
    with_legend_above = next(item for item in drawn if item.name == "best-so-far")
    with_legend_above.figure.axes[0].set_title("A title where the legend is", loc="left")
    if not any("overlaps" in problem for problem in clipped_texts(with_legend_above.figure)[0]):
        failures.append("a title under the legend went unnoticed: the overlap check cannot fail")
    for item in drawn:
        plt.close(item.figure)
    return failures


# ---- bad input -------------------------------------------------------------------------------------


def edited_copies(results, out_dir):
    """Hand-edited results files: (name, path, must the summary refuse it?)."""
    import h5py

    def short_trajectories(handle):
        for name in ("best_so_far", "chosen"):
            data = handle["trajectories/" + name][()][:-3]
            del handle["trajectories/" + name]
            handle["trajectories/" + name] = data

    def edit_runs(field, value, *more):
        """Sets runs[field] = value(runs[field]) (and further field, value pairs)."""
        def edit(handle):
            runs = handle["runs"][()]
            pairs = [(field, value)] + list(zip(more[::2], more[1::2]))
            for name, change in pairs:
                runs[name] = change(runs[name])
            del handle["runs"]
            handle["runs"] = runs
        return edit

    def nan_best_so_far(handle):
        handle["trajectories/best_so_far"][...] = float("nan")

    def drop_truth(handle):
        del handle["truth"]
        if "optimum_value" in handle.attrs:
            del handle.attrs["optimum_value"]

    # (name, edit, message of the refusal or None when the file is valid and must plot or be summarized).
    edits = [("short-trajectories", short_trajectories, "differ in length"),
             ("all-runs-failed", edit_runs("status", lambda s: b"failed"), None),
             ("unknown-config-ids", edit_runs("config_id", lambda c: c + 100), "/runs/config_id: row 0"),
             ("nothing-found", edit_runs("found", lambda f: 0 * f, "experiments_to_optimum", lambda e: 0 * e - 1,
                                         "iterations_to_optimum", lambda i: 0 * i - 1), None),
             ("found-disagrees", edit_runs("found", lambda f: 0 * f), "/runs/found: row 0"),
             ("negative-experiments", edit_runs("experiments_to_optimum", lambda e: 0 * e - 7),
              "/runs/experiments_to_optimum: row 0"),
             ("unknown-status", edit_runs("status", lambda s: b"lost"), "/runs/status: row 0"),
             ("nan-best-so-far", nan_best_so_far, None),
             ("no-truth", drop_truth, None)]
    copies = []
    for name, edit, refused in edits:
        path = os.path.join(out_dir, f"{name}.h5")
        shutil.copy(results, path)
        with h5py.File(path, "r+") as handle:
            edit(handle)
        copies.append((name, path, refused))
    return copies


def last_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def check_bad_input(plot, bosim, results, out_dir):
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    failures = []
    not_bosim = os.path.join(out_dir, "not-a-results-file.h5")
    with open(not_bosim, "w") as handle:
        handle.write("plain text")
    empty = os.path.join(out_dir, "empty.h5")
    open(empty, "w").close()
    # A shard that got none of the study's runs: 30 runs split in 31 shards, shard 31.
    empty_shard = os.path.join(out_dir, "empty-shard.h5")
    study = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plot_study.toml")
    made = run([bosim, "run", study, "--shard", "31/31", "-o", empty_shard, "--force"])
    if made.returncode != 0:
        failures.append(f"could not make an empty shard: {made.stderr}")
    cases = [([os.path.join(out_dir, "absent.h5")], "does not exist", True),
             ([not_bosim], "not an HDF5 file", True),
             ([empty], "not an HDF5 file", True),
             ([empty_shard], "no completed runs to plot", True),
             ([results, "--only", "pie"], "invalid choice", True),
             ([results, "--bosim", not_bosim], "not an executable file", True)]
    cases += [([path], refused or "", refused is not None) for name, path, refused in edited_copies(results, out_dir)]
    for arguments, message, refused in cases:
        result = run([plot, *arguments, "-o", os.path.join(out_dir, "figs")])
        if "Traceback" in result.stderr:
            failures.append(f"{arguments}: traceback:\n{result.stderr}")
        elif refused and (result.returncode != 2 or not last_line(result.stderr).startswith("bosim-plot: error: ") or
                          message not in last_line(result.stderr)):
            failures.append(f"{arguments}: expected exit 2 and 'bosim-plot: error: ...{message}', got "
                            f"{result.returncode}: {result.stderr!r}")
        elif not refused and result.returncode not in (0, 2):
            failures.append(f"{arguments}: exit {result.returncode}: {result.stderr!r}")
    return failures


# ---- budget ----------------------------------------------------------------------------------------


def box_extent(figure, config_id):
    """(q25, q75) of a drawn box, from its patch."""
    for artist in figure.findobj(lambda a: a.get_gid() == f"distribution:box:config={config_id}"):
        xs = artist.get_path().vertices[:, 0]
        return float(xs.min()), float(xs.max())
    return None


def check_budget(source_dir, bosim, results):
    """A budget study where random search rarely or never finds the optimum: the summary ranks the Bayesian
    settings ahead of it by ERT, every drawn value equals the summary, and its box is not drawn left of theirs
    (a box over its few successes would make it look fastest) but at what its runs spent, marked censored."""
    import matplotlib.pyplot as plt

    document = summary_json(bosim, results)
    failures = []
    random = next(c for c in document["configs"] if c["acquisition"] == "random")
    bayesian = [c for c in document["configs"] if c["acquisition"] != "random"]
    if random["success_rate"] >= 0.5 or not any(c["success_rate"] > random["success_rate"] for c in bayesian):
        failures.append("the budget study no longer makes random search miss the optimum more often than EI")
    if any(c["rank"] > random["rank"] for c in bayesian):
        failures.append("random search is not ranked last by ERT")
    for count in ("iterations", "experiments"):
        drawn, _ = load_figures(source_dir, document, count)
        for item in drawn:
            for artist in item.figure.findobj(lambda a: bool(a.get_gid())):
                if not check_artist(artist, document, count, failures):
                    failures.append(f"{count}: {artist.get_gid()}: drawn with no check against the summary")
        distribution = next(item.figure for item in drawn if item.name == "distribution")
        random_box = box_extent(distribution, random["config_id"])
        if random_box is None:
            failures.append(f"{count}: random search has no box")
        for config in bayesian:
            box = box_extent(distribution, config["config_id"])
            if box is not None and random_box is not None and random_box[0] < box[0]:
                failures.append(f"{count}: random search's box starts left of config {config['config_id']}'s")
        if not distribution.findobj(lambda a: a.get_gid() == f"distribution:censored-quartile:config={random['config_id']}"):
            failures.append(f"{count}: random search's censored quartiles are not marked")
        for item in drawn:
            plt.close(item.figure)
    return failures


def main(check, plot, bosim, source_dir, results, out_dir):
    if check == "files":
        failures = check_files(plot, results, out_dir)
    elif check == "values":
        failures = check_values(source_dir, bosim, results)
    elif check == "text":
        failures = check_text(source_dir, bosim, results)
    elif check == "bad-input":
        failures = check_bad_input(plot, bosim, results, out_dir)
    elif check == "budget":
        failures = check_budget(source_dir, bosim, results)
    else:
        raise SystemExit(f"unknown check {check}")
    for failure in failures:
        print("FAIL:", failure)
    print(f"{check}: {'FAILED' if failures else 'passed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:7]))
