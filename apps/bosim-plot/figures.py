"""The figures of bosim-plot, each drawn from numbers of the summary JSON (summary_json.py) and nothing else.

Every plotter returns Drawn figures (with a one-line caption: what is compared, n, the test) or a Skipped
reason. Artists that carry summary numbers have a gid "KIND:WHAT:config=ID" so that a test can read the
drawn values back and compare them with the summary (tests/plot/check_plots.py).
"""

import math
import textwrap

from summary_json import (RANDOM, SYMBOLS, Summary, curve, label_of, number, numbers, pretty_settings, running_time)

COLUMN_WIDTH_INCHES = 3.3
FONT_POINTS = 8
# Okabe & Ito (2008) colour-blind-safe palette by acquisition; random search is always black.
COLOURS = {"pi": "#E69F00", "ei": "#0072B2", "ucb": "#009E73", "thompson": "#CC79A7", "mean-variance": "#D55E00",
           "exploration": "#56B4E9", RANDOM: "#000000"}
# Campaign parameters that are not tunable acquisition hyperparameters (never the x-axis of a Fig. 5 plot).
NOT_HYPERPARAMETERS = {"acquisition", "n_init", "budget", "init", "mode", "continue_after_optimum", "prior_data",
                       "initial_data", "replacement", "batch_size"}
COUNT_AXIS = {"iterations": "Iterations after the initial designs", "experiments": "Experiments (initial designs included)"}
PAIRED_TEST = "one-sided paired Wilcoxon signed-rank test vs the best setting, Holm-corrected"


class Drawn:
    def __init__(self, name, figure, caption):
        self.name, self.figure, self.caption = name, figure, " ".join(caption.split())


class Skipped:
    def __init__(self, kind, reason):
        self.kind, self.reason = kind, reason


def colour_of(acquisition):
    return COLOURS.get(acquisition, "#999999")


def wrap(text, inches, points=FONT_POINTS):
    """Breaks text into lines that fit `inches` at `points` (a generous 0.62 em per character)."""
    characters = max(8, int(inches * 72 / (points * 0.62)))
    return "\n".join(textwrap.wrap(text, characters, break_long_words=True)) or text


def new_figure(columns=1, height=2.4, width=COLUMN_WIDTH_INCHES, rows=1, share_y=False):
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(rows, columns, figsize=(width, height), constrained_layout=True, squeeze=False,
                                sharey=share_y)
    return figure, list(axes.flat)


def count_word(count):
    return "iterations" if count == "iterations" else "experiments"


def legend_label(summary, config):
    if config["acquisition"] == RANDOM:
        return label_of(RANDOM)
    recommendation = summary.recommendations.get(config["acquisition"]) or {}
    settings = recommendation.get("settings", "") if recommendation.get("config_id") == config["config_id"] else ""
    return label_of(config["acquisition"]) + (f" ({pretty_settings(settings)})" if settings else "")


def runs_text(configs):
    counts = sorted({int(c.get("runs", 0)) for c in configs})
    if not counts:
        return "n = 0 runs"
    return f"n = {counts[0]} runs each" if len(counts) == 1 else f"n = {counts[0]}–{counts[-1]} runs per setting"


def completed_runs(summary):
    return sum(int(c.get("runs") or 0) for c in summary.configs)


def bootstrap_text(summary):
    bootstrap = summary.doc.get("bootstrap") or {}
    return f"95 % bootstrap CI, {bootstrap.get('resamples', '?')} resamples"


def optimal_design_text(summary):
    """' at #412 (ligand = …, solvent = …)': the first optimal design by name, as the summary gives it."""
    designs = summary.doc.get("optimal_designs") or []
    if not designs:
        return ""
    values = ", ".join(f"{name} = {value}" for name, value in designs[0]["features"].items())
    more = len(designs) > 1 or (summary.doc.get("optimal_design_count") or 1) > 1
    return f" at #{designs[0]['index']} ({values}){' and its ties' if more else ''}"


def baseline_text(config):
    return f"random search (n_init = {config.get('n_init')}, config {config['config_id']})"


def compared_names(summary, configs):
    names = [legend_label(summary, c) for c in configs if c["acquisition"] != RANDOM]
    baseline = [baseline_text(c) for c in configs if c["acquisition"] == RANDOM]
    swept = any(len(summary.configs_of(c["acquisition"], fixed_only=True)) > 1 for c in configs
                if c["acquisition"] != RANDOM)
    what = "best setting of each acquisition" if swept else "each acquisition's only fixed setting"
    return f"{what} (" + "; ".join(names) + ")" + (f" vs {baseline[0]}" if baseline else "")


