#!/usr/bin/env python3
"""Do two outputs hold the same records?  (weir benchmark verification)

usage: compare.py MODE A B [--allow CATEGORY]...

MODE
  bytes      byte for byte
  csv        byte for byte; if that fails, record by record (csv module), so a
             quoting-only difference is told apart from different values
  jsonl      one JSON object a line; values compared as their text, so a
             number 200 and a string "200" are the same value ("type"
             difference, reported), and 97.270 is not 97.27
  jsonl-num  as jsonl, but numbers are compared as numbers (97.270 == 97.27),
             for tools such as jq that reformat numbers
  count      csv: the number of records only (a peer with its own column order)

Differences are counted by category and field:
  quoting     csv: same records, different bytes (quoting, line ends)
  type        same text, one side a JSON number/bool, the other a string
  null-empty  null on one side, "" on the other
  null-text   null on one side, the string "null" on the other
  keys        different field names or field order
  value       different values
  count       different numbers of records

Prints a verdict line (identical / same records / equivalent / DIFFERENT)
and one line per category with a count and the first example.  Categories
named with --allow are tolerated (reported, not fatal).  Exit status: 0
identical, same records or equivalent; 1 different; 2 usage or read error.
"""

import csv
import itertools
import json
import sys

MAXLEN = 90


def short(x):
    s = x.replace("\r", "\\r").replace("\n", "\\n") if isinstance(x, str) else repr(x)
    return s if len(s) <= MAXLEN else s[:MAXLEN] + "..."


class Diffs:
    """Counts of differences by (category, field) with the first example."""

    def __init__(self):
        self.n = {}
        self.first = {}

    def add(self, cat, field, rec, a, b):
        k = (cat, field)
        self.n[k] = self.n.get(k, 0) + 1
        if k not in self.first:
            self.first[k] = (rec, a, b)

    def categories(self):
        return {c for c, _ in self.n}

    def report(self, allowed):
        lines = []
        for (cat, field), cnt in sorted(self.n.items(), key=lambda kv: (-kv[1], kv[0])):
            rec, a, b = self.first[(cat, field)]
            tag = "allowed" if cat in allowed else "differs"
            where = f" {field}:" if field else ":"
            lines.append(f"  {tag} {cat:<10}{where} {cnt} record(s), first at record {rec}: "
                         f"{short(a)}  vs  {short(b)}")
        return lines


def first_line_diff(pa, pb):
    """(line number, line a, line b) of the first differing physical line."""
    with open(pa, "rb") as fa, open(pb, "rb") as fb:
        for i, (la, lb) in enumerate(itertools.zip_longest(fa, fb), 1):
            if la != lb:
                dec = lambda s: "<EOF>" if s is None else s.decode("utf-8", "replace").rstrip("\n")
                return i, dec(la), dec(lb)
    return None


