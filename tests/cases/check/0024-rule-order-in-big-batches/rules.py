def b(rec, ctx):
    if rec["n"] in (1, 300):
        return "the hook says no"
