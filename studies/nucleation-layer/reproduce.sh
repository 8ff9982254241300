#!/bin/sh
# Runs the studies that reproduce the reference study's Figs. 3a, 4, 5a-c and 6c (on the
# 32-design dataset and directly on the nucleation-layer model), summarizes them and makes
# the figures of docs/reference-figures.md.
#
#   studies/nucleation-layer/reproduce.sh [BUILD_DIR [OUT_DIR]]
#
# BUILD_DIR (default build) holds apps/bosim and apps/bosim-plot; OUT_DIR (default
# nucleation-layer-results) receives STUDY.h5, STUDY.summary.txt (bosim summary --recommend),
# STUDY.json (bosim summary --format json, the numbers every figure draws) and figs/STUDY/. The
# figures used by the documentation and their one-line captions are copied to docs/figures/.
# Existing results are kept (delete them or set FORCE=1 to rerun); BOSIM_NP=2 runs each
# study with mpirun on 2 processes. STUDIES="fig3a-dataset fig4-model" runs a subset.
set -eu

repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$repo/build}" && pwd)
out=${2:-nucleation-layer-results}
studies=${STUDIES:-"fig3a-dataset fig4-dataset fig5ab-dataset fig5c-dataset fig6c-dataset
                    fig3a-model fig4-model fig5ab-model fig5c-model fig6c-model"}
mkdir -p "$out" "$repo/docs/figures"

# The plots of each study that the documentation shows.
figures_of() {
  case $1 in
    fig3a-*) echo best-so-far ecdf top-k ;;
    fig4-*) echo n-init ;;
    fig5ab-*) echo hyperparameter-delta ;;
    fig5c-*) echo heatmap-ucb ;;
    fig6c-*) echo distribution ;;
  esac
}

for study in $studies; do
  results="$out/$study.h5"
  if [ ! -e "$results" ] || [ "${FORCE:-0}" = 1 ]; then
    started=$(date +%s)
    if [ "${BOSIM_NP:-1}" -gt 1 ]; then
      mpirun -np "$BOSIM_NP" --oversubscribe --allow-run-as-root \
        "$build/apps/bosim" run "$repo/studies/nucleation-layer/$study.toml" -o "$results" --force
    else
      "$build/apps/bosim" run "$repo/studies/nucleation-layer/$study.toml" -o "$results" --force
    fi
    echo "$study: $(($(date +%s) - started)) s" | tee -a "$out/run-times.txt"
  fi
  "$build/apps/bosim" summary "$results" --recommend >"$out/$study.summary.txt"
  "$build/apps/bosim" summary "$results" --format json >"$out/$study.json"
  "$build/apps/bosim-plot" "$out/$study.json" -o "$out/figs/$study" --format png,svg >/dev/null
  for figure in $(figures_of "$study"); do
    if [ -e "$out/figs/$study/$figure.png" ]; then
      cp "$out/figs/$study/$figure.png" "$repo/docs/figures/$study-$figure.png"
      cp "$out/figs/$study/$figure.caption.txt" "$repo/docs/figures/$study-$figure.caption.txt"
    else
      echo "$study: $figure was not drawn (bosim-plot said why above); docs/figures keeps the old one" >&2
    fi
  done
done
echo "results in $out; figures in $repo/docs/figures"
