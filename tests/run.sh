#!/usr/bin/env bash
# Builds weir from scratch and runs every test, twice: a Release build
# (warnings are errors) and an AddressSanitizer + UndefinedBehaviorSanitizer
# build (at -O0: GCC 12 at -O1 warns maybe-uninitialized inside std::regex,
# and warnings are errors). This is README's test command and what CI runs.
#   tests/run.sh            everything
#   WEIR_NO_SANITIZE=1 tests/run.sh   skip the sanitizer pass (quicker, local use)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash .ci/deps.sh
jobs=$(nproc)

build_and_test() { # dir, extra cmake args...
  local dir=$1; shift
  local start=$SECONDS
  rm -rf "$dir"
  cmake -S . -B "$dir" -DWEIR_WERROR=ON "$@" > /dev/null
  cmake --build "$dir" -j "$jobs"
  local built=$SECONDS
  (cd "$dir" && ctest --output-on-failure -j "$jobs")
  echo "== $dir: built in $((built - start)) s, tested in $((SECONDS - built)) s"
}

echo "== Release build and tests"
build_and_test build/release -DCMAKE_BUILD_TYPE=Release
if [ "${WEIR_NO_SANITIZE:-0}" != 1 ]; then
  echo "== ASan + UBSan build and tests"
  ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    build_and_test build/sanitize -DCMAKE_BUILD_TYPE=Debug -DWEIR_SANITIZE=ON
fi
echo "== all tests passed"
