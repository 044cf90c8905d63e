"""Record hooks for the examples: weir calls add_api(rec, ctx) once per record."""


def setup(ctx):
    # ctx.state lives for the whole run
    ctx.state["seen"] = 0


def add_api(rec, ctx):
    """The second path segment: /api/v1/items/7 -> v1."""
    ctx.state["seen"] += 1
    parts = rec["path"].split("/")
    rec["api"] = parts[2] if len(parts) > 2 else ""


def slow_only(rec, ctx):
    """Keeps the requests slower than 100 ms (returning False drops one)."""
    return float(rec["latency_ms"]) > 100


def teardown(ctx):
    # print() goes to stderr while records go to stdout
    print(f"enrich.py: {ctx.state['seen']} records enriched")
