"""bosim-plot: figures from a bosim results file (HDF5), chosen by what the study swept.

Definitions of every metric are in docs/metrics.md; they match `bosim summary`.
"""

import argparse
import os
import sys

PLOT_KINDS = (
    "best-so-far",     # best value vs experiment, one curve per acquisition (reference study Fig. 3a)
    "n-init",          # experiments to optimum vs n_init, per acquisition (Fig. 4)
    "hyperparameter",  # experiments to optimum vs one hyperparameter with CI band (Fig. 5a, 5b)
    "heatmap",         # mean experiments to optimum over two hyperparameters (Fig. 5c)
    "distribution",    # box plots: tuned vs randomized hyperparameters vs random search (Fig. 6c)
    "ecdf",            # empirical CDF of experiments to optimum
    "top-k",           # fraction of the top-5 % designs found vs experiment (Liang et al. 2021)
    "tornado",         # share of variance explained by each swept factor
)

EXIT_BAD_INPUT = 2

# Okabe & Ito (2008) colour-blind-safe palette; random search is always black.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442"]
ACQUISITION_ORDER = ["pi", "ei", "ucb", "thompson", "mean-variance", "exploration"]
RANDOM = "random"
TOP_FRACTION = 0.05
CONFIDENCE_Z = 1.959963984540054  # two-sided 95 % normal quantile

COLUMN_WIDTH_INCHES = 3.3
# Campaign parameters that describe the model or the run rather than a tunable acquisition hyperparameter.
NOT_HYPERPARAMETERS = {"acquisition", "n_init", "budget", "init", "mode", "continue_after_optimum"}


class BadInput(Exception):
    """A problem with the user's input: reported as 'bosim-plot: error: ...' with exit code 2."""


def load_results(path):
    """Reads what the plots need; raises BadInput when the file is missing or not a bosim results file."""
    import h5py
    import numpy as np

    if not os.path.exists(path):
        raise BadInput(f"{path}: results file does not exist")
    try:
        handle = h5py.File(path, "r")
    except OSError as error:
        raise BadInput(f"{path}: not an HDF5 file ({error})") from None
    with handle:
        for name in ("objective", "goal", "study_name"):
            if name not in handle.attrs:
                raise BadInput(f"{path}: not a bosim results file: missing attribute {name}")
        for name in ("configs", "runs", "trajectories/best_so_far", "trajectories/chosen"):
            if name not in handle:
                raise BadInput(f"{path}: not a bosim results file: missing dataset /{name}")
        configs = handle["configs"][()]
        runs = handle["runs"][()]
        data = {
            "path": path,
            "study": str(handle.attrs["study_name"]),
            "objective": str(handle.attrs["objective"]),
            "maximize": str(handle.attrs["goal"]) != "minimize",
            "configs": configs,
            "runs": runs,
            "best_so_far": handle["trajectories/best_so_far"][()],
            "chosen": handle["trajectories/chosen"][()],
            "truth_values": handle["truth/values"][()] if "truth/values" in handle else None,
            "optimum": float(handle.attrs["optimum_value"]) if "optimum_value" in handle.attrs else None,
        }
    data["status_ok"] = np.array([s.decode() != "failed" for s in runs["status"]])
    return data


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def level(value):
    """A configuration cell as a factor level; randomized parameters are NaN in /configs."""
    if isinstance(value, float) and value != value:
        return "randomized"
    return text(value)


