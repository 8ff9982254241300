#!/usr/bin/env bash
# bosim set-up on Debian 12: installs what is missing, builds (Release), then
#   quickstart: runs the quickstart study and prints its summary
#   test:       runs every test with ctest
# Idempotent: a second call only rebuilds what changed.
set -euo pipefail

mode="${1:-quickstart}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BOSIM_BUILD_DIR:-$root/build}"
jobs="$(nproc)"

packages=(
  build-essential cmake ninja-build pkg-config
  libeigen3-dev libhdf5-dev libtomlplusplus-dev libcli11-dev liblbfgspp-dev
  libboost-dev libboost-serialization-dev libopenmpi-dev openmpi-bin
  libgtest-dev libbenchmark-dev libnlopt-dev
  python3 python3-h5py python3-numpy python3-matplotlib python3-pandas python3-scipy python3-sklearn
  slurm-wlm munge
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "bosim setup: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" -j "$jobs"

case "$mode" in
  quickstart)
    "$build/apps/bosim" validate "$root/studies/quickstart.toml"
    "$build/apps/bosim" run "$root/studies/quickstart.toml" -o "$build/quickstart.h5" --force
    "$build/apps/bosim" summary "$build/quickstart.h5"
    ;;
  test)
    ctest --test-dir "$build" --output-on-failure -j "$jobs"
    ;;
  *)
    echo "usage: $0 [quickstart|test]" >&2
    exit 2
    ;;
esac
