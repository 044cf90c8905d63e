def f(rec, ctx):
    print("saw", rec["id"])
