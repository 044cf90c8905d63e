# T3 peer (from shared/bench/peers.sh): select id,status,path with the csv module.
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as fh:
    r = csv.reader(fh)
    w = csv.writer(sys.stdout, lineterminator="\n")
    hdr = next(r)
    idx = [hdr.index(c) for c in ("id", "status", "path")]
    w.writerow(("id", "status", "path"))
    a, b, c = idx
    for row in r:
        w.writerow((row[a], row[b], row[c]))