class Study:
    """Per-configuration views of a results file: runs, experiments to optimum, swept factors."""

    def __init__(self, data):
        import numpy as np

        self.data = data
        self.configs = data["configs"]
        runs = data["runs"]
        self.config_ids = [int(c) for c in self.configs["config_id"]]
        self.parameters = [n for n in self.configs.dtype.names if n not in ("config_id", "sweep", "randomized")]
        self.acquisition = {cid: text(row["acquisition"]) for cid, row in zip(self.config_ids, self.configs)}
        self.randomized = {cid: text(row["randomized"]) for cid, row in zip(self.config_ids, self.configs)}
        self.row = {cid: i for i, cid in enumerate(self.config_ids)}
        # Runs that did not fail, per configuration.
        self.run_indices = {
            cid: np.flatnonzero((runs["config_id"] == cid) & data["status_ok"]) for cid in self.config_ids
        }
        experiments = runs["experiments_to_optimum"].astype(float)
        self.found = runs["found"].astype(bool)
        self.experiments = np.where(self.found, experiments, np.nan)
        measured = ~np.isnan(data["best_so_far"])
        self.performed = measured.sum(axis=1)

    def value(self, cid, parameter):
        return level(self.configs[self.row[cid]][parameter].item())

    def acquisitions(self):
        present = sorted(set(self.acquisition.values()), key=lambda a: (a == RANDOM, ACQUISITION_ORDER.index(a)
                                                                         if a in ACQUISITION_ORDER else 99, a))
        return present

    def configs_of(self, acquisition):
        return [cid for cid in self.config_ids if self.acquisition[cid] == acquisition]

    def found_experiments(self, cids):
        import numpy as np

        if not cids:
            return np.array([])
        values = np.concatenate([self.experiments[self.run_indices[c]] for c in cids])
        return values[~np.isnan(values)]

    def mean_experiments(self, cid):
        values = self.found_experiments([cid])
        return values.mean() if values.size else float("inf")

    def best_config(self, acquisition, tuned_only=True):
        """Lowest mean experiments to optimum among the acquisition's (non-randomized) configurations."""
        cids = [c for c in self.configs_of(acquisition) if not (tuned_only and self.randomized[c])]
        return min(cids, key=lambda c: (self.mean_experiments(c), c)) if cids else None

    def varying(self, cids, numeric_only=False):
        """Parameters whose level differs between the given configurations."""
        names = []
        for parameter in self.parameters:
            levels = {self.value(c, parameter) for c in cids}
            if len(levels) > 1 and (not numeric_only or self.configs.dtype[parameter].kind in "fiu"):
                names.append(parameter)
        return names


def colour_of(acquisition, acquisitions):
    if acquisition == RANDOM:
        return "#000000"
    others = [a for a in acquisitions if a != RANDOM]
    return OKABE_ITO[others.index(acquisition) % len(OKABE_ITO)]


def label_of(acquisition):
    return "Random" if acquisition == RANDOM else acquisition.upper()


def mean_interval(values):
    """Mean and 95 % bootstrap percentile interval (Efron & Tibshirani 1993), 1,000 resamples, fixed seed."""
    import numpy as np

    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return np.nan, np.nan, np.nan
    rng = np.random.default_rng(0x5EED)
    means = values[rng.integers(0, values.size, size=(1000, values.size))].mean(axis=1)
    return values.mean(), np.quantile(means, 0.025), np.quantile(means, 0.975)


def carried_forward(matrix, fill_with_last=True):
    """Rows of a NaN-padded runs × experiments matrix, each extended by its last measured value."""
    import numpy as np

    result = np.array(matrix, dtype=float)
    for row in result:
        measured = np.flatnonzero(~np.isnan(row))
        if measured.size and fill_with_last:
            row[measured[-1] + 1:] = row[measured[-1]]
    return result


def new_figure(height=2.4):
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(COLUMN_WIDTH_INCHES, height), constrained_layout=True)
    return figure, axes


def save(figure, out_dir, name, formats, written):
    import matplotlib.pyplot as plt

    for extension in formats:
        path = os.path.join(out_dir, f"{name}.{extension}")
        figure.savefig(path, dpi=300)
        written.append(path)
    plt.close(figure)


# ---- the plots --------------------------------------------------------------------------------------


def plot_best_so_far(study, out_dir, formats, written):
    """Mean best-so-far value vs experiment with a 95 % normal CI band, best setting of each acquisition."""
    import numpy as np

    figure, axes = new_figure()
    acquisitions = study.acquisitions()
    for acquisition in acquisitions:
        cid = study.best_config(acquisition)
        if cid is None or not study.run_indices[cid].size:
            continue
        curves = carried_forward(study.data["best_so_far"][study.run_indices[cid]])
        mean = np.nanmean(curves, axis=0)
        half_width = CONFIDENCE_Z * np.nanstd(curves, axis=0, ddof=1) / np.sqrt(curves.shape[0]) \
            if curves.shape[0] > 1 else np.zeros_like(mean)
        x = np.arange(1, mean.size + 1)
        colour = colour_of(acquisition, acquisitions)
        axes.plot(x, mean, color=colour, lw=1.2, label=label_of(acquisition))
        axes.fill_between(x, mean - half_width, mean + half_width, color=colour, alpha=0.2, lw=0)
    if study.data["optimum"] is not None:
        axes.axhline(study.data["optimum"], color="0.5", lw=0.8, ls="--", label="Optimum")
    axes.set_xscale("log")
    axes.set_xlabel("Experiment")
    axes.set_ylabel(f"Best so far: {study.data['objective']}")
    axes.legend(frameon=False)
    save(figure, out_dir, "best-so-far", formats, written)


