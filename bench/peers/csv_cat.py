# T1 peer: csv -> csv with the csv module, as a user would write it.
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as fh:
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerows(csv.reader(fh))
