def add_api(rec, ctx):
    rec["api"] = rec["path"].split("/")[2]
