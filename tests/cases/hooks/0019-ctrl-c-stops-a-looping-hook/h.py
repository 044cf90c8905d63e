def f(rec, ctx):
    open("started", "w").close()
    while True:
        pass
