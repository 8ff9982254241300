"""bosim-plot: figures from a bosim results file, drawn from the numbers of `bosim summary --format json`.

bosim-plot computes no statistic: it runs the summary of the bosim binary beside it (or reads a saved
summary JSON) and draws. Definitions: docs/metrics.md; figures: docs/reference-figures.md.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from figures import PLOTTERS, make_figures  # noqa: E402
from summary_json import COUNTS, BadInput, SummaryFailed, find_bosim, read_summary_file, run_summary  # noqa: E402

PLOT_KINDS = tuple(PLOTTERS)
EXIT_BAD_INPUT = 2
STYLE = {"font.size": 8, "axes.labelsize": 8, "legend.fontsize": 7, "xtick.labelsize": 7, "ytick.labelsize": 7,
         "axes.titlesize": 8, "svg.hashsalt": "bosim", "axes.spines.top": False, "axes.spines.right": False}


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="bosim-plot",
        description="Figures from a bosim results file, drawn from `bosim summary --format json`. Plots that do not "
                    "apply to the study are skipped with a one-line reason. Definitions: docs/metrics.md.")
    parser.add_argument("results", help="results file written by `bosim run` (HDF5), or a saved summary JSON (.json)")
    parser.add_argument("-o", "--output", default="figs", help="output folder (created if missing; default figs)")
    parser.add_argument("--only", choices=PLOT_KINDS, metavar="KIND",
                        help="make one kind of plot: " + ", ".join(PLOT_KINDS))
    parser.add_argument("--count", choices=COUNTS, default="iterations",
                        help="x-axis and running times in iterations after the initial designs (default, as the "
                             "reference study) or in experiments (initial designs included)")
    parser.add_argument("--format", default="png,svg", help="comma-separated file formats (default png,svg)")
    parser.add_argument("--bosim", help="bosim binary to run the summary with (default: the one beside bosim-plot)")
    arguments = parser.parse_args(argv)
    arguments.formats = [f.strip() for f in arguments.format.split(",") if f.strip()]
    unknown = [f for f in arguments.formats if f not in ("png", "svg", "pdf")]
    if unknown or not arguments.formats:
        parser.error(f"unknown --format {','.join(unknown) or arguments.format!r}: use png, svg or pdf")
    return arguments


def load(arguments):
    if arguments.results.endswith(".json"):
        document = read_summary_file(arguments.results)
    else:
        document = run_summary(arguments.results, find_bosim(arguments.bosim))
    if not any(int(config.get("runs") or 0) for config in document.get("configs") or []):
        raise BadInput(f"{arguments.results}: no completed runs to plot ({document.get('total_runs', 0)} runs, "
                       f"{document.get('failed_runs', 0)} failed; an empty shard file? merge the shards with "
                       "`bosim merge` first)")
    return document


def set_style():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(STYLE)


def save(drawn, out_dir, formats):
    """Writes each figure in every format and its one-line caption (NAME.caption.txt); returns the paths."""
    import matplotlib.pyplot as plt

    written = []
    for item in drawn:
        for extension in formats:
            path = os.path.join(out_dir, f"{item.name}.{extension}")
            item.figure.savefig(path, dpi=300)
            written.append(path)
        caption = os.path.join(out_dir, f"{item.name}.caption.txt")
        with open(caption, "w", encoding="utf-8") as handle:
            handle.write(item.caption + "\n")
        written.append(caption)
        plt.close(item.figure)
    return written


def main(argv=None):
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    try:
        document = load(arguments)
        os.makedirs(arguments.output, exist_ok=True)
    except BadInput as error:
        print(f"bosim-plot: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except SummaryFailed as error:
        print(f"bosim-plot: error: bosim summary failed: {error}", file=sys.stderr)
        return error.exit_code
    except OSError as error:
        print(f"bosim-plot: error: {arguments.output}: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    set_style()
    drawn, skipped = make_figures(document, [arguments.only] if arguments.only else PLOT_KINDS, arguments.count)
    for path in save(drawn, arguments.output, arguments.formats):
        print(path)
    for item in skipped:
        print(f"bosim-plot: skipped {item.kind}: {item.reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
