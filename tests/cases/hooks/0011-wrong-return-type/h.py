def f(rec, ctx):
    return "yes"
