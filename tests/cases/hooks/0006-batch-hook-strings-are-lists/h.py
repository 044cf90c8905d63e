def f(batch, ctx):
    batch["kind"] = ["api" if p.startswith("/api") else "other" for p in batch["path"]]
