import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as fh:
    r = csv.reader(fh)
    hdr = next(r)
    si, li = hdr.index("status"), hdr.index("latency_ms")
    agg = {}
    for row in r:
        a = agg.get(row[si])
        if a is None:
            a = agg[row[si]] = [0, 0.0]
        a[0] += 1
        a[1] += float(row[li])
print("status,count,mean")
for k in sorted(agg):
    n, s = agg[k]
    print(f"{k},{n},{s / n:.6f}")
