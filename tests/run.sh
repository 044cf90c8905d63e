#!/usr/bin/env bash
# Builds weir from scratch and runs its tests, twice: a Release build
# (GCC, warnings are errors) with every test, and an AddressSanitizer +
# UndefinedBehaviorSanitizer build (clang++ -O0, warnings are errors) with
# every test but the three that only repeat others on more data: cases-j
# (every case again on 3 threads; the parallel engine's unit tests do run
# under the sanitizers), the Miller crosscheck, and conformance (its suites'
# files are the fuzzers' seeds, which run under the same sanitizers below). The sanitizer build is also
# instrumented for libFuzzer (-DWEIR_FUZZ=ON) and builds the fuzzers in
# tests/fuzz, which then run briefly from the seed corpora (WEIR_FUZZ_RUNS
# inputs each, default 500, with -seed=1, two at a time). This is README's
# test command and what CI runs.
#   tests/run.sh            everything
#   WEIR_NO_SANITIZE=1 tests/run.sh   skip the sanitizer pass (quicker, local use)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash .ci/deps.sh
jobs=$(nproc)

build_and_test() { # dir, ctest args, extra cmake args...
  local dir=$1 ctest_args=$2; shift 2
  local start=$SECONDS
  rm -rf "$dir"
  # (WEIR_UNITY: each library's files, and the unit tests', compiled 8 at a time, a third less
  # build time from scratch; see cmake/Precompiled.cmake)
  cmake -G Ninja -S . -B "$dir" -DWEIR_WERROR=ON -DWEIR_UNITY=ON "$@" > /dev/null
  cmake --build "$dir" -j "$jobs"
  local built=$SECONDS
  # shellcheck disable=SC2086
  (cd "$dir" && ctest --output-on-failure -j "$jobs" $ctest_args)
  echo "== $dir: built in $((built - start)) s, tested in $((SECONDS - built)) s"
}

echo "== Release build and tests"
build_and_test build/release "" -DCMAKE_BUILD_TYPE=Release
if [ "${WEIR_NO_SANITIZE:-0}" != 1 ]; then
  echo "== ASan + UBSan build and tests"
  # (-O0: the build takes two thirds of -O1's time, 247-266 s from 382 s
  # here, and the tests, with the unit tests in three shards beside the
  # rest, 108 s against 73 s: about 100 s less in all)
  # (intercept_tls_get_addr=0: clang 14's runtime takes a dynamic TLS block
  # (libpython's, dlopen'ed by the hooks plugin) that malloc happened to put
  # at one offset in a page for glibc 2.19's, reads two words before it as
  # its range, and LeakSanitizer's tracer dies at exit, "Tracer caught
  # signal 11", with no leak: google/sanitizers#1322, fixed in LLVM 17.
  # weir's own TLS is static, which LeakSanitizer still scans.)
  ASAN_OPTIONS=detect_leaks=1:intercept_tls_get_addr=0 \
  LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    build_and_test build/sanitize "-LE cases-j|crosscheck|conformance" -DCMAKE_BUILD_TYPE=Debug \
      "-DCMAKE_CXX_FLAGS_DEBUG=-O0 -g1" -DWEIR_SANITIZE=ON -DCMAKE_CXX_COMPILER=clang++ -DWEIR_FUZZ=ON
  echo "== fuzzers, briefly"
  start=$SECONDS
  # (a fixed seed and number of runs: nearly the same inputs in every CI run,
  # so a failure here is most likely this change's; longer runs of
  # tests/fuzz/run.sh look for new ones)
  WEIR_FUZZ_BUILD=$root/build/sanitize WEIR_FUZZ_NO_BUILD=1 WEIR_FUZZ_PARALLEL=$jobs \
    WEIR_FUZZ_ARGS="-seed=1 -runs=${WEIR_FUZZ_RUNS:-500}" bash tests/fuzz/run.sh 60
  echo "== fuzzers: $((SECONDS - start)) s"
fi
echo "== all tests passed"