def plot_against_factor(study, factor, name, out_dir, formats, written, xlabel):
    """Mean experiments to optimum (95 % bootstrap CI band) vs one factor, runs pooled over other factors."""
    import numpy as np

    figure, axes = new_figure()
    acquisitions = study.acquisitions()
    plotted = False
    for acquisition in acquisitions:
        cids = [c for c in study.configs_of(acquisition) if study.value(c, factor) != "randomized"]
        levels = sorted({float(study.value(c, factor)) for c in cids})
        if len(levels) < 2:  # not swept for this acquisition (random search never depends on it)
            continue
        points = [mean_interval(study.found_experiments([c for c in cids if float(study.value(c, factor)) == x]))
                  for x in levels]
        mean, low, high = (np.array(column) for column in zip(*points))
        colour = colour_of(acquisition, acquisitions)
        axes.plot(levels, mean, "o-", color=colour, lw=1.2, ms=3, label=label_of(acquisition))
        axes.fill_between(levels, low, high, color=colour, alpha=0.2, lw=0)
        plotted = True
    if not plotted:
        import matplotlib.pyplot as plt

        plt.close(figure)
        return
    axes.set_xlabel(xlabel)
    axes.set_ylabel("Experiments to optimum")
    axes.legend(frameon=False)
    save(figure, out_dir, name, formats, written)


def plot_n_init(study, out_dir, formats, written):
    plot_against_factor(study, "n_init", "n-init", out_dir, formats, written, "Initial designs $n_\\mathrm{init}$")


def plot_hyperparameters(study, out_dir, formats, written):
    factors = []
    for acquisition in study.acquisitions():
        for factor in study.varying(study.configs_of(acquisition), numeric_only=True):
            if factor not in NOT_HYPERPARAMETERS and factor not in factors:
                factors.append(factor)
    for factor in factors:
        plot_against_factor(study, factor, f"hyperparameter-{factor}", out_dir, formats, written,
                            axis_label(factor, study.data["objective"]))


def axis_label(factor, objective):
    """Symbols of the reference study; delta is in the objective's unit, e.g. "Lifetime (cycles)" → cycles."""
    import re

    unit = re.search(r"\(([^()]*)\)\s*$", objective)
    labels = {"delta": "$\\delta$" + (f" ({unit.group(1)})" if unit else " (objective units)"),
              "beta0": "$\\beta_0$", "epsilon": "$\\varepsilon$", "alpha": "$\\alpha$"}
    return labels.get(factor, factor)


def plot_heatmaps(study, out_dir, formats, written):
    """Mean experiments to optimum over the first two numeric hyperparameters swept within an acquisition."""
    import numpy as np

    for acquisition in study.acquisitions():
        cids = [c for c in study.configs_of(acquisition) if not study.randomized[c]]
        factors = [f for f in study.varying(cids, numeric_only=True) if f not in NOT_HYPERPARAMETERS]
        if len(factors) < 2:
            continue
        x_factor, y_factor = factors[:2]
        xs = sorted({float(study.value(c, x_factor)) for c in cids})
        ys = sorted({float(study.value(c, y_factor)) for c in cids})
        grid = np.full((len(ys), len(xs)), np.nan)
        for j, y in enumerate(ys):
            for i, x in enumerate(xs):
                members = [c for c in cids if float(study.value(c, x_factor)) == x and float(study.value(c, y_factor)) == y]
                values = study.found_experiments(members)
                if values.size:
                    grid[j, i] = values.mean()
        figure, axes = new_figure(2.8)
        image = axes.imshow(grid, origin="lower", aspect="auto", cmap="viridis")
        # The value in each cell: neighbouring colours can differ by less than the CI of a mean.
        middle = np.nanmean([np.nanmin(grid), np.nanmax(grid)]) if np.isfinite(grid).any() else 0.0
        for (j, i), cell in np.ndenumerate(grid):
            if np.isfinite(cell):
                axes.text(i, j, f"{cell:.3g}", ha="center", va="center", fontsize=6,
                          color="black" if cell > middle else "white")
        axes.set_xticks(range(len(xs)), [f"{x:g}" for x in xs], rotation=45)
        axes.set_yticks(range(len(ys)), [f"{y:g}" for y in ys])
        axes.set_xlabel(axis_label(x_factor, study.data["objective"]))
        axes.set_ylabel(axis_label(y_factor, study.data["objective"]))
        axes.set_title(label_of(acquisition))
        figure.colorbar(image, ax=axes, label="Mean experiments to optimum")
        save(figure, out_dir, f"heatmap-{acquisition}", formats, written)