def legend(axes, location="above"):
    """The legend inside the axes at `location`, or above them in two columns (never over the curves)."""
    handles, labels = axes.get_legend_handles_labels()
    if not handles:
        return
    if location == "above":
        axes.legend(handles, [wrap(label, 1.45, 7) for label in labels], frameon=False, fontsize=7, ncol=2,
                    loc="lower left", bbox_to_anchor=(0.0, 1.01), borderaxespad=0.0, columnspacing=1.0)
    else:
        axes.legend(handles, [wrap(label, 1.6, 7) for label in labels], frameon=False, fontsize=7, loc=location)


# ---- Fig. 3a: best so far -------------------------------------------------------------------------


def plot_best_so_far(summary, count):
    """Mean best-so-far value with its bootstrap band, best setting of each acquisition and random search."""
    configs = [c for c in summary.compared_set() if curve(c, "best_so_far", count)[0]]
    if not configs:
        return Skipped("best-so-far", "no configuration has a best-so-far curve")
    figure, (axes,) = new_figure()
    for config in configs:
        x, values = curve(config, "best_so_far", count)
        colour, cid = colour_of(config["acquisition"]), config["config_id"]
        axes.plot(x, numbers(values["mean"]), color=colour, lw=1.2, label=legend_label(summary, config),
                  gid=f"best-so-far:mean:config={cid}")
        axes.fill_between(x, numbers(values["ci_low"]), numbers(values["ci_high"]), color=colour, alpha=0.2, lw=0,
                          gid=f"best-so-far:band:config={cid}")
    if summary.doc.get("optimum_value") is not None:
        axes.axhline(number(summary.doc["optimum_value"]), color="0.5", lw=0.8, ls="--",
                     label=f"Optimum ({number(summary.doc['optimum_value']):.4g})", gid="best-so-far:optimum")
    axes.set_xlim(left=0 if count == "iterations" else 1)
    axes.set_xlabel(COUNT_AXIS[count])
    axes.set_ylabel(wrap(f"Best so far: {summary.objective}", 2.0))
    legend(axes)
    optimum = (f"; dashed: the pool's optimum {number(summary.doc['optimum_value']):.4g}"
               f"{optimal_design_text(summary)}" if summary.doc.get("optimum_value") is not None else "")
    caption = (f"Mean best-so-far {summary.objective} vs {count_word(count)} (band: {bootstrap_text(summary)}"
               f"{optimum}): {compared_names(summary, configs)}; {runs_text(configs)}; no test.")
    return [Drawn("best-so-far", figure, caption)]


# ---- ECDF and top-k % ----------------------------------------------------------------------------


def plot_ecdf(summary, count):
    configs = [c for c in summary.compared_set() if curve(c, "ecdf", count)[0]]
    if not configs:
        return Skipped("ecdf", "no configuration has an ECDF")
    figure, (axes,) = new_figure()
    for config in configs:
        x, values = curve(config, "ecdf", count)
        axes.step(x, numbers(values), where="post", color=colour_of(config["acquisition"]), lw=1.2,
                  label=legend_label(summary, config), gid=f"ecdf:ecdf:config={config['config_id']}")
    axes.set_ylim(0, 1.02)
    axes.set_xlim(left=0 if count == "iterations" else 1)
    axes.set_xlabel(COUNT_AXIS[count])
    axes.set_ylabel("Share of runs at the optimum")
    legend(axes)
    caption = (f"Share of runs that have found the optimum by each {count_word(count)[:-1]} (ECDF; plateaus at the "
               f"success rate): {compared_names(summary, configs)}; {runs_text(configs)}; no test.")
    return [Drawn("ecdf", figure, caption)]


