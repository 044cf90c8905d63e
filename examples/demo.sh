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
show() { printf '\n$ %s\n' "$*"; "$@"; }

echo "weir demo: a web access log (examples/access.csv, 500 requests)"
show weir --to table select ts,method,status,latency_ms,path then head -n 5 examples/access.csv
show weir --to jsonl select id,status,user_agent then tail -n 2 examples/access.csv
show weir --to table select id,country,note then head -n 3 examples/access.jsonl.gz
show weir --to logfmt rename latency_ms=ms then select id,method,ms,path then head -n 3 examples/access.csv
weir --to jsonl cat examples/access.csv > /tmp/weir-demo.jsonl
weir --from jsonl --to csv cat /tmp/weir-demo.jsonl > /tmp/weir-demo.csv
show cmp examples/access.csv /tmp/weir-demo.csv
echo "(csv -> jsonl -> csv reproduced examples/access.csv byte for byte)"