def plot_distribution(study, out_dir, formats, written):
    """Box plots of experiments to optimum: tuned (best) and randomized settings per acquisition, random search."""
    import numpy as np

    groups, labels, colours = [], [], []
    acquisitions = study.acquisitions()
    for acquisition in acquisitions:
        if acquisition == RANDOM:
            continue
        tuned = study.best_config(acquisition)
        if tuned is not None:
            groups.append(study.found_experiments([tuned]))
            labels.append(f"{label_of(acquisition)} tuned")
            colours.append(colour_of(acquisition, acquisitions))
        randomized = [c for c in study.configs_of(acquisition) if study.randomized[c]]
        if randomized:
            groups.append(study.found_experiments(randomized))
            labels.append(f"{label_of(acquisition)} randomized")
            colours.append(colour_of(acquisition, acquisitions))
    if RANDOM in acquisitions:
        groups.append(study.found_experiments(study.configs_of(RANDOM)))
        labels.append("Random")
        colours.append("#000000")
    if not groups:
        return
    figure, axes = new_figure()
    boxes = axes.boxplot(groups, patch_artist=True, widths=0.6, showfliers=True,
                         flierprops={"markersize": 2}, medianprops={"color": "black"})
    for patch, colour in zip(boxes["boxes"], colours):
        patch.set_facecolor(colour)
        patch.set_alpha(0.6)
    # One-line labels, slanted: two-line labels of neighbouring boxes overlap at column width.
    axes.set_xticks(range(1, len(labels) + 1), labels, fontsize=7, rotation=35, ha="right",
                    rotation_mode="anchor")
    # Random search on a large pool can need 10x more experiments: a log axis keeps the BO boxes readable.
    medians = [float(np.median(g)) for g in groups if len(g)]
    if medians and min(medians) > 0 and max(medians) / min(medians) > 5:
        axes.set_yscale("log")
    axes.set_ylabel("Experiments to optimum")
    save(figure, out_dir, "distribution", formats, written)


def plot_ecdf(study, out_dir, formats, written):
    """F(n) = share of runs that found the optimum within n experiments (plateaus at the success rate)."""
    import numpy as np

    figure, axes = new_figure()
    acquisitions = study.acquisitions()
    width = study.data["best_so_far"].shape[1]
    for acquisition in acquisitions:
        cid = study.best_config(acquisition)
        if cid is None or not study.run_indices[cid].size:
            continue
        experiments = study.experiments[study.run_indices[cid]]
        n = np.arange(1, width + 1)
        cdf = (experiments[None, :] <= n[:, None]).sum(axis=1) / experiments.size
        axes.step(n, cdf, where="post", color=colour_of(acquisition, acquisitions), lw=1.2,
                  label=label_of(acquisition))
    axes.set_xscale("log")
    axes.set_ylim(0, 1.02)
    axes.set_xlabel("Experiments")
    axes.set_ylabel("Share of runs at the optimum")
    axes.legend(frameon=False)
    save(figure, out_dir, "ecdf", formats, written)


def top_designs(values, maximize, fraction):
    """Designs at least as good as the ⌈fraction·N⌉-th best value (ties at the boundary included)."""
    import numpy as np

    goodness = -values if maximize else values
    count = max(1, int(np.ceil(fraction * values.size)))
    return goodness <= np.sort(goodness)[count - 1]


def plot_top_k(study, out_dir, formats, written):
    """Mean fraction of the top-5 % designs found vs experiment; stopped runs keep what they found."""
    import numpy as np

    values = study.data["truth_values"]
    if values is None:
        return
    is_top = top_designs(values, study.data["maximize"], TOP_FRACTION)
    figure, axes = new_figure()
    acquisitions = study.acquisitions()
    width = study.data["chosen"].shape[1]
    for acquisition in acquisitions:
        cid = study.best_config(acquisition)
        if cid is None or not study.run_indices[cid].size:
            continue
        shares = []
        for run in study.run_indices[cid]:
            chosen = study.data["chosen"][run]
            chosen = chosen[chosen >= 0]
            seen = set()
            counts = []
            for design in chosen:
                if is_top[design]:
                    seen.add(int(design))
                counts.append(len(seen))
            curve = np.full(width, counts[-1] if counts else 0, dtype=float)
            curve[:len(counts)] = counts
            shares.append(curve / is_top.sum())
        axes.plot(np.arange(1, width + 1), np.mean(shares, axis=0), color=colour_of(acquisition, acquisitions),
                  lw=1.2, label=label_of(acquisition))
    if RANDOM not in acquisitions:  # expected share of random sampling without replacement: n / N
        n = np.arange(1, width + 1)
        axes.plot(n, np.minimum(1, n / values.size), color="#000000", lw=1.0, ls="--", label="Random (expected)")
    axes.set_xlabel("Experiment")
    axes.set_ylabel(f"Top-{TOP_FRACTION:.0%} designs found")
    axes.set_ylim(0, 1.02)
    axes.legend(frameon=False)
    save(figure, out_dir, "top-k", formats, written)


