#!/usr/bin/env bash
# weir's main job on the bundled access log: builds weir (Release) if needed,
# then runs a few pipelines over examples/access.csv and access.jsonl.gz.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash .ci/deps.sh
if [ ! -x build/release/weir ]; then
  cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release > /dev/null
fi
cmake --build build/release -j "$(nproc)" --target weir > /dev/null
weir() { build/release/weir "$@"; }
# show CMD...: prints the command as it would be typed (quoted), then runs it
quote() {
  case $1 in
    *[!A-Za-z0-9_./,:=@%+-]*) printf "'%s'" "${1//\'/\'\\\'\'}" ;;
    *) printf '%s' "$1" ;;
  esac
}
show() {
  printf '\n$'
  for word in "$@"; do printf ' '; quote "$word"; done
  printf '\n'
  "$@"
}

echo "weir demo: a web access log (examples/access.csv, 500 requests)"
show weir --to table select ts,method,status,latency_ms,path then head -n 5 examples/access.csv
show weir filter 'status >= 500' then stats -a count,mean,p90 -f latency_ms -g method examples/access.csv
show weir sort latency_ms:nr then select id,method,path,latency_ms then head -n 3 examples/access.jsonl.gz

echo
echo "The main job: examples/weir.json, a pipeline with Python hooks --"
echo "a record hook (hooks/enrich.py, with setup/teardown state), a numpy batch"
echo "hook (hooks/score.py), then native filter and select:"
show weir run -c examples/weir.json examples/access.csv

echo
echo "A log format weir does not know, read by a decode hook (examples/haproxy.json):"
show weir run -c examples/haproxy.json examples/haproxy.log

echo
echo "Data rules for CI (examples/check.json): a schema, expression rules and Python"
echo "rule hooks; some fail on purpose (exit status 1). Without two noisy rules:"
show weir check -c examples/check.json --ignore server-error,bots-only-read examples/access.csv || true

weir --to jsonl cat examples/access.csv > /tmp/weir-demo.jsonl
weir --from jsonl --to csv cat /tmp/weir-demo.jsonl > /tmp/weir-demo.csv
show cmp examples/access.csv /tmp/weir-demo.csv
echo "(csv -> jsonl -> csv reproduced examples/access.csv byte for byte)"
