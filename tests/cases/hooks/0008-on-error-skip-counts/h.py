def f(rec, ctx):
    if rec["id"] == 2:
        raise ValueError("bad row")
