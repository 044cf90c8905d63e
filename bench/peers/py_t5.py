import csv, heapq, sys
with open(sys.argv[1], newline="", encoding="utf-8") as fh:
    r = csv.reader(fh)
    hdr = next(r)
    li = hdr.index("latency_ms")
    top = heapq.nlargest(10, r, key=lambda row: float(row[li]))
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(hdr)
w.writerows(top)
