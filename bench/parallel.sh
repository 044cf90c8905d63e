#!/usr/bin/env bash
# parallel.sh -- weir -j N against -j 1 on the 1M-row CSV (issue 12) and on a
# CSV of quoted fields over several lines, side by side in one hyperfine run,
# after checking that every -j gives -j 1's output.
#
#   bash bench/parallel.sh                 # -j 1 and -j 2
#   THREADS="1 2 4" RUNS=10 bash bench/parallel.sh
#
# WEIR (default build/dev/weir), WEIR_BENCH_DATA (default bench/data),
# RUNS (default 5). Prints hyperfine's table, then GB/s and peak RSS per command.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
W=${WEIR:-$root/build/dev/weir}
D=${WEIR_BENCH_DATA:-$root/bench/data}
F=$D/rows1m.csv
RUNS=${RUNS:-5}
THREADS=${THREADS:-1 2}
if [ ! -s "$F" ]; then
    mkdir -p "$D"
    /usr/bin/python3 "$root/bench/gen_data.py" --rows 1000000 --format csv --seed 1 -o "$F"
fi
# A CSV file whose quoted fields hold 1-4 lines each (a note written over
# several lines, quotes doubled inside): a cut at a line break lands inside
# one most of the time, where the quotes' count finds the record's start.
Q=$D/quoted.csv
if [ ! -s "$Q" ]; then
    /usr/bin/python3 - "$Q" <<'PY'
import random, sys
random.seed(3)
with open(sys.argv[1], "w") as f:
    f.write("id,note,value\n")
    for i in range(600000):
        note = "\n".join('line %d of "rec" %d, ok' % (k, i) for k in range(random.randint(1, 4)))
        f.write('%d,"%s",%d\n' % (i, note.replace('"', '""'), random.randint(0, 1000)))
PY
fi
bytes=$(stat -L -c %s "$F")
qbytes=$(stat -L -c %s "$Q")

# name|file|verb
declare -a tasks=(
    "filter|$F|filter 'status >= 500'"
    "stats -g|$F|stats -a count,mean,p90 -f latency_ms -g method"
    "top-10|$F|sort latency_ms:nr then head -n 10"
    "count -g|$F|count -g country"
    "quoted lines|$Q|filter 'value > 990'"
)

# every -j gives -j 1's output, byte for byte
for t in "${tasks[@]}"; do
    name=${t%%|*}; rest=${t#*|}; file=${rest%%|*}; verb=${rest#*|}
    eval "$W -j 1 $verb \"$file\"" > /tmp/weir-par-1.out
    for j in $THREADS; do
        eval "$W -j $j $verb \"$file\"" > /tmp/weir-par-j.out
        cmp -s /tmp/weir-par-1.out /tmp/weir-par-j.out || { echo "MISMATCH: $name -j $j"; exit 1; }
    done
done
rm -f /tmp/weir-par-1.out /tmp/weir-par-j.out
echo "outputs identical for -j $THREADS"

commands=()
for t in "${tasks[@]}"; do
    rest=${t#*|}; file=${rest%%|*}; verb=${rest#*|}
    for j in $THREADS; do commands+=("$W -j $j $verb $file"); done
done
hyperfine -N --warmup 1 --runs "$RUNS" --output=pipe --export-json /tmp/weir-par.json "${commands[@]}" > /dev/null

# peak RSS of each command, then one table: median, GB/s, CPU, RSS, -j 1 / -j N
: > /tmp/weir-par.rss
for c in "${commands[@]}"; do
    { /usr/bin/time -f %M bash -c "$c > /dev/null"; } 2>> /tmp/weir-par.rss
done
/usr/bin/python3 - "$bytes" "$root" "$qbytes" <<'PY'
import json, sys
size, root, qsize = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
results = json.load(open("/tmp/weir-par.json"))["results"]
rss = [int(l) for l in open("/tmp/weir-par.rss") if l.strip().isdigit()]
print("| command | median s | GB/s | user+sys s | peak RSS MB | speed-up vs -j 1 |")
print("|---|---:|---:|---:|---:|---:|")
base = None
for r, kb in zip(results, rss):
    cmd = r["command"].replace(root + "/", "").replace("build/dev/weir", "weir")
    if " -j 1 " in cmd:
        base = r["median"]
    n = qsize if "quoted.csv" in cmd else size
    cpu = r['user'] + r['system']
    print(f"| `{cmd}` | {r['median']:.3f} | {n / r['median'] / 1e9:.2f} | {cpu:.2f} | {kb // 1024} | "
          f"{base / r['median']:.2f}x |")
PY
rm -f /tmp/weir-par.json /tmp/weir-par.rss
