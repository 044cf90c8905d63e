import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as fh:
    r = csv.reader(fh)
    w = csv.writer(sys.stdout, lineterminator="\n")
    hdr = next(r)
    w.writerow(hdr)
    i = hdr.index("status")
    for row in r:
        if int(row[i]) >= 500:
            w.writerow(row)
