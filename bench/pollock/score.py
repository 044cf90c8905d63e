#!/usr/bin/python3
"""Score CSV loaders on the Pollock benchmark (Vitagliano et al., PVLDB 16(8)
2023, section 3.4), as its pollock/metrics.py and evaluate.py do.

    score.py OUTPUT_DIR [--data DIR] [--system NAME] [--per-file FILE.csv]
             [--json] [--worst N]

OUTPUT_DIR holds one output per Pollock input, named like the input
(OUTPUT_DIR/row_more_sep_row33_col1.csv); the published outputs' naming,
<input>_converted.csv (row_more_sep_row33_col1.csv_converted.csv), is accepted
too.  An output is a comma-separated, double-quoted CSV file; one whose first
line is "Application Error" is a failure, and so is a missing one.

Per file, the loaded table is compared with the clean one (polluted_files/clean):

  success   0 for a failure, else 1 (an empty output is a success)
  header    first row of each, cells normalised (cellnorm.py), as multisets
  records   every later row, its normalised cells joined with "" into one
            string; the multisets of those strings (row order is ignored)
  cells     every cell of every row, raw (not normalised), as multisets

each with precision = common / |clean|, recall = common / |loaded| (Pollock's
own naming, the reverse of the usual one) and F1 (0 when nothing is common);
a measure is 1 when the clean file has nothing of its kind (no header cells,
no records, no cells).  A failure scores 0 everywhere.  (Pollock leaves a
missing output out of the means; here it is a failure.)

Aggregates: simple = the sum of the means of those 10 numbers over the 2,290
files (max 10); weighted = the per-file sums of the 10 numbers averaged with
weights pollock_weights.json (how often each pollution is seen in real files;
max 10).  The categories are the file-name patterns of evaluate.py.
"""
import argparse
import csv
import io
import json
import math
import os
import re
import signal
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cellnorm import normalize_cell  # noqa: E402

MEASURES = ["success", "header_precision", "header_recall", "header_f1",
            "record_precision", "record_recall", "record_f1",
            "cell_precision", "cell_recall", "cell_f1"]

# evaluate.py SUB_MEASURES, searched anywhere in the file name.  Note the stray
# "%" in "inconsistent": it makes the row_less_sep files match nothing, so
# "inconsistent" is row_more_sep_* only (756 files).
CATEGORIES = {
    "table": r"file_double.*|file_header.*|file_no.*|file_one.*|file_multi.*|file_preamble.*",
    "inconsistent": r"%row_less.*|row_more",
    "structural": r"file_field.*|row_field.*|file_quote.*|file_record_delimiter.*"
                  r"|row_extra_quote.*|file_escape.*",
}
CATEGORY_MEASURES = ["success", "header_f1", "record_f1", "cell_f1"]

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_DATA = os.environ.get("POLLOCK_DATA", os.path.join(REPO, "bench", "data", "pollock"))


def read_text(path):
    """The file as Pollock reads it: UTF-8 (a BOM dropped), universal newlines,
    so "\\r\\n" and "\\r" become "\\n" even inside quoted fields.  (Pollock falls
    back to chardet's guess for non-UTF-8 files; we fall back to Latin-1.)"""
    try:
        with open(path, encoding="utf-8-sig") as f:
            return f.read()
    except UnicodeDecodeError:
        with open(path, encoding="latin-1") as f:
            return f.read()


def read_rows(text):
    """csv.reader's defaults: delimiter ',', '"' quotes, "" escapes, and its
    field size limit (128 KiB: a longer field is a scorer error in Pollock)."""
    return list(csv.reader(io.StringIO(text)))


def prf(clean, loaded):
    """Pollock's (precision, recall, F1) of two lists taken as multisets."""
    common = sum((Counter(clean) & Counter(loaded)).values())
    if common == 0:
        return 0.0, 0.0, 0.0
    p, r = common / len(clean), common / len(loaded)
    return p, r, (p * r) / (p + r) * 2


