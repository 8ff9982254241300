#!/usr/bin/env bash
# Runs per second of `bosim run` on 1, 2, 4 and 8 MPI ranks (oversubscribed beyond the core count),
# for a cheap study (random acquisition, 20,000 runs) and a GP study (expected improvement).
# Usage: bench/mpi_throughput.sh [BUILD_DIR]   (default: build). Needs mpirun (Open MPI).
# runs/s is bosim's own figure (runs over the time from the first task to the last record); wall is
# the whole command, start-up of mpirun and the HDF5 write included.
set -euo pipefail
build=${1:-build}
bosim=$(cd "$build" && pwd)/apps/bosim
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

study() {  # name acquisition repeats
  cat > "$work/$1.toml" <<TOML
name = "$1"
seed = 7
repeats = $3
[truth]
path = "$here/studies/data/quickstart.csv"
replicates = "sample"
[campaign]
acquisition = "$2"
n_init = 6
delta = 30
TOML
}
study cheap random 20000
study gp ei 400

printf '%-6s %6s %12s %8s\n' study ranks runs/s wall_s
for name in cheap gp; do
  for ranks in 1 2 4 8; do
    rm -f "$work/out.h5"
    start=$(date +%s.%N)
    line=$(mpirun --oversubscribe -np "$ranks" "$bosim" run "$work/$name.toml" -o "$work/out.h5" 2>&1 |
      grep -E '^[0-9]+/[0-9]+ runs' | tail -1)
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    rate=$(echo "$line" | sed -E 's/.*\)  ([0-9.]+) runs\/s.*/\1/')
    printf '%-6s %6d %12s %8.2f\n' "$name" "$ranks" "$rate" "$wall"
  done
done
