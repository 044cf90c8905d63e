def f(rec, ctx):
    return {"id": int(rec["id"]), "ms": float(rec["ms"]), "slow": float(rec["ms"]) > 100, "tags": ["a", "b"], "none": None, "text": "x,y"}