def score_file(clean_path, out_path):
    """The 10 measures of one file (a dict), plus a 'note' when it is special."""
    zero = dict.fromkeys(MEASURES, 0.0)
    if out_path is None:
        return dict(zero, note="no output")
    text = read_text(out_path)
    if text and text.splitlines()[0] == "Application Error":
        return dict(zero, note="Application Error")
    try:
        clean, loaded = read_rows(read_text(clean_path)), read_rows(text)
        m = {"success": 1.0}
        if not clean:  # nothing to load (file_no_payload): everything counts as found
            return dict(m, **dict.fromkeys(MEASURES[1:], 1.0))
        norm = [[normalize_cell(c) for c in row] for row in clean]
        lnorm = [[normalize_cell(c) for c in row] for row in loaded]
        if not clean[0]:
            hdr = (1.0, 1.0, 1.0)
        else:
            hdr = prf(norm[0], lnorm[0]) if loaded else (0.0, 0.0, 0.0)
        crec, lrec = ["".join(r) for r in norm[1:]], ["".join(r) for r in lnorm[1:]]
        rec = prf(crec, lrec) if crec else (1.0, 1.0, 1.0)
        ccells, lcells = [c for r in clean for c in r], [c for r in loaded for c in r]
        cel = prf(ccells, lcells) if ccells else (1.0, 1.0, 1.0)
        return dict(m, **dict(zip(MEASURES[1:], hdr + rec + cel)))
    except Exception as e:  # evaluate.py: any exception zeroes all but success
        return dict(zero, success=1.0, note="scorer error (as in Pollock): %s" % e)


def find_output(out_dir, name):
    for candidate in (name, name + "_converted.csv"):
        path = os.path.join(out_dir, candidate)
        if os.path.isfile(path):
            return path
    return None


def category_of(name):
    return [c for c, rx in CATEGORIES.items() if re.search(rx, name)]


def aggregate(per_file, weights):
    """Published aggregate columns (aggregate_results_polluted_files.csv)."""
    files = sorted(per_file)
    mean = lambda fs, k: math.fsum(per_file[f][k] for f in fs) / len(fs)
    agg = {k.replace("_", ""): mean(files, k) for k in MEASURES}
    agg["pollock_simple"] = math.fsum(agg[k.replace("_", "")] for k in MEASURES)
    for cat in CATEGORIES:
        fs = [f for f in files if cat in category_of(f)]
        for k in CATEGORY_MEASURES:
            agg["%s_%s" % (cat, k)] = mean(fs, k) if fs else float("nan")
    total = math.fsum(weights[f] for f in files)
    agg["pollock_weighted"] = math.fsum(
        math.fsum(per_file[f][k] for k in MEASURES) * weights[f] / total for f in files)
    return agg


def score_dir(out_dir, data):
    clean_dir = os.path.join(data, "polluted_files", "clean")
    names = sorted(f for f in os.listdir(os.path.join(data, "polluted_files", "csv"))
                   if f.endswith("csv"))
    return {n: score_file(os.path.join(clean_dir, n), find_output(out_dir, n)) for n in names}


def losses(per_file, weights):
    """Per file: (10 - its sum) in simple-score points and in weighted points."""
    total, n = sum(weights.values()), len(per_file)
    out = {}
    for f, m in per_file.items():
        lost = 10 - math.fsum(m[k] for k in MEASURES)
        out[f] = (lost / n, lost * weights[f] / total)
    return out


def print_report(system, out_dir, per_file, agg, weights, worst):
    n_fail = sum(1 for m in per_file.values() if not m["success"])
    n_crash = sum(1 for m in per_file.values() if m.get("note", "").startswith("scorer"))
    print("Pollock score of %s (%d files, outputs in %s)" % (system, len(per_file), out_dir))
    print("  simple   %.4f / 10" % agg["pollock_simple"])
    print("  weighted %.4f / 10" % agg["pollock_weighted"])
    print("  failures %d (missing output or Application Error)%s" % (
        n_fail, ", scorer errors %d" % n_crash if n_crash else ""))
    print()
    print("  %-22s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s" % (
        "", "success", "hdr_p", "hdr_r", "hdr_f1", "rec_p", "rec_r", "rec_f1",
        "cell_p", "cell_r", "cell_f1"))
    print("  %-22s" % ("all (%d)" % len(per_file)) + "".join(
        " %8.4f" % agg[k.replace("_", "")] for k in MEASURES))
    print()
    print("  %-22s %8s %8s %8s %8s" % ("category", "success", "hdr_f1", "rec_f1", "cell_f1"))
    for cat in CATEGORIES:
        n = sum(1 for f in per_file if cat in category_of(f))
        print("  %-22s" % ("%s (%d)" % (cat, n)) + "".join(
            " %8.4f" % agg["%s_%s" % (cat, k)] for k in CATEGORY_MEASURES))
    if worst:
        loss = losses(per_file, weights)
        ranked = sorted(per_file, key=lambda f: (-loss[f][1], -loss[f][0], f))[:worst]
        print()
        print("  %d files losing the most (weighted points, then simple points):" % len(ranked))
        print("  %-38s %9s %9s %7s %6s %6s %6s  %s" % (
            "file", "lost_wtd", "lost_smp", "weight", "hdrF1", "recF1", "celF1", "note"))
        for f in ranked:
            m = per_file[f]
            print("  %-38s %9.5f %9.6f %7.1f %6.3f %6.3f %6.3f  %s" % (
                f, loss[f][1], loss[f][0], weights[f], m["header_f1"], m["record_f1"],
                m["cell_f1"], m.get("note", "")))


