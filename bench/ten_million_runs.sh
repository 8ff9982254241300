#!/usr/bin/env bash
# Rank 0's peak memory on a huge study: 1,000 configurations x RUNS/1,000 repeats of the cheapest campaign bosim
# has (random acquisition on a 16-point Branin pool, 1 initial design, budget 2: no model is fitted), with
# store_trajectories = false, run niced in one process (the master loop and one compute thread). Prints the peak
# resident set size (/usr/bin/time -v), the wall time and the sizes of the results file. Run it with a smaller
# RUNS first (e.g. 1000000) to get the memory growth per run from two sizes.
# Usage: bench/ten_million_runs.sh [BUILD_DIR [RUNS [FOLDER]]]   (defaults: build, 10000000, a temporary folder)
set -euo pipefail
build=${1:-build}
runs=${2:-10000000}
bosim=$(cd "$build" && pwd)/apps/bosim
work=${3:-$(mktemp -d)}
mkdir -p "$work"
repeats=$((runs / 1000))
cat > "$work/huge.toml" <<TOML
name = "huge"
seed = 11
repeats = $repeats
store_trajectories = false
[truth]
kind = "function"
function = "branin"
pool = "sobol"
pool_size = 16
[campaign]
acquisition = "random"
n_init = 1
budget = 2
[[sweep]]
delta = {linspace = [0, 1, 1000]}
TOML
rm -f "$work/huge.h5" "$work/huge.h5.journal"
/usr/bin/time -v nice -n 19 "$bosim" run "$work/huge.toml" -o "$work/huge.h5" --quiet 2> "$work/time.log"
grep -E 'Maximum resident set size|Elapsed \(wall clock\)|User time|System time' "$work/time.log"
echo "runs: $((repeats * 1000)), results file: $(stat -c %s "$work/huge.h5") bytes"
