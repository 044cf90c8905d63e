def fmt(rec, ctx):
    return rec["method"] + " " + rec["path"] + " -> " + rec["status"]
