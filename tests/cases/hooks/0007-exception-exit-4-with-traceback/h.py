def f(rec, ctx):
    return rec["pth"]
