#!/usr/bin/env bash
# Every study shipped in studies/ must validate: `bosim validate STUDY` exits 0.
# A study that reads ../shared/datasets is skipped (exit 77) when that folder is absent.
set -u
bosim=$1
study=$2
shared=$3
if grep -q "shared/datasets" "$study" && [[ ! -d "$shared/datasets" ]]; then
  echo "skipped: $study reads $shared/datasets, which is absent"
  exit 77
fi
exec "$bosim" validate "$study"
