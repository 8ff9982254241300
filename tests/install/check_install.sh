#!/bin/sh
# `cmake --install BUILD --prefix TEMP` gives a working bosim and bosim-plot: both answer --help from
# TEMP/bin, bosim's help names bosim-plot, the plot script, the cluster templates and the docs are installed,
# and the installed wrapper does not point into the source tree.
# Usage: check_install.sh BUILD_DIR SOURCE_DIR SCRATCH_DIR
set -eu
build=$1 source=$2 prefix=$3/prefix
rm -rf "$prefix"
mkdir -p "$3"
cmake --install "$build" --prefix "$prefix" > "$3/install.log"
fail() { echo "check_install: $*" >&2; exit 1; }
for file in bin/bosim bin/bosim-plot share/bosim/bosim_plot.py share/bosim/cluster/slurm.sbatch.in \
            share/bosim/cluster/pbs.sh.in share/doc/bosim/README.md share/doc/bosim/study-format.md; do
  [ -e "$prefix/$file" ] || fail "missing $file after cmake --install"
done
if grep -q "$source" "$prefix/bin/bosim-plot"; then fail "the installed bosim-plot points into the source tree $source"; fi
# From another folder, with the install's bin folder first on PATH as a user would have it.
cd "$3"
PATH="$prefix/bin:$PATH" bosim --help > bosim-help.txt || fail "bosim --help failed"
grep -q "bosim-plot" bosim-help.txt || fail "bosim --help does not mention bosim-plot"
PATH="$prefix/bin:$PATH" bosim-plot --help > plot-help.txt || fail "bosim-plot --help failed"
grep -q "usage: bosim-plot" plot-help.txt || fail "bosim-plot --help printed no usage: $(cat plot-help.txt)"
# Through a symbolic link (e.g. ~/bin/bosim-plot -> PREFIX/bin/bosim-plot) the script is still found.
ln -sf "$prefix/bin/bosim-plot" "$3/linked-bosim-plot"
"$3/linked-bosim-plot" --help > /dev/null || fail "bosim-plot --help through a symbolic link failed"
echo "check_install: bosim and bosim-plot work from $prefix/bin"
