#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang++, in a build folder of their own)
# and runs each one for SECONDS, WEIR_FUZZ_PARALLEL of them at a time.
#
#   tests/fuzz/run.sh SECONDS [NAME...]     NAME: csv tsv jsonl ... (default: all)
#
# Exits non-zero when any fuzzer finds a crash, a leak, a timeout (-timeout,
# 10 s for one input) or a memory blow-up (-rss_limit_mb, 2 GB); the input is
# saved in $WEIR_FUZZ_BUILD/artifacts/. Prints, per fuzzer, executions,
# coverage (edges, features) and corpus size.
#
# Environment: WEIR_FUZZ_BUILD (default build/fuzz), WEIR_FUZZ_JOBS (build
# jobs, default 2), WEIR_FUZZ_PARALLEL (fuzzers run at once, default 1),
# WEIR_FUZZ_NO_BUILD=1 (run the fuzzers already built: tests/run.sh runs them
# from its clang sanitizer build), WEIR_FUZZ_ARGS (more libFuzzer flags, e.g.
# -seed=1). The corpus grows in
# $WEIR_FUZZ_BUILD/corpus/NAME and is kept between runs; seeds are copied from tests/cases, tests/data and, when
# present, /work/shared/testdata (never written to).
set -euo pipefail
seconds=${1:?usage: tests/fuzz/run.sh SECONDS [NAME...]}
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${WEIR_FUZZ_BUILD:-$root/build/fuzz}
all=(csv tsv jsonl logfmt lines decompress expr config baseline roundtrip)
names=("$@")
[ ${#names[@]} -eq 0 ] && names=("${all[@]}")

if [ "${WEIR_FUZZ_NO_BUILD:-0}" != 1 ]; then
  # Debug (assertions on) at -O1: libFuzzer's usual trade of speed for checks.
  cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DWEIR_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DWEIR_TESTS=OFF -DWEIR_WITH_PYTHON=OFF -DWEIR_WERROR=OFF > /dev/null
  targets=()
  for n in "${names[@]}"; do targets+=(--target "fuzz_$n"); done
  cmake --build "$build" -j "${WEIR_FUZZ_JOBS:-2}" "${targets[@]}"
fi

# ---------------------------------------------------------------- seeds
seeds=$build/seeds
copy_seeds() { # name, find arguments...
  local name=$1; shift
  mkdir -p "$seeds/$name"
  # (one cp for them all; a name seen twice gets a numbered copy)
  find "$@" -type f -size -64k -print0 2>/dev/null | xargs -0 -r cp --backup=numbered -t "$seeds/$name"
}
if [ ! -e "$seeds/.done" ]; then
  rm -rf "$seeds"
  shared=/work/shared/testdata
  cases=$root/tests/cases
  data=$root/tests/data
  copy_seeds csv "$cases" "$data/csv-spectrum/csvs" "$data/commons-csv" -name '*.csv'
  if [ -f "$shared/pollock/pollock_polluted_files.tar.xz" ]; then
    # every eighth file of the Pollock benchmark of damaged CSV
    mkdir -p "$build/pollock" "$seeds/csv"
    tar -xJf "$shared/pollock/pollock_polluted_files.tar.xz" -C "$build/pollock"
    find "$build/pollock" -type f -name '*.csv' -size -64k | sort | awk 'NR % 8 == 0' |
      xargs -d '\n' -r cp --backup=numbered -t "$seeds/csv"
  fi
  copy_seeds tsv "$cases" -name '*.tsv'
  copy_seeds jsonl "$cases" "$data/jsontestsuite" -name '*.json*'
  copy_seeds logfmt "$cases" -name '*.logfmt'
  copy_seeds lines "$cases" "$root/examples" \( -name '*.log' -o -name '*.txt' \)
  copy_seeds config "$cases" "$root/examples" -name '*.json' -path '*weir*'
  copy_seeds config "$cases" -path '*config*' -name '*.json'
  copy_seeds baseline "$cases" -name '*baseline*.json'
  # inputs kept in the tree: hand-made ones, and the fixed findings (so that
  # every run, CI's too, replays them)
  for dir in "$root"/tests/fuzz/seeds/*/; do
    mkdir -p "$seeds/$(basename "$dir")"
    cp "$dir"* "$seeds/$(basename "$dir")/"
  done
  # roundtrip: a few of each format
  mkdir -p "$seeds/roundtrip"
  for n in csv tsv jsonl logfmt lines; do
    find "$seeds/$n" -type f | sort | awk 'NR <= 60' | xargs -d '\n' -r cp --backup=numbered -t "$seeds/roundtrip"
  done
  # decompress: the case folders' small inputs, gzipped and zstd-compressed
  mkdir -p "$seeds/decompress"
  find "$seeds/csv" "$seeds/jsonl" -type f | sort | awk 'NR <= 40' | while read -r f; do
    gzip -c "$f" > "$seeds/decompress/$(basename "$f").gz"
    zstd -q -c "$f" > "$seeds/decompress/$(basename "$f").zst"
  done
  # expressions: every filter/derive argument in the case folders' commands
  mkdir -p "$seeds/expr"
  python3 "$root/tests/fuzz/expr_seeds.py" "$cases" "$seeds/expr"
  touch "$seeds/.done"
fi

# ---------------------------------------------------------------- run
mkdir -p "$build/artifacts"
dict_for() {
  case $1 in
    csv|tsv|roundtrip|logfmt|lines) echo "-dict=$root/tests/fuzz/csv.dict" ;;
    jsonl|config|baseline) echo "-dict=$root/tests/fuzz/json.dict" ;;
    expr) echo "-dict=$root/tests/fuzz/expr.dict" ;;
  esac
}
run_one() { # name: runs one fuzzer, writes its summary line to $build/fuzz_NAME.summary
  local n=$1 corpus=$build/corpus/$1 log=$build/fuzz_$1.log rc
  mkdir -p "$corpus" "$seeds/$n"
  set +e
  # shellcheck disable=SC2046
  "$build/tests/fuzz/fuzz_$n" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$n-" $(dict_for "$n") ${WEIR_FUZZ_ARGS:-} \
    "$corpus" "$seeds/$n" > "$log" 2>&1
  rc=$?
  set -e
  local done_line execs cov ft corp rss
  done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  cov=$(echo "$done_line" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$done_line" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
  corp=$(echo "$done_line" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
  if [ $rc -ne 0 ]; then
    { echo "fuzz_$n FAILED (exit $rc); the log: $log"
      grep -E -A4 '^(==[0-9]+==|SUMMARY|=== weir fuzz|Test unit written)' "$log" | awk 'NR <= 30' || true
    } > "$build/fuzz_$n.failure"
  fi
  printf '%-11s %-6s %12s %7s %7s %7s %6s\n' "$n" "$([ $rc -eq 0 ] && echo ok || echo FAIL)" \
    "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rss:-?}" > "$build/fuzz_$n.summary"
}
# WEIR_FUZZ_PARALLEL fuzzers at a time (default 1)
lanes=${WEIR_FUZZ_PARALLEL:-1}
echo "== ${#names[@]} fuzzers, ${seconds} s each, $lanes at a time"
for n in "${names[@]}"; do
  rm -f "$build/fuzz_$n.summary" "$build/fuzz_$n.failure"
  while [ "$(jobs -rp | wc -l)" -ge "$lanes" ]; do wait -n || true; done
  run_one "$n" &
done
wait
status=0
for n in "${names[@]}"; do
  if [ -f "$build/fuzz_$n.failure" ]; then cat "$build/fuzz_$n.failure"; status=1; fi
  [ -f "$build/fuzz_$n.summary" ] || { echo "fuzz_$n: no summary"; status=1; }
done
printf '%-11s %-6s %12s %7s %7s %7s %6s\n' fuzzer result executions cov ft corpus rss_mb
for n in "${names[@]}"; do cat "$build/fuzz_$n.summary" 2>/dev/null || true; done
exit $status
