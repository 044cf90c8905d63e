import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as fh:
    r = csv.DictReader(fh)
    w = csv.DictWriter(sys.stdout, fieldnames=r.fieldnames + ["api"], lineterminator="\n")
    w.writeheader()
    for row in r:
        if float(row["latency_ms"]) > 100:
            parts = row["path"].split("/")
            row["api"] = parts[2] if len(parts) > 2 else ""
            w.writerow(row)
