def boom(rec, ctx):
    if rec["id"] == 3:
        return rec["missing"]

def wrong(rec, ctx):
    return 42
