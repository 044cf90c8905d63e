#!/usr/bin/env bash
# bench/startup.sh - weir's start-up without hooks (issue 14: under 5 ms),
# against /bin/true (the cost of exec on this machine) and peers' start-up.
#
# usage: bash bench/startup.sh
#
# environment (all optional):
#   WEIR=path    the weir binary (default: build/rel/weir in the repository)
#   RUNS=300     hyperfine runs per command (after 20 warm-up runs)
#
# Times, with hyperfine -N (no shell between runs):
#   weir --version            parse the command line, print, exit
#   weir cat 3-row.csv        read a file, write it: the smallest real job
#   weir filter ... 3-row.csv a compiled expression on top
#   /bin/true, jq --version, mlr --version, python3 -c pass (when installed)
# and prints each mean with weir's less /bin/true's: what weir itself adds.
set -u

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    sed -n '2,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    exit 0
fi

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
WEIR=${WEIR:-$ROOT/build/rel/weir}
RUNS=${RUNS:-300}
command -v hyperfine >/dev/null || { echo "startup.sh: hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
[ -x "$WEIR" ] || { echo "startup.sh: no weir at $WEIR (set WEIR)" >&2; exit 2; }

W=$(mktemp -d "${TMPDIR:-/tmp}/weir-startup.XXXXXX")
trap 'rm -rf "$W"' EXIT
printf 'id,status,path\n1,200,/a\n2,500,/b\n3,404,/c\n' > "$W/small.csv"

cmds=(/bin/true "$WEIR --version" "$WEIR cat $W/small.csv" "$WEIR filter status>=500 $W/small.csv")
command -v jq >/dev/null && cmds+=("jq --version")
command -v mlr >/dev/null && cmds+=("mlr --version")
[ -x /usr/bin/python3 ] && cmds+=("/usr/bin/python3 -c pass")

echo "# weir: $WEIR ($("$WEIR" --version | head -n 1)); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --warmup 20 --runs "$RUNS" --export-json "$W/out.json" "${cmds[@]}" > "$W/log" 2>&1 ||
    { cat "$W/log" >&2; exit 1; }
/usr/bin/python3 - "$W/out.json" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = next(r["mean"] for r in results if r["command"] == "/bin/true")
print(f"{'command':<44} {'mean':>8} {'min':>8} {'- true':>8}")
for r in results:
    name = r["command"].replace(sys.argv[1].rsplit("/", 1)[0] + "/", "")
    print(f"{name[-44:]:<44} {r['mean'] * 1e3:7.2f}ms {r['min'] * 1e3:7.2f}ms {(r['mean'] - base) * 1e3:7.2f}ms")
EOF
