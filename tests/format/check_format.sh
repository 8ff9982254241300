#!/bin/sh
# Every C++ file of the project is formatted as .clang-format says: `clang-format --dry-run -Werror` over
# src/, apps/, tests/ and bench/. Exit 77 (skipped) when clang-format is not installed; CI installs it
# (.ci/setup.sh), so there a badly formatted file fails the test run.
# Usage: check_format.sh SOURCE_DIR
set -eu
cd "$1"
if ! command -v clang-format > /dev/null; then
  echo "check_format: clang-format is not installed (apt-get install clang-format); skipped"
  exit 77
fi
files=$(find src apps tests bench -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) | sort)
# shellcheck disable=SC2086  # file names of the project have no spaces
if ! clang-format --dry-run -Werror $files; then
  echo "check_format: run clang-format -i on the files above ($(clang-format --version))" >&2
  exit 1
fi
echo "check_format: $(echo "$files" | wc -l) files formatted as .clang-format says"
