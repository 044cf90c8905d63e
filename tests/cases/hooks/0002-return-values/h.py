def f(rec, ctx):
    if rec["id"] == 1:
        return None
    if rec["id"] == 2:
        return False
    return [{"id": rec["id"], "copy": 1}, {"id": rec["id"], "copy": 2}]
