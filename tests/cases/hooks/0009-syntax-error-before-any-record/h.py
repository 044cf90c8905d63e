def f(rec, ctx)
    return None