def plot_top_k(summary, count):
    if not summary.doc.get("campaigns_continue_past_optimum"):
        return Skipped("top-k", summary.doc.get("top_k_note") or
                       "campaigns stop at the optimum (set continue_after_optimum = true)")
    configs = [c for c in summary.compared_set() if curve(c, "top_found_share", count)[0]]
    if not configs:
        return Skipped("top-k", "the summary has no top-k % curves (no /truth in the results file)")
    figure, (axes,) = new_figure()
    for config in configs:
        x, values = curve(config, "top_found_share", count)
        colour, cid = colour_of(config["acquisition"]), config["config_id"]
        axes.plot(x, numbers(values["mean"]), color=colour, lw=1.2, label=legend_label(summary, config),
                  gid=f"top-k:share:config={cid}")
        axes.fill_between(x, numbers(values["ci_low"]), numbers(values["ci_high"]), color=colour, alpha=0.2, lw=0,
                          gid=f"top-k:band:config={cid}")
    baseline = summary.doc.get("random_baseline") or {}
    n_inits = {c.get("n_init") for c in configs}
    if baseline.get("analytic") and baseline.get("mean_top_found_share_by_experiment") and len(n_inits) == 1:
        values = numbers(baseline["mean_top_found_share_by_experiment"])
        shift = next(iter(n_inits)) if count == "iterations" else 0
        x = [n + 1 - shift for n in range(len(values))]
        axes.plot(x, values, color="#000000", lw=1.0, ls="--", label="Random search (expected)",
                  gid="top-k:random-expected")
    percent = 100 * number(summary.doc.get("top_fraction", 0.05))
    axes.set_ylim(0, 1.02)
    axes.set_xlim(left=0 if count == "iterations" else 1)
    axes.set_xlabel(COUNT_AXIS[count])
    axes.set_ylabel(f"Share of the top-{percent:g} % designs found")
    legend(axes)
    caption = (f"Mean share of the top-{percent:g} % designs measured vs {count_word(count)} (Liang et al. 2021; "
               f"band: {bootstrap_text(summary)}): {compared_names(summary, configs)}; {runs_text(configs)}; no test.")
    return [Drawn("top-k", figure, caption)]


# ---- Fig. 4: n_init ------------------------------------------------------------------------------


def draw_n_init(axes, entries, acquisitions, count, with_random):
    """ERT vs n_init per acquisition (and the random expectation when with_random); returns the largest ERT."""
    largest = 0.0
    for acquisition in acquisitions:
        if acquisition == RANDOM and not with_random:
            continue
        rows = sorted((e for e in entries if e["acquisition"] == acquisition), key=lambda e: e["n_init"])
        x = [e["n_init"] for e in rows]
        value, low, high = zip(*(running_time(e, count) for e in rows))
        colour = colour_of(acquisition)
        axes.plot(x, value, "o-", color=colour, lw=1.2, ms=3, label=label_of(acquisition),
                  gid=f"n-init:ert:acquisition={acquisition}")
        axes.fill_between(x, low, high, color=colour, alpha=0.2, lw=0, gid=f"n-init:band:acquisition={acquisition}")
        largest = max([largest] + [v for v in high + value if not math.isnan(v) and not math.isinf(v)])
    expected = sorted({(e["n_init"], number(e.get(f"random_expected_{count}"))) for e in entries})
    expected = [(n, v) for n, v in expected if not math.isnan(v)]
    if expected and with_random:
        axes.plot(*zip(*expected), color="#000000", lw=1.0, ls="--", label="Random search (expected)",
                  gid="n-init:random-expected")
    axes.set_ylim(bottom=0)
    axes.set_xlabel("Initial designs n_init")
    return largest


def plot_n_init(summary, count):
    """Reference Fig. 4; a second panel without random search when it dwarfs the acquisitions (> 4×)."""
    entries = summary.doc.get("n_init") or []
    acquisitions = [a for a in summary.acquisitions() if len({e["n_init"] for e in entries if e["acquisition"] == a}) > 1]
    if not acquisitions:
        return Skipped("n-init", "n_init was not swept")
    others = [a for a in acquisitions if a != RANDOM]
    random_values = [number(running_time(e, count)[0]) for e in entries if e["acquisition"] == RANDOM]
    bo_values = [number(running_time(e, count)[0]) for e in entries if e["acquisition"] in others]
    zoom = (bool(others) and RANDOM in acquisitions and bool(random_values) and
            max(random_values) > 4 * max(bo_values + [1e-9]))
    figure, panels = new_figure(2 if zoom else 1, width=COLUMN_WIDTH_INCHES * (2 if zoom else 1))
    bo_largest = draw_n_init(panels[0], entries, others, count, False) if zoom else 0.0
    panels[0].set_autoscaley_on(True)  # draw_n_init fixed the y range; let random search extend it
    draw_n_init(panels[0], entries, [RANDOM] if zoom else acquisitions, count, True)
    panels[0].set_ylabel(wrap(f"ERT to the optimum ({count_word(count)})", 2.0))
    if zoom:  # random search high, the acquisitions near 0: the legend goes just above their bands
        handles, labels = panels[0].get_legend_handles_labels()
        panels[0].legend(handles, [wrap(label, 1.6, 7) for label in labels], frameon=False, fontsize=7,
                         loc="lower right", bbox_to_anchor=(1.0, bo_largest / panels[0].get_ylim()[1] + 0.02))
        panels[0].set_title("(a) with random search", loc="left")
        draw_n_init(panels[1], entries, others, count, False)
        legend(panels[1], "lower left")
        panels[1].set_title("(b) Bayesian optimization only, y from 0", loc="left")
    else:
        legend(panels[0])
    caption = (f"Expected running time to the optimum (ERT, {count_word(count)}; band: {bootstrap_text(summary)}) vs "
               f"the number of initial designs, per acquisition, runs pooled over other swept factors; "
               f"{runs_text(entries).replace('setting', 'point')}; dashed: exact expectation of random search without "
               f"replacement" + ("; (b) the acquisitions alone on their own scale" if zoom else "") + "; no test.")
    return [Drawn("n-init", figure, caption)]


