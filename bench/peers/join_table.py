#!/usr/bin/env python3
"""Writes the 10,000-row table the JOIN task joins rows1m.csv with, on path.

Its paths are the ones gen_data.py writes without a query string: the fixed
ones, every static file and report, and items 1..N until 10,000 rows, so
about a third of the 1M rows find their path (deterministic, no randomness).
"""
import sys

rows = ["/health", "/", "/login", "/api/v2/search"]
rows += [f"/static/js/app.{i}.js" for i in range(1, 1001)]
rows += [f"/static/css/site.{i}.css" for i in range(1, 101)]
rows += [f"/admin/reports/{i}" for i in range(1, 501)]
i = 1
while len(rows) < 10000:
    rows.append(f"/api/v1/items/{i}")
    i += 1
out = open(sys.argv[1], "w", newline="") if len(sys.argv) > 1 else sys.stdout
out.write("path,owner,team\n")
for n, path in enumerate(rows):
    out.write(f"{path},owner{n % 97},team-{n % 13}\n")
