def add(rec, ctx):
    rec["x"] = "1"
