#!/usr/bin/env bash
# bench/cores.sh - does this machine run two threads as two cores, and how
# much of that does -j 2 get? (issue 12)
#
# usage: bash bench/cores.sh FILE.csv
#
# environment (all optional):
#   WEIR=path    the weir binary (default: build/rel/weir in the repository)
#   RUNS=7       rounds; each round times the three in turn (medians shown)
#
# For each task, the wall time of: one `weir -j 1` alone; two independent
# `weir -j 1` processes at once (both done: near the time of one when the
# machine has two real cores); one `weir -j 2`. -j 2 can at best approach
# half of "two at once".
set -u

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ] || [ $# -ne 1 ]; then
    sed -n '2,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    [ $# -eq 1 ]; exit $?
fi

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
WEIR=${WEIR:-$ROOT/build/rel/weir}
RUNS=${RUNS:-7}
FILE=$1
[ -x "$WEIR" ] || { echo "cores.sh: no weir at $WEIR (set WEIR)" >&2; exit 2; }
[ -r "$FILE" ] || { echo "cores.sh: cannot read $FILE" >&2; exit 2; }

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

tasks=("filter status>=500" "stats -a mean,p50 -f latency_ms -g method")
for task in "${tasks[@]}"; do
    alone=() pair=() two=()
    for _ in $(seq "$RUNS"); do
        # shellcheck disable=SC2086
        s=$(now); "$WEIR" -j 1 $task "$FILE" > /dev/null; alone+=("$(ms "$s" "$(now)")")
        # shellcheck disable=SC2086
        s=$(now); "$WEIR" -j 1 $task "$FILE" > /dev/null & "$WEIR" -j 1 $task "$FILE" > /dev/null; wait
        pair+=("$(ms "$s" "$(now)")")
        # shellcheck disable=SC2086
        s=$(now); "$WEIR" -j 2 $task "$FILE" > /dev/null; two+=("$(ms "$s" "$(now)")")
    done
    printf '%-45s -j 1 alone %5s ms   two -j 1 at once %5s ms   -j 2 %5s ms\n' \
        "$task" "$(median "${alone[@]}")" "$(median "${pair[@]}")" "$(median "${two[@]}")"
done
