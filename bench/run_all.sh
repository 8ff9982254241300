#!/bin/sh
# Reproduces every performance figure: micro-benchmarks, cost-growth tables, where time goes, bosim vs the peer.
#   bench/run_all.sh [build-dir]      (BOSIM_ARCH=native or portable in the environment; default auto)
# Everything runs pinned to core 0 with single-threaded BLAS; results go to BUILD/bench-results/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-bench}
shared=${BOSIM_SHARED_DIR:-$root/../shared}
results=$build/bench-results
pin="taskset -c 0"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBOSIM_BUILD_BENCHMARKS=ON \
  -DBOSIM_ARCH="${BOSIM_ARCH:-auto}" >/dev/null
cmake --build "$build" --target bosim bosim_micro_benchmarks bosim_campaign_profile bosim_fit_evaluations
mkdir -p "$results"

echo "== Micro-benchmarks and cost growth"
$pin "$build/bench/bosim_micro_benchmarks" --benchmark_out="$results/micro.json" --benchmark_out_format=json
/usr/bin/python3 "$root/bench/cost_growth.py" "$results/micro.json" --plot "$results/cost_growth.png" |
  tee "$results/cost_growth.txt"

echo "== Where time goes (20 replays per dataset, cold vs warm starts)"
for dataset in p3ht_cnt.csv crossed_barrel.csv; do
  $pin "$build/bench/bosim_campaign_profile" "$shared/datasets/$dataset" 20
done | tee "$results/where_time_goes.txt"

echo "== Likelihood evaluations per fit: LBFGS++'s 20 line-search trials (the reference) vs bosim's default"
$pin "$build/bench/bosim_fit_evaluations" "$shared/datasets/p3ht_cnt.csv" "$shared/datasets/crossed_barrel.csv" \
  -- trials=20 default | tee "$results/fit_evaluations.txt"

echo "== One fit: bosim vs the NLopt L-BFGS stand-in for limbo (needs libnlopt-dev)"
if cmake --build "$build" --target bosim_fit_vs_nlopt >/dev/null 2>&1; then
  $pin "$build/bench/bosim_fit_vs_nlopt" 5 | tee "$results/fit_vs_nlopt.txt"
else
  echo "skipped: bosim_fit_vs_nlopt not built (libnlopt-dev missing)"
fi

echo "== bosim vs the scikit-learn peer, per GP iteration (interleaved rounds)"
export BOSIM_SHARED_DIR="$shared"
/usr/bin/python3 "$root/bench/replay_vs_peer.py" --bosim "$build/apps/bosim" --datasets p3ht_cnt.csv \
  agnp.csv perovskite.csv autoam.csv | tee "$results/replay_vs_peer.txt"
/usr/bin/python3 "$root/bench/replay_vs_peer.py" --bosim "$build/apps/bosim" --datasets crossed_barrel.csv \
  --repeats 10 --peer-repeats 1 | tee -a "$results/replay_vs_peer.txt"
echo "== bosim vs the scikit-learn peer at equal training-set size n (cost per iteration by band of n)"
/usr/bin/python3 "$root/bench/replay_vs_peer.py" --equal-n --profile "$build/bench/bosim_campaign_profile" \
  --datasets p3ht_cnt.csv crossed_barrel.csv --repeats 20 --peer-repeats 4 | tee -a "$results/replay_vs_peer.txt"