def write_per_file(path, system, per_file, weights):
    loss = losses(per_file, weights)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file"] + ["%s_%s" % (system, k) for k in MEASURES] +
                   ["category", "weight", "lost_simple", "lost_weighted", "note"])
        for name in sorted(per_file):
            m = per_file[name]
            w.writerow([name] + [repr(m[k]) for k in MEASURES] +
                       ["/".join(category_of(name)), weights[name], repr(loss[name][0]),
                        repr(loss[name][1]), m.get("note", "")])


def check(per_file, agg, system, expect_per_file, expect_aggregate, tol):
    """Compare with published results; return the number of mismatches."""
    bad = 0
    if expect_per_file:
        worst = (0.0, "-", "-")
        with open(expect_per_file, newline="") as f:
            rows = {r["file"]: r for r in csv.DictReader(f)}
        for name, m in per_file.items():
            for k in MEASURES:
                d = abs(float(rows[name]["%s_%s" % (system, k)]) - m[k])
                worst = max(worst, (d, name, k))
                if d > tol:
                    bad += 1
                    if bad <= 20:
                        print("MISMATCH %s %s: published %s, ours %r" % (
                            name, k, rows[name]["%s_%s" % (system, k)], m[k]))
        print("per-file: %d values compared, %d differ by more than %g; largest difference %.3g%s"
              % (len(per_file) * len(MEASURES), bad, tol, worst[0],
                 " (%s %s)" % worst[1:] if worst[0] else ""))
    if expect_aggregate:
        with open(expect_aggregate, newline="") as f:
            row = next(r for r in csv.DictReader(f) if r["sut"] == system)
        worst, n = 0.0, 0
        for k, v in row.items():
            if k == "sut" or k not in agg:
                continue
            d = abs(float(v) - agg[k])
            worst = max(worst, d)
            if d > tol:
                n += 1
                print("MISMATCH aggregate %s: published %s, ours %r" % (k, v, agg[k]))
        print("aggregate: simple %.6f (published %.6f), weighted %.6f (published %.6f); "
              "largest difference over %d columns %.3g" % (
                  agg["pollock_simple"], float(row["pollock_simple"]), agg["pollock_weighted"],
                  float(row["pollock_weighted"]), len(row) - 1, worst))
        bad += n
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("output_dir")
    ap.add_argument("--data", default=DEFAULT_DATA,
                    help="unpacked Pollock data: polluted_files/ and pollock_weights.json "
                         "(default: $POLLOCK_DATA or bench/data/pollock)")
    ap.add_argument("--system", default="weir", help="name in reports and per-file columns")
    ap.add_argument("--per-file", metavar="FILE.csv", help="write the per-file measures here")
    ap.add_argument("--json", action="store_true", help="print the aggregate as JSON")
    ap.add_argument("--worst", type=int, default=0, metavar="N",
                    help="list the N files losing the most")
    ap.add_argument("--expect-per-file", metavar="RESULTS.csv",
                    help="compare with published per-file results (<system>_results.csv)")
    ap.add_argument("--expect-aggregate", metavar="AGG.csv",
                    help="compare with published aggregates (row sut == --system)")
    ap.add_argument("--tolerance", type=float, default=1e-6)
    a = ap.parse_args()
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet under | head

    for need in ("polluted_files/csv", "polluted_files/clean", "pollock_weights.json"):
        if not os.path.exists(os.path.join(a.data, need)):
            sys.exit("score.py: %s not found in --data %s" % (need, a.data))
    if not os.path.isdir(a.output_dir):
        sys.exit("score.py: no directory %s" % a.output_dir)
    with open(os.path.join(a.data, "pollock_weights.json")) as f:
        weights = json.load(f)

    per_file = score_dir(a.output_dir, a.data)
    weights = {f: weights.get(f, -1) for f in per_file}  # evaluate.py's default
    agg = aggregate(per_file, weights)
    if a.per_file:
        write_per_file(a.per_file, a.system, per_file, weights)
    if a.json:
        print(json.dumps(dict(sut=a.system, **agg), indent=1))
    else:
        print_report(a.system, a.output_dir, per_file, agg, weights, a.worst)
    if a.expect_per_file or a.expect_aggregate:
        return 1 if check(per_file, agg, a.system, a.expect_per_file, a.expect_aggregate,
                          a.tolerance) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
