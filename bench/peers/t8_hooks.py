"""T8 as Python hooks for weir: the second path segment as `api`, for the
records with latency_ms > 100 (the same work as py_t8_list.py)."""


def record(rec, ctx):
    if float(rec["latency_ms"]) <= 100:
        return False
    parts = rec["path"].split("/")
    rec["api"] = parts[2] if len(parts) > 2 else ""


def batch(b, ctx):
    b.keep(b["latency_ms"] > 100)
    b["api"] = [p.split("/")[2] if p.count("/") >= 2 else "" for p in b["path"]]


def noop(rec_or_batch, ctx):
    return None
