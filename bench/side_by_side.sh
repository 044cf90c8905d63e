#!/usr/bin/env bash
# side_by_side.sh -- issue 12's tasks on the 1M-row CSV: weir -j 1, weir -j 2,
# Polars and DuckDB (each on every core), interleaved round by round
# (interleave.py), after checking that -j 2 gives -j 1's output.
#
#   NODE_PATH=.../node_modules bash bench/side_by_side.sh
#
# NODE_PATH must hold nodejs-polars and @duckdb/node-api (npm); without it
# only weir runs. WEIR (default build/rel/weir), WEIR_BENCH_DATA (default
# bench/data), ROUNDS (default 11). Reading the file into the page cache
# anew first (as root: echo 1 > /proc/sys/vm/drop_caches; cat FILE) gives
# it huge pages again, which the views map whole: after hours of other
# work the same runs took 10-20% longer.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
W=${WEIR:-$root/build/rel/weir}
D=${WEIR_BENCH_DATA:-$root/bench/data}
F=$D/rows1m.csv
ROUNDS=${ROUNDS:-11}
if [ ! -s "$F" ]; then
    mkdir -p "$D"
    /usr/bin/python3 "$root/bench/gen_data.py" --rows 1000000 --format csv --seed 1 -o "$F"
fi
P=$root/bench/peers

# name|weir verb|Polars task|DuckDB query
declare -a tasks=(
    "filter|filter 'status >= 500'|filter|SELECT * FROM read_csv('$F') WHERE status >= 500"
    "stats-g|stats -a count,mean,p90 -f latency_ms -g method|stats-g|SELECT method, count(latency_ms), avg(latency_ms), quantile_disc(latency_ms, 0.9) FROM read_csv('$F') GROUP BY method"
    "top-10|sort latency_ms:nr then head -n 10|top-10|SELECT * FROM read_csv('$F') ORDER BY latency_ms DESC LIMIT 10"
)
for t in "${tasks[@]}"; do
    IFS='|' read -r name verb polars sql <<< "$t"
    cmp -s <(eval "$W -j 1 $verb $F") <(eval "$W -j 2 $verb $F") || { echo "MISMATCH: $name"; exit 1; }
    # (-j 2 first: the last column is then the -j 1 / -j 2 speed-up and
    # Polars / weir and DuckDB / weir, as issue 12 states its targets)
    commands=("$name -j 2=$W -j 2 $verb $F" "$name -j 1=$W -j 1 $verb $F")
    if [ -n "${NODE_PATH:-}" ]; then
        commands+=("Polars=node $P/polars.cjs $polars $F"
                   "DuckDB=node $P/duckdb.cjs -c \"COPY ($sql) TO '/dev/stdout' (HEADER)\"")
    fi
    echo "## $name"
    /usr/bin/python3 "$root/bench/interleave.py" "$ROUNDS" "${commands[@]}"
    echo
done