def main_effect_share(outcomes, levels):
    """Var(E[Y | level]) / Var(Y) over runs (correlation ratio, first-order Sobol index); 0 for constant Y."""
    import numpy as np

    outcomes = np.asarray(outcomes, dtype=float)
    total = outcomes.var()
    if total <= 0:
        return 0.0
    between = 0.0
    for value in set(levels):
        members = outcomes[[lv == value for lv in levels]]
        between += members.size / outcomes.size * (members.mean() - outcomes.mean()) ** 2
    return between / total


def plot_tornado(study, out_dir, formats, written):
    """Share of variance of experiments to optimum explained by each swept factor (bosim summary --recommend)."""
    shares = {}
    scopes = [("all", study.config_ids)]
    scopes += [(a, study.configs_of(a)) for a in study.acquisitions()
               if 1 < len(study.configs_of(a)) < len(study.config_ids)]
    for scope, cids in scopes:
        for factor in study.varying(cids):
            if (scope == "all") != (factor == "acquisition"):
                continue  # other factors are swept per acquisition: across acquisitions they are confounded
            outcomes, levels = [], []
            for cid in cids:
                if study.value(cid, factor) == "randomized":
                    continue  # drawn per run: not a level of the grid
                for run in study.run_indices[cid]:
                    # A run that never found the optimum counts as experiments performed + 1.
                    outcomes.append(study.experiments[run] if study.found[run] else study.performed[run] + 1)
                    levels.append(study.value(cid, factor))
            shares[f"{factor}" if scope == "all" else f"{factor} ({label_of(scope)})"] = main_effect_share(outcomes,
                                                                                                           levels)
    if not shares:
        return
    ordered = sorted(shares.items(), key=lambda item: item[1])
    figure, axes = new_figure(0.6 + 0.25 * len(ordered))
    axes.barh([name for name, _ in ordered], [share for _, share in ordered], color=OKABE_ITO[3])
    axes.set_xlim(0, 1)
    axes.set_xlabel("Share of variance of experiments to optimum")
    save(figure, out_dir, "tornado", formats, written)


PLOTTERS = {
    "best-so-far": plot_best_so_far,
    "n-init": plot_n_init,
    "hyperparameter": plot_hyperparameters,
    "heatmap": plot_heatmaps,
    "distribution": plot_distribution,
    "ecdf": plot_ecdf,
    "top-k": plot_top_k,
    "tornado": plot_tornado,
}


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="bosim-plot",
        description="Figures from a bosim results file. Plots that do not apply to the study (e.g. n-init when "
                    "n_init was not swept) are skipped. Definitions: docs/metrics.md.")
    parser.add_argument("results", help="results file written by `bosim run` (HDF5)")
    parser.add_argument("-o", "--output", default="figs", help="output folder (created if missing; default figs)")
    parser.add_argument("--only", choices=PLOT_KINDS, metavar="KIND",
                        help="make one kind of plot: " + ", ".join(PLOT_KINDS))
    parser.add_argument("--format", default="png,svg", help="comma-separated file formats (default png,svg)")
    arguments = parser.parse_args(argv)
    arguments.formats = [f.strip() for f in arguments.format.split(",") if f.strip()]
    unknown = [f for f in arguments.formats if f not in ("png", "svg", "pdf")]
    if unknown or not arguments.formats:
        parser.error(f"unknown --format {','.join(unknown) or arguments.format!r}: use png, svg or pdf")
    return arguments


def main(argv=None):
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    try:
        data = load_results(arguments.results)
    except BadInput as error:
        print(f"bosim-plot: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT

    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update({"font.size": 8, "axes.labelsize": 8, "legend.fontsize": 7, "xtick.labelsize": 7,
                                "ytick.labelsize": 7, "axes.titlesize": 8, "svg.hashsalt": "bosim",
                                "axes.spines.top": False, "axes.spines.right": False})
    os.makedirs(arguments.output, exist_ok=True)
    study = Study(data)
    written = []
    for kind in ([arguments.only] if arguments.only else PLOT_KINDS):
        PLOTTERS[kind](study, arguments.output, arguments.formats, written)
    for path in written:
        print(path)
    if arguments.only and not written:
        print(f"bosim-plot: nothing to plot for {arguments.only}: the study did not sweep what it needs",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
