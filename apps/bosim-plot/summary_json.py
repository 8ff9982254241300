"""The numbers bosim-plot draws: the output of `bosim summary --format json` (schema bosim-summary/2,
docs/metrics.md "JSON output"). This module only runs the summary and looks numbers up; it computes no
statistic: every mean, band, quartile, p-value and flag is the C++ analysis's.
"""

import json
import math
import re
import os
import shutil
import subprocess

SCHEMA = "bosim-summary/2"
RANDOM = "random"
ACQUISITION_ORDER = ["pi", "ei", "ucb", "thompson", "mean-variance", "exploration", RANDOM]
COUNTS = ("iterations", "experiments")
# Summary exit codes that come with a complete JSON document: 0, and 3 when some run failed.
SUMMARY_OK = (0, 3)
SUMMARY_BAD_INPUT = 2


class BadInput(Exception):
    """A problem with the user's input: reported as 'bosim-plot: error: ...' with exit code 2."""


class SummaryFailed(Exception):
    """bosim summary failed for another reason (its exit code is passed on)."""

    def __init__(self, message, exit_code):
        super().__init__(message)
        self.exit_code = exit_code


def find_bosim(explicit=None):
    """The bosim binary: --bosim, $BOSIM_PLOT_BOSIM (set by the wrapper beside bosim), beside this file, PATH."""
    def executable(path):
        return bool(path) and os.path.isfile(path) and os.access(path, os.X_OK)

    if explicit:
        if not executable(explicit):
            raise BadInput(f"--bosim {explicit}: not an executable file")
        return explicit
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bosim")
    for candidate in (os.environ.get("BOSIM_PLOT_BOSIM"), here, shutil.which("bosim")):
        if executable(candidate):
            return candidate
    raise BadInput("cannot find the bosim binary (looked beside bosim-plot and on PATH); pass --bosim PATH")


def relayed_message(stderr, fallback):
    """bosim's own error line(s) without its 'bosim: error: ' prefix."""
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    text = " ".join(line.removeprefix("bosim: error: ").removeprefix("bosim: ") for line in lines)
    return text or fallback


def run_summary(results, bosim):
    """Runs `bosim summary RESULTS --format json` and returns the parsed document (see parse_summary)."""
    if not os.path.exists(results):
        raise BadInput(f"{results}: results file does not exist")
    completed = subprocess.run([bosim, "summary", results, "--format", "json"], capture_output=True, text=True,
                               check=False)
    if completed.returncode == SUMMARY_BAD_INPUT:
        raise BadInput(relayed_message(completed.stderr, f"{results}: bosim summary refused the file"))
    if completed.returncode not in SUMMARY_OK:
        raise SummaryFailed(relayed_message(completed.stderr, f"bosim summary exited {completed.returncode}"),
                            completed.returncode)
    return parse_summary(completed.stdout, f"bosim summary {results}")


def read_summary_file(path):
    """A JSON document saved from `bosim summary --format json` (bosim-plot accepts it instead of a results file)."""
    try:
        with open(path, encoding="utf-8") as handle:
            return parse_summary(handle.read(), path)
    except OSError as error:
        raise BadInput(f"{path}: cannot read ({error.strerror})") from None


def parse_summary(text, source):
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput(f"{source}: not a bosim summary JSON document ({error.msg}, line {error.lineno})") from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        found = document.get("schema") if isinstance(document, dict) else None
        raise BadInput(f"{source}: summary schema {found!r}, bosim-plot reads {SCHEMA!r} "
                       "(bosim and bosim-plot from different builds?)")
    return document


def number(value):
    """A JSON number, null (undefined or infinite in the summary) as NaN."""
    return math.nan if value is None else float(value)


def numbers(values):
    return [number(v) for v in (values or [])]


SYMBOLS = {"delta": "δ", "beta0": "β₀", "epsilon": "ε", "alpha": "α", "n_init": "n_init"}


