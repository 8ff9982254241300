"""Smoke test of bosim-plot: every expected figure exists as a non-empty PNG with a valid signature,
and bad input exits with code 2 and a message naming the problem."""

import os
import subprocess
import sys

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXPECTED = ["best-so-far", "n-init", "hyperparameter-delta", "hyperparameter-beta0", "hyperparameter-epsilon",
            "heatmap-ucb", "distribution", "ecdf", "top-k", "tornado"]


def run(command):
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def main(plot, results, out_dir):
    failures = []
    result = run([plot, results, "-o", out_dir, "--format", "png,svg"])
    if result.returncode != 0:
        failures.append(f"bosim-plot failed ({result.returncode}): {result.stderr}")
    for name in EXPECTED:
        png = os.path.join(out_dir, name + ".png")
        if not os.path.exists(png):
            failures.append(f"missing {png}")
            continue
        with open(png, "rb") as handle:
            if handle.read(8) != PNG_SIGNATURE:
                failures.append(f"{png} is not a PNG")
        if os.path.getsize(png) < 5000:  # an empty 3.3-inch figure at 300 dpi is still bigger
            failures.append(f"{png} is suspiciously small")
        if not os.path.getsize(os.path.join(out_dir, name + ".svg")):
            failures.append(f"{name}.svg is empty")

    only_dir = out_dir + "-only"
    result = run([plot, results, "-o", only_dir, "--only", "ecdf", "--format", "png"])
    if result.returncode != 0 or sorted(os.listdir(only_dir)) != ["ecdf.png"]:
        failures.append(f"--only ecdf: {result.returncode}, {os.listdir(only_dir) if os.path.isdir(only_dir) else []}")

    not_bosim = os.path.join(out_dir, "not-a-results-file.h5")
    with open(not_bosim, "w") as handle:
        handle.write("plain text")
    for arguments, message in [([os.path.join(out_dir, "absent.h5")], "does not exist"),
                               ([not_bosim], "not an HDF5 file"),
                               ([results, "--only", "pie"], "invalid choice")]:
        result = run([plot, *arguments, "-o", out_dir + "-bad"])
        if result.returncode != 2 or message not in result.stderr:
            failures.append(f"{arguments}: expected exit 2 and '{message}', got {result.returncode}: {result.stderr}")

    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
