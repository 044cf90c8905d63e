import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as fh:
    r = csv.reader(fh)
    w = csv.writer(sys.stdout, lineterminator="\n")
    hdr = next(r)
    li, pi = hdr.index("latency_ms"), hdr.index("path")
    w.writerow(hdr + ["api"])
    for row in r:
        if float(row[li]) > 100:
            parts = row[pi].split("/")
            row.append(parts[2] if len(parts) > 2 else "")
            w.writerow(row)
