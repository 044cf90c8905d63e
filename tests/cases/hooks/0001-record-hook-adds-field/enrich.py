def add_api(rec, ctx):
    parts = rec["path"].split("/")
    rec["api"] = parts[2] if len(parts) > 2 else ""