def same_bytes(pa, pb):
    with open(pa, "rb") as fa, open(pb, "rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


def count_csv(path):
    with open(path, newline="", encoding="utf-8", errors="surrogateescape") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def cmp_csv(pa, pb, d):
    with open(pa, newline="", encoding="utf-8", errors="surrogateescape") as fa, \
         open(pb, newline="", encoding="utf-8", errors="surrogateescape") as fb:
        ra, rb = csv.reader(fa), csv.reader(fb)
        ha, hb = next(ra, None), next(rb, None)
        if ha != hb:
            d.add("keys", "", 0, ",".join(ha or []), ",".join(hb or []))
        n = 0
        for n, (x, y) in enumerate(itertools.zip_longest(ra, rb), 1):
            if x is None or y is None:
                d.add("count", "", n, "<EOF>" if x is None else "more records",
                      "<EOF>" if y is None else "more records")
                break
            if x != y:
                names = ha or []
                for i, (u, v) in enumerate(itertools.zip_longest(x, y)):
                    if u != v:
                        field = names[i] if i < len(names) else f"#{i + 1}"
                        d.add("value", field, n, "<missing>" if u is None else u,
                              "<missing>" if v is None else v)
        return n


class Num(str):
    """A JSON number kept as its source text."""


def render(v):
    """JSON value -> (kind, text); numbers keep their source text."""
    if isinstance(v, Num):
        return "num", str(v)
    if isinstance(v, str):
        return "str", v
    if v is None:
        return "null", "null"
    if isinstance(v, bool):
        return "bool", "true" if v else "false"
    if isinstance(v, (int, float)):
        return "num", repr(v)
    return "json", json.dumps(v, ensure_ascii=False, sort_keys=False,
                              default=str, separators=(",", ":"))


def cmp_value(d, rec, field, a, b, numeric):
    if numeric and isinstance(a, (int, float)) and isinstance(b, (int, float)) \
            and not isinstance(a, bool) and not isinstance(b, bool):
        if a != b:
            d.add("value", field, rec, repr(a), repr(b))
        return
    (ka, ta), (kb, tb) = render(a), render(b)
    if ka == kb and ta == tb:
        return
    # strings are shown quoted, numbers/null/bool bare: 200 vs "200"
    show_a = json.dumps(ta, ensure_ascii=False) if ka == "str" else ta
    show_b = json.dumps(tb, ensure_ascii=False) if kb == "str" else tb
    if "null" in (ka, kb) and ka != kb:
        other = tb if ka == "null" else ta
        okind = kb if ka == "null" else ka
        if okind == "str" and other == "":
            d.add("null-empty", field, rec, show_a, show_b)
        elif okind == "str" and other == "null":
            d.add("null-text", field, rec, show_a, show_b)
        else:
            d.add("value", field, rec, show_a, show_b)
    elif ta == tb:
        d.add("type", field, rec, show_a, show_b)
    else:
        d.add("value", field, rec, show_a, show_b)


def cmp_jsonl(pa, pb, d, numeric):
    if numeric:
        loads = json.loads
    else:
        def loads(s):
            return json.loads(s, parse_int=Num, parse_float=Num, parse_constant=Num)
    with open(pa, "rb") as fa, open(pb, "rb") as fb:
        la = (l for l in fa if l.strip())
        lb = (l for l in fb if l.strip())
        n = 0
        for n, (x, y) in enumerate(itertools.zip_longest(la, lb), 1):
            if x is None or y is None:
                d.add("count", "", n, "<EOF>" if x is None else "more records",
                      "<EOF>" if y is None else "more records")
                break
            if x == y:
                continue
            oa, ob = loads(x), loads(y)
            if not (isinstance(oa, dict) and isinstance(ob, dict)):
                cmp_value(d, n, "", oa, ob, numeric)
                continue
            if list(oa) != list(ob):
                d.add("keys", "", n, ",".join(oa), ",".join(ob))
            for k in oa:
                if k in ob:
                    cmp_value(d, n, k, oa[k], ob[k], numeric)
        return n


def main(argv):
    allowed = set()
    args = []
    it = iter(argv)
    for a in it:
        if a == "--allow":
            allowed.add(next(it, ""))
        else:
            args.append(a)
    if len(args) != 3 or args[0] not in ("bytes", "csv", "jsonl", "jsonl-num", "count"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, pa, pb = args
    try:
        if same_bytes(pa, pb):
            print("identical")
            return 0
        d = Diffs()
        if mode == "bytes":
            ln, a, b = first_line_diff(pa, pb)
            d.add("value", "", f"line {ln}", a, b)
        elif mode == "count":
            # only how many CSV records (a peer with its own column order)
            na, nb = count_csv(pa), count_csv(pb)
            if na == nb:
                print(f"same record count ({na})")
                return 0
            d.add("count", "", 0, str(na), str(nb))
        elif mode == "csv":
            cmp_csv(pa, pb, d)
            if not d.n:
                ln, a, b = first_line_diff(pa, pb)
                d.add("quoting", "", f"line {ln}", a, b)
        else:
            cmp_jsonl(pa, pb, d, mode == "jsonl-num")
    except (OSError, ValueError) as e:
        print(f"ERROR comparing: {e}")
        return 2
    bad = d.categories() - allowed
    if not d.n:
        how = "number format, spacing" if mode == "jsonl-num" else "spacing, escapes"
        print(f"same records ({how})")
    elif bad:
        print("DIFFERENT (" + ", ".join(sorted(bad)) + ")")
    else:
        print("equivalent (allowed: " + ", ".join(sorted(d.categories())) + ")")
    for line in d.report(allowed):
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
