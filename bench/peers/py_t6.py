# T6 peer (from shared/bench/peers.sh): csv -> jsonl with csv.DictReader + json.
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8") as fh:
    out = sys.stdout.write
    for row in csv.DictReader(fh):
        out(json.dumps(row, ensure_ascii=False) + "\n")