# ---- Fig. 5a, 5b: one hyperparameter, one panel per acquisition ----------------------------------


def numeric(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def swept_hyperparameters(summary):
    """{factor: [acquisitions]} for numeric hyperparameters varied among an acquisition's fixed settings."""
    factors = {}
    for acquisition in summary.acquisitions():
        configs = summary.configs_of(acquisition, fixed_only=True)
        for factor in summary.varying(configs):
            if factor not in NOT_HYPERPARAMETERS and all(numeric(c["parameters"].get(factor)) is not None
                                                         for c in configs):
                factors.setdefault(factor, []).append(acquisition)
    return factors


def friedman_text(summary, acquisition):
    friedman = (summary.recommendations.get(acquisition) or {}).get("friedman")
    if not friedman or friedman.get("p_value") is None:
        return ""
    return f"Friedman p = {number(friedman['p_value']):.2g} ({label_of(acquisition)})"


def plot_hyperparameter_panel(summary, axes, acquisition, factor, count, letter):
    configs = summary.configs_of(acquisition, fixed_only=True)
    others = [f for f in summary.varying(configs) if f != factor]
    groups = {}
    for config in configs:
        groups.setdefault(tuple(config["parameters"].get(f) for f in others), []).append(config)
    nsw = summary.not_significantly_worse(acquisition)
    styles = ["-", "--", ":", "-."]
    for index, (key, members) in enumerate(sorted(groups.items())):
        members.sort(key=lambda c: numeric(c["parameters"][factor]))
        x = [numeric(c["parameters"][factor]) for c in members]
        value, low, high = zip(*(running_time(c, count) for c in members))
        name = ", ".join(f"{SYMBOLS.get(o, o)} = {v}" for o, v in zip(others, key))
        colour = colour_of(acquisition)
        gid = f"hyperparameter:{{}}:acquisition={acquisition}:factor={factor}:configs={{}}"
        ids = ",".join(str(c["config_id"]) for c in members)
        axes.plot(x, value, color=colour, lw=1.0, ls=styles[index % len(styles)], label=name or None,
                  gid=gid.format("ert", ids))
        axes.fill_between(x, low, high, color=colour, alpha=0.15, lw=0, gid=gid.format("band", ids))
        for keep in (True, False):
            chosen = [(xi, vi, c["config_id"]) for xi, vi, c in zip(x, value, members) if (c["config_id"] in nsw) == keep]
            if chosen:
                axes.plot([p[0] for p in chosen], [p[1] for p in chosen], "o", ms=3.5, color=colour,
                          mfc=colour if keep else "white", mew=0.8,
                          gid=gid.format("nsw" if keep else "worse", ",".join(str(p[2]) for p in chosen)))
    axes.plot([], [], "o", ms=3.5, color="0.3", label="not significantly worse")
    axes.plot([], [], "o", ms=3.5, color="0.3", mfc="white", mew=0.8, label="significantly worse")
    title = f"({letter}) {label_of(acquisition)}" if letter else label_of(acquisition)
    if all(c["config_id"] in nsw for c in configs):
        title += ": no setting significantly worse than the best"
    axes.set_title(wrap(title, 2.9), loc="left")
    axes.set_xlabel(axis_label(factor, summary.objective))
    legend(axes, "lower right")


def axis_label(factor, objective):
    """Symbols of the reference study; delta is in the objective's unit, e.g. "Lifetime (cycles)" → cycles."""
    import re

    unit = re.search(r"\(([^()]*)\)\s*$", objective)
    labels = {"delta": "δ" + (f" ({unit.group(1)})" if unit else " (objective units)"), "beta0": "β₀", "epsilon": "ε",
              "alpha": "α"}
    return wrap(labels.get(factor, factor), 1.4)


def plot_hyperparameters(summary, count):
    factors = swept_hyperparameters(summary)
    if not factors:
        return Skipped("hyperparameter", "no numeric hyperparameter was swept")
    drawn = []
    for factor, acquisitions in factors.items():
        columns = min(2, len(acquisitions))
        rows = math.ceil(len(acquisitions) / columns)
        figure, panels = new_figure(columns, 2.4 * rows, COLUMN_WIDTH_INCHES * columns, rows, share_y=True)
        for index, (acquisition, axes) in enumerate(zip(acquisitions, panels)):
            letter = "abcdefgh"[index] if len(acquisitions) > 1 else ""
            plot_hyperparameter_panel(summary, axes, acquisition, factor, count, letter)
            if index % columns == 0:
                axes.set_ylabel(wrap(f"ERT to the optimum ({count_word(count)})", 2.0))
        for axes in panels[len(acquisitions):]:
            axes.set_visible(False)
        panels[0].autoscale(axis="y")  # over every panel (shared y), then from 0: differences at their true size
        panels[0].set_ylim(bottom=0)
        configs = [c for a in acquisitions for c in summary.configs_of(a, fixed_only=True)]
        tests = "; ".join(t for t in (friedman_text(summary, a) for a in acquisitions) if t)
        caption = (f"ERT to the optimum ({count_word(count)}; band: {bootstrap_text(summary)}) vs {factor}, "
                   f"{', '.join(f'({l}) {label_of(a)}' for l, a in zip('abcdefgh', acquisitions))}; "
                   f"{runs_text(configs)}; filled markers: not significantly worse than the acquisition's best setting "
                   f"({PAIRED_TEST}, alpha = {summary.doc.get('alpha', 0.05)}), hollow: significantly worse"
                   + (f"; {tests}." if tests else "."))
        drawn.append(Drawn(f"hyperparameter-{factor}", figure, caption))
    return drawn


# ---- Fig. 5c: heatmap ----------------------------------------------------------------------------


def plot_heatmaps(summary, count):
    maps = summary.doc.get("heatmaps") or []
    if not maps:
        return Skipped("heatmap", "no acquisition swept two factors")
    import matplotlib.patches as patches
    import numpy as np

    drawn = []
    for heatmap in maps:
        acquisition, xs, ys = heatmap["acquisition"], heatmap["x_levels"], heatmap["y_levels"]
        grid = np.full((len(ys), len(xs)), np.nan)
        flags = np.zeros_like(grid, dtype=bool)
        cell_ids = np.full(grid.shape, -1)
        best_id = (summary.recommendations.get(acquisition) or {}).get("config_id")
        for cell in heatmap["cells"]:
            j, i = ys.index(cell["y"]), xs.index(cell["x"])
            cell_ids[j, i] = cell["config_id"]
            grid[j, i] = running_time(summary.config(cell["config_id"]), count)[0]
            flags[j, i] = bool(cell.get("not_significantly_worse"))
        figure, (axes,) = new_figure(height=2.9)
        finite = grid[np.isfinite(grid)]
        top = float(finite.max()) if finite.size else 1.0
        image = axes.imshow(grid, origin="lower", aspect="auto", cmap="viridis", vmin=0, vmax=top,
                            gid=f"heatmap:ert:acquisition={acquisition}")
        image.cmap.set_bad("0.85")
        for (j, i), value in np.ndenumerate(grid):
            text = "∞" if math.isnan(value) else f"{value:.3g}"
            best = cell_ids[j, i] == best_id
            axes.text(i, j, text + ("\nbest" if best else ""), ha="center", va="center", fontsize=6,
                      fontweight="bold" if best else "normal", color="black" if value > top / 2 else "white")
            if flags[j, i]:
                axes.add_patch(patches.Rectangle((i - 0.45, j - 0.45), 0.9, 0.9, fill=False, ec="#D55E00", lw=1.2,
                                                 gid=f"heatmap:nsw:acquisition={acquisition}:x={xs[i]}:y={ys[j]}"))
        axes.set_xticks(range(len(xs)), xs)
        axes.set_yticks(range(len(ys)), ys)
        axes.set_xlabel(axis_label(heatmap["x_factor"], summary.objective))
        axes.set_ylabel(axis_label(heatmap["y_factor"], summary.objective))
        axes.set_title(wrap(f"{label_of(acquisition)}: framed = not significantly worse than the best", 2.6, 7),
                       fontsize=7)
        colourbar = figure.colorbar(image, ax=axes)
        colourbar.set_label(wrap(f"ERT ({count_word(count)}); linear scale from 0", 2.5, 7), fontsize=7)
        configs = [summary.config(c["config_id"]) for c in heatmap["cells"]]
        caption = (f"ERT to the optimum ({count_word(count)}) of {label_of(acquisition)} over {heatmap['x_factor']} × "
                   f"{heatmap['y_factor']}, colour scale linear from 0 to {top:.3g}; {runs_text(configs)}; framed cells: "
                   f"not significantly worse than the best setting ({PAIRED_TEST}); "
                   f"{friedman_text(summary, acquisition) or 'no Friedman test'}.")
        drawn.append(Drawn(f"heatmap-{acquisition}", figure, caption))
    return drawn


# ---- Fig. 6c: distributions with censored runs -----------------------------------------------------


def distribution_groups(summary):
    """(label, config) in display order: per BO acquisition its best setting and randomized settings, then the baseline."""
    groups = []
    best = []
    for acquisition in summary.acquisitions():
        if acquisition == RANDOM:
            continue
        config = summary.best_setting(acquisition)
        if config is not None:
            best.append(config)
            settings = pretty_settings(summary.recommendations[acquisition].get("settings", ""))
            if len(summary.configs_of(acquisition, fixed_only=True)) == 1:
                groups.append((f"{label_of(acquisition)} (its only fixed setting)", config))
            else:
                groups.append((f"{label_of(acquisition)} best setting" + (f" ({settings})" if settings else ""), config))
        for randomized in (c for c in summary.configs_of(acquisition) if c["randomized"]):
            groups.append((f"{label_of(acquisition)} randomized ({pretty_settings(randomized['randomized'])})",
                           randomized))
    n_inits = {c.get("n_init") for c in best}
    baseline = summary.baseline(next(iter(n_inits)) if len(n_inits) == 1 else None)
    if baseline is not None:
        groups.append((f"Random search (baseline, n_init = {baseline.get('n_init')})", baseline))
    return groups


def paired_p_text(summary, config):
    """Under a randomized setting: the paired test of location and the spread test against the best (Holm-adjusted)."""
    comparison = summary.comparison(config["acquisition"], config["config_id"]) if config["randomized"] else None
    if not comparison or comparison.get("holm_adjusted_p") is None:
        return ""
    text = f"\nvs best fixed: paired p = {number(comparison['holm_adjusted_p']):.2g}"
    spread = comparison.get("spread") or {}
    if spread.get("holm_adjusted_p") is not None:
        text += f"\nSD ratio {number(spread.get('sd_ratio')):.2f}, spread p = {number(spread['holm_adjusted_p']):.2g}"
    return text


CENSORABLE = ("q25", "median", "q75")


def censored_quartiles(config, count):
    """Values of the quartiles that fall among runs that missed the optimum (the true value exceeds them)."""
    source = config if count == "experiments" else (config.get("iterations") or {})
    return [number(source.get(name)) for name in CENSORABLE if source.get(f"{name}_censored")]


def ert_text(value):
    return "∞" if math.isnan(value) or math.isinf(value) else f"{value:.3g}"


def box_statistics(config, count):
    """matplotlib bxp statistics straight from the summary (quartiles and Tukey whiskers over all runs, misses
    ranked worst; fliers: successful runs beyond the whiskers)."""
    source = config if count == "experiments" else (config.get("iterations") or {})
    found = numbers(config.get(f"{count}_of_found_runs") or [])
    stats = {"med": number(source.get("median")), "q1": number(source.get("q25")), "q3": number(source.get("q75")),
             "whislo": number(source.get("whisker_low")), "whishi": number(source.get("whisker_high"))}
    stats["fliers"] = [v for v in found if v < stats["whislo"] or v > stats["whishi"]]
    return stats


def draw_boxes(axes, groups, labels, count):
    """Horizontal boxes of `groups` (first on top) with censored runs and quartiles; linear axis from 0."""
    positions = list(range(len(groups), 0, -1))
    # Quartiles are over all runs (misses ranked worst), so a setting that never found the optimum still has
    # a box: at what its runs spent, its quartiles marked censored.
    drawable = [(p, box_statistics(c, count), c) for p, (_, c) in zip(positions, groups)
                if not math.isnan(box_statistics(c, count)["med"])]
    if drawable:
        boxes = axes.bxp([s for _, s, _ in drawable], positions=[p for p, _, _ in drawable], vert=False, widths=0.55,
                         patch_artist=True, flierprops={"markersize": 2}, medianprops={"color": "black"})
        for patch, (_, _, config) in zip(boxes["boxes"], drawable):
            patch.set_facecolor(colour_of(config["acquisition"]))
            patch.set_alpha(0.55)
            patch.set_gid(f"distribution:box:config={config['config_id']}")
    for position, (_, config) in zip(positions, groups):
        beyond = censored_quartiles(config, count)
        if beyond:
            axes.plot(beyond, [position] * len(beyond), ">", color="black", ms=4, mfc="white", mew=0.8,
                      label="quartile among the misses (true value larger)",
                      gid=f"distribution:censored-quartile:config={config['config_id']}")
        spent = numbers(config.get(f"censored_{count}_spent") or [])
        if spent:
            axes.plot(spent, [position] * len(spent), "x", color="#D55E00", ms=4, mew=0.9, alpha=0.7,
                      label="run that missed the optimum (at what it spent)",
                      gid=f"distribution:censored:config={config['config_id']}")
    axes.set_yticks(positions, labels, fontsize=6.5)
    axes.set_ylim(0.4, len(groups) + 0.6)
    axes.set_xlim(left=0)  # linear from 0, as the reference study's Fig. 6c
    axes.set_xlabel(wrap(f"{count_word(count).capitalize()} to the optimum", 1.5, 8))


def largest_drawn(config, count):
    """The largest value a group's box, whiskers or censored points reach."""
    source = config if count == "experiments" else (config.get("iterations") or {})
    values = [number(source.get("whisker_high")), number(source.get("q75"))]
    values += numbers(config.get(f"{count}_of_found_runs") or []) + numbers(config.get(f"censored_{count}_spent") or [])
    values = [v for v in values if not math.isnan(v)]
    return max(values) if values else 0.0


def plot_distribution(summary, count):
    groups = distribution_groups(summary)
    if not groups:
        return Skipped("distribution", "no best setting or random search to compare")
    labels = [wrap(name, 1.55, 7) + f"\nn = {int(c.get('runs', 0))}, {100 * number(c.get('success_rate')):.0f} % found,"
              f" ERT {ert_text(running_time(c, count)[0])}" + paired_p_text(summary, c) for name, c in groups]
    # Rows far enough apart for the tallest label (6.5 pt text, 1.15 line spacing).
    row_inches = max(0.42, max(label.count("\n") + 1 for label in labels) * 6.5 * 1.15 / 72 + 0.04)
    # Random search can need 10× more than Bayesian optimization (666 designs): then it gets its own panel
    # below, each panel linear from 0 on its own scale, instead of a log axis or squashed boxes.
    split = (len(groups) > 1 and groups[-1][1]["acquisition"] == RANDOM and
             largest_drawn(groups[-1][1], count) > 3 * max(largest_drawn(c, count) for _, c in groups[:-1]))
    parts = [(groups[:-1], labels[:-1]), (groups[-1:], labels[-1:])] if split else [(groups, labels)]
    import matplotlib.pyplot as plt

    heights = [row_inches * len(part) + (0.55 if split else 0.0) for part, _ in parts]
    figure, axes_list = plt.subplots(len(parts), 1, figsize=(COLUMN_WIDTH_INCHES, 1.3 + sum(heights)),
                                     constrained_layout=True, squeeze=False, gridspec_kw={"height_ratios": heights})
    axes_list = list(axes_list.flat)
    for axes, (part, part_labels) in zip(axes_list, parts):
        draw_boxes(axes, part, part_labels, count)
    if split:
        axes_list[0].set_title("(a) Bayesian optimization", fontsize=7, loc="left")
        axes_list[1].set_title("(b) random search, its own scale", fontsize=7, loc="left")
    handles = {}
    for axes in axes_list:
        for handle, text in zip(*axes.get_legend_handles_labels()):
            handles.setdefault(text, handle)
    if handles:  # one column above the axes, which the long box labels push to the right
        from matplotlib.transforms import ScaledTranslation

        # Above the axes, and above panel (a)'s title (7 pt) when there is one: a fixed offset in points.
        lift = ScaledTranslation(0, (14 if split else 2) / 72, figure.dpi_scale_trans)
        axes_list[0].legend(list(handles.values()), [wrap(text, 1.25, 6.5) for text in handles], frameon=False,
                            fontsize=6.5, loc="lower right", bbox_to_anchor=(1.0, 1.0),
                            bbox_transform=axes_list[0].transAxes + lift, borderaxespad=0.0)
    configs = [c for _, c in groups]
    tests = []
    for name, config in groups:
        comparison = summary.comparison(config["acquisition"], config["config_id"]) if config["randomized"] else None
        if comparison and comparison.get("holm_adjusted_p") is not None:
            spread = comparison.get("spread") or {}
            spread_text = (f"; spread: SD {number(spread.get('sd')):.2f} vs {number(spread.get('sd_best')):.2f} "
                           f"experiments, two-sided paired Pitman-Morgan test, Holm-adjusted p = "
                           f"{number(spread.get('holm_adjusted_p')):.2g}" if spread else "")
            tests.append(f"{name} vs the acquisition's best fixed setting: Holm-adjusted p = "
                         f"{number(comparison['holm_adjusted_p']):.2g}, median paired difference "
                         f"{comparison.get('median_difference')} experiments" + spread_text)
    caption = (f"{count_word(count).capitalize()} to the optimum per run: "
               + "; ".join(name for name, _ in groups) + f"; {runs_text(configs)}; boxes: quartiles and Tukey whiskers over "
               "all runs, runs that did not find the optimum ranked worst (crosses, drawn at what they spent; a quartile "
               "among them is marked ▷ and only known to be larger)"
               + ("; random search in panel (b) on its own linear scale" if split else "") + "; "
               + (f"{PAIRED_TEST}: " + "; ".join(tests) + "." if tests else "no test drawn."))
    return [Drawn("distribution", figure, caption)]


# ---- sensitivity ---------------------------------------------------------------------------------


def factor_name(entry):
    names = [{"delta": "δ", "beta0": "β₀", "epsilon": "ε"}.get(f, f) for f in entry.get("factors", [])]
    scope = entry.get("scope", "all")
    return " × ".join(names) + ("" if scope == "all" else f" ({label_of(scope)})")


def plot_tornado(summary, count):
    entries = [e for e in summary.doc.get("sensitivity") or [] if e.get("share") is not None]
    if len(entries) < 2:
        return Skipped("tornado", "fewer than two sensitivity shares to compare")
    entries.sort(key=lambda e: number(e["share"]))
    figure, (axes,) = new_figure(height=0.7 + 0.24 * len(entries))
    bars = axes.barh([wrap(factor_name(e), 1.3, 7) for e in entries], [number(e["share"]) for e in entries],
                     color="#0072B2")
    for bar, entry in zip(bars, entries):
        bar.set_gid(f"tornado:share:{entry.get('scope')}:{'x'.join(entry.get('factors', []))}")
    axes.tick_params(axis="y", labelsize=6.5)
    axes.set_xlim(0, 1)
    axes.set_xlabel(wrap("Share of the variance of experiments to the optimum", 2.0))
    caption = (f"Share of the variance of experiments to the optimum explained by each swept factor (main effects) and "
               f"crossed pair (interactions), per scope; n = {completed_runs(summary)} runs; no test.")
    return [Drawn("tornado", figure, caption)]


PLOTTERS = {
    "best-so-far": plot_best_so_far,     # reference study Fig. 3a
    "n-init": plot_n_init,               # Fig. 4
    "hyperparameter": plot_hyperparameters,  # Fig. 5a, 5b
    "heatmap": plot_heatmaps,            # Fig. 5c
    "distribution": plot_distribution,   # Fig. 6c
    "ecdf": plot_ecdf,
    "top-k": plot_top_k,
    "tornado": plot_tornado,
}


def make_figures(document, kinds, count):
    """Drawn figures and Skipped reasons for the given plot kinds."""
    summary = Summary(document)
    drawn, skipped = [], []
    for kind in kinds:
        result = PLOTTERS[kind](summary, count)
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            drawn.extend(result)
    return drawn, skipped
