#!/usr/bin/env bash
# bench/pollock/run.sh - load every Pollock file with weir and score the result.
#
# usage: bash bench/pollock/run.sh [SCORE_OPTIONS...] [-- WEIR_OPTIONS...]
#   e.g. bash bench/pollock/run.sh
#        bash bench/pollock/run.sh --worst 20 --json
#        bash bench/pollock/run.sh -- --from csv
#
# For each of the 2,290 files: $WEIR --to csv WEIR_OPTIONS cat FILE > OUT/FILE,
# with a timeout; a non-zero exit status (or the timeout) replaces the output
# by "Application Error", as the benchmark's own wrappers do, and keeps weir's
# stderr in OUT/FILE.err.  Then score.py prints the scores (SCORE_OPTIONS go to
# it; default --worst 10) and writes the per-file measures to OUT.per_file.csv.
#
# environment:
#   WEIR          weir binary (default: build/bench/weir, build/dev/weir or build/weir)
#   POLLOCK_SRC   directory of pollock_polluted_files.tar.xz (default:
#                 shared/testdata/pollock beside the repository)
#   POLLOCK_DATA  cache it is unpacked into, once (default: bench/data/pollock)
#   POLLOCK_OUT   where weir's outputs go (default: bench/data/pollock-out/weir)
#   TIMEOUT       seconds per file (default 10)
#   JOBS          files loaded at once (default: nproc)
#   PY            Python for score.py (default: Debian's /usr/bin/python3)
# Exit status: score.py's (0), 2 on a setup error.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
PY=${PY:-/usr/bin/python3}
SRC=${POLLOCK_SRC:-$repo/../shared/testdata/pollock}
[ -d "$SRC" ] || SRC=/work/shared/testdata/pollock
DATA=${POLLOCK_DATA:-$repo/bench/data/pollock}
OUT=${POLLOCK_OUT:-$repo/bench/data/pollock-out/weir}
TIMEOUT=${TIMEOUT:-10}
JOBS=${JOBS:-$(nproc)}

score_opts=() weir_opts=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do score_opts+=("$1"); shift; done
[ $# -gt 0 ] && shift && weir_opts=("$@")
[ ${#score_opts[@]} -gt 0 ] || score_opts=(--worst 10)

if [ -z "${WEIR:-}" ]; then
    for w in "$repo/build/bench/weir" "$repo/build/dev/weir" "$repo/build/weir"; do
        [ -x "$w" ] && WEIR=$w && break
    done
fi
[ -x "${WEIR:-}" ] || { echo "run.sh: no weir binary; build it or set WEIR=path" >&2; exit 2; }

if [ ! -f "$DATA/.unpacked" ]; then
    mkdir -p "$DATA" && tar -xJf "$SRC/pollock_polluted_files.tar.xz" -C "$DATA" &&
        touch "$DATA/.unpacked" ||
        { echo "run.sh: cannot unpack $SRC/pollock_polluted_files.tar.xz into $DATA" >&2; exit 2; }
fi
export POLLOCK_CURRENCIES=${POLLOCK_CURRENCIES:-$SRC/price_parser_0.3.4_currencies.json}

mkdir -p "$OUT" && rm -f "$OUT"/*.csv "$OUT"/*.err

load() {  # one input file name
    local in=$DATA/polluted_files/csv/$1 out=$OUT/$1 rc=0
    timeout -k 2 "$TIMEOUT" "$WEIR" --to csv "${weir_opts[@]}" cat "$in" > "$out" 2> "$out.err" || rc=$?
    if [ $rc -ne 0 ]; then
        echo "Application Error" > "$out"
        echo "run.sh: exit status $rc$([ $rc -eq 124 ] && echo " (timeout ${TIMEOUT}s)")" >> "$out.err"
    elif [ ! -s "$out.err" ]; then
        rm -f "$out.err"
    fi
}

echo "loading $(ls "$DATA/polluted_files/csv" | wc -l) files with: $WEIR --to csv ${weir_opts[*]} cat FILE" >&2
running=0
for f in "$DATA"/polluted_files/csv/*.csv; do
    load "$(basename "$f")" &
    running=$((running + 1))
    if [ $running -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
done
wait
errors=$(grep -l "^run.sh: exit status" "$OUT"/*.err 2>/dev/null | wc -l)
timeouts=$(grep -l "^run.sh: exit status 124" "$OUT"/*.err 2>/dev/null | wc -l)
echo "weir failed on $errors files ($timeouts timeouts); their stderr is in $OUT/*.err" >&2

exec "$PY" "$here/score.py" "$OUT" --data "$DATA" --system weir \
    --per-file "$OUT.per_file.csv" "${score_opts[@]}"