def pretty_settings(settings):
    """'delta=30 n_init=6' → 'δ = 30, n_init = 6'; 'beta0~uniform(0.5, 5); epsilon~…' → 'β₀ ~ uniform(0.5, 5), ε ~ …'."""
    items = [item for item in re.split(r";\s*|\s+(?=[A-Za-z_]\w*[=~])", settings.strip()) if item]
    pretty = []
    for item in items:
        match = re.match(r"([A-Za-z_]\w*)([=~])(.*)", item)
        pretty.append(f"{SYMBOLS.get(match.group(1), match.group(1))} {match.group(2)} {match.group(3).strip()}"
                      if match else item)
    return ", ".join(pretty)


def label_of(acquisition):
    return "Random search" if acquisition == RANDOM else acquisition.upper()


class Summary:
    """Look-ups into one summary document."""

    def __init__(self, document):
        self.doc = document
        self.configs = document.get("configs") or []
        self.by_id = {c["config_id"]: c for c in self.configs}
        self.recommendations = {r["acquisition"]: r for r in document.get("recommendations") or []}
        self.objective = document.get("objective", "objective")

    def acquisitions(self):
        present = {c["acquisition"] for c in self.configs}
        return sorted(present, key=lambda a: (ACQUISITION_ORDER.index(a) if a in ACQUISITION_ORDER else 50, a))

    def config(self, config_id):
        return self.by_id[config_id]

    def configs_of(self, acquisition, fixed_only=False):
        return [c for c in self.configs if c["acquisition"] == acquisition and not (fixed_only and c["randomized"])]

    def best_setting(self, acquisition):
        """The recommended (best-ERT fixed) setting of a BO acquisition; None when it has none."""
        recommendation = self.recommendations.get(acquisition)
        return self.by_id.get(recommendation["config_id"]) if recommendation else None

    def baseline(self, n_init):
        """The random-search configuration at this n_init (else the study's first one); None without one."""
        randoms = self.configs_of(RANDOM)
        same = [c for c in randoms if c.get("n_init") == n_init]
        return (same or randoms or [None])[0]

    def compared_set(self):
        """Best setting of each BO acquisition, then the random-search baseline at their n_init."""
        chosen = [self.best_setting(a) for a in self.acquisitions() if a != RANDOM]
        chosen = [c for c in chosen if c is not None]
        n_inits = {c.get("n_init") for c in chosen}
        baseline = self.baseline(next(iter(n_inits)) if len(n_inits) == 1 else None)
        return chosen + ([baseline] if baseline is not None else [])

    def comparison(self, acquisition, config_id):
        """This setting's paired test against the acquisition's best setting, or None."""
        recommendation = self.recommendations.get(acquisition) or {}
        for entry in (recommendation.get("comparisons") or []) + (recommendation.get("randomized_comparisons") or []):
            if entry.get("config_id") == config_id:
                return entry
        return None

    def not_significantly_worse(self, acquisition):
        recommendation = self.recommendations.get(acquisition) or {}
        return set(recommendation.get("not_significantly_worse_config_ids") or [])

    def varying(self, configs):
        """Parameter names whose text differs between the given configurations (acquisition excluded)."""
        names = []
        for config in configs:
            for name in config["parameters"]:
                if name != "acquisition" and name not in names and \
                        len({c["parameters"].get(name) for c in configs}) > 1:
                    names.append(name)
        return names


def running_time(config, count):
    """(ERT, CI low, CI high) of one configuration or n_init aggregate in experiments or iterations.

    ERT (expected running time, Hansen et al. 2021) equals the mean over runs when every run found the
    optimum. The iteration counterparts are the summary's `ert_iterations*` fields.
    """
    prefix = "ert" if count == "experiments" else "ert_iterations"
    return (number(config.get(prefix)), number(config.get(prefix + "_ci_low")), number(config.get(prefix + "_ci_high")))


def curve(config, name, count):
    """A per-index curve: x values (iterations from 0, or experiments from 1) and the summary's array."""
    values = config.get(f"{name}_by_{count[:-1]}")  # best_so_far_by_iteration, ..._by_experiment
    if values is None:
        return [], values
    length = len(values["mean"]) if isinstance(values, dict) else len(values)
    start = 0 if count == "iterations" else 1
    return list(range(start, start + length)), values
