def f(rec, ctx):
    rec["where"] = f"{ctx.file}:{ctx.line}"
