def f(rec, ctx):
    if "kept" in ctx.state:
        ctx.state["kept"]["id"]
    ctx.state["kept"] = rec
