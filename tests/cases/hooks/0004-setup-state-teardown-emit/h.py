def setup(ctx):
    ctx.state["n"] = 0

def count(rec, ctx):
    ctx.state["n"] += 1

def teardown(ctx):
    ctx.emit({"id": "total", "path": "", "ms": ctx.state["n"]})
