#!/usr/bin/env bash
# Rank 0's peak memory on huge studies: 1,000 configurations x RUNS/1,000 repeats of the cheapest campaign bosim
# has (random acquisition on a 16-point Branin pool, 1 initial design, budget 2: no model is fitted), with
# store_trajectories = false, run niced (nice -n 5: the machine is shared) in one process (the master loop and one
# compute thread), once per size. Prints, per size, the peak resident set size (/usr/bin/time -v), the wall and CPU
# times, runs per wall second and the size of the results file. Rank 0's memory is bounded independent of the
# number of runs when the peak RSS is the same at every size (default sizes: 1 and 10 million runs).
# Usage: bench/ten_million_runs.sh [BUILD_DIR [FOLDER [RUNS...]]]
#   (defaults: build, a temporary folder, 1000000 10000000)
set -euo pipefail
build=${1:-build}
bosim=$(cd "$build" && pwd)/apps/bosim
work=${2:-$(mktemp -d)}
shift $(($# > 2 ? 2 : $#))
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
mkdir -p "$work"
for runs in "${sizes[@]}"; do
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
  /usr/bin/time -v nice -n 5 "$bosim" run "$work/huge.toml" -o "$work/huge.h5" --quiet 2> "$work/time.log"
  echo "== $((repeats * 1000)) runs"
  grep -E 'Maximum resident set size|Elapsed \(wall clock\)|User time|System time' "$work/time.log"
  wall=$(grep 'Elapsed (wall clock)' "$work/time.log" | awk '{print $NF}' |
    awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s}')
  echo "runs per wall second: $(awk -v r=$((repeats * 1000)) -v w="$wall" 'BEGIN {printf "%.0f", r / w}')"
  echo "results file: $(stat -c %s "$work/huge.h5") bytes"
done
