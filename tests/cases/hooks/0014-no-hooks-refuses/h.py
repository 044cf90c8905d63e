def f(rec, ctx):
    pass
