#!/usr/bin/env bash
# bench/pollock/validate.sh - check score.py against the published Pollock
# results: for each system, score its published outputs and compare every
# per-file measure with <system>_results.csv and the aggregates with
# published_aggregate_results_polluted_files.csv (tolerance 1e-6).
#
# usage: bash bench/pollock/validate.sh [SYSTEM...]    (default: all 16 published)
#
# environment: POLLOCK_SRC  directory of the tarballs (default: shared/testdata/pollock
#                           beside the repository)
#              POLLOCK_DATA cache to unpack into (default: bench/data/pollock)
#              PY           Python (default: Debian's /usr/bin/python3)
# Exit status 0 when every system matches, 1 on a mismatch, 2 on a setup error.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
PY=${PY:-/usr/bin/python3}
SRC=${POLLOCK_SRC:-$repo/../shared/testdata/pollock}
[ -d "$SRC" ] || SRC=/work/shared/testdata/pollock
DATA=${POLLOCK_DATA:-$repo/bench/data/pollock}
PUBLISHED=$DATA/published

unpack() {  # tarball destination: unpack once, marked by a stamp file
    [ -f "$2/.unpacked" ] && return 0
    mkdir -p "$2" && tar -xJf "$1" -C "$2" && touch "$2/.unpacked" ||
        { echo "validate.sh: cannot unpack $1 into $2" >&2; exit 2; }
}
unpack "$SRC/pollock_polluted_files.tar.xz" "$DATA"
unpack "$SRC/published_outputs.tar.xz" "$PUBLISHED"
export POLLOCK_CURRENCIES=${POLLOCK_CURRENCIES:-$SRC/price_parser_0.3.4_currencies.json}

systems=("$@")
if [ ${#systems[@]} -eq 0 ]; then
    for d in "$PUBLISHED"/*/; do systems+=("$(basename "$d")"); done
fi

failed=()
for s in "${systems[@]}"; do
    echo "== $s"
    "$PY" "$here/score.py" "$PUBLISHED/$s/loading" --data "$DATA" --system "$s" \
        --expect-per-file "$PUBLISHED/$s/${s}_results.csv" \
        --expect-aggregate "$SRC/published_aggregate_results_polluted_files.csv" |
        grep -E '^(MISMATCH|per-file:|aggregate:)'
    [ "${PIPESTATUS[0]}" -eq 0 ] || failed+=("$s")
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "validate.sh: MISMATCH for ${failed[*]}"
    exit 1
fi
echo "validate.sh: all ${#systems[@]} systems match the published per-file and aggregate scores"
