def same(rec, ctx):
    return rec
