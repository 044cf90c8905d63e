def add_api(rec, ctx):
    pass

def score(batch, ctx):
    pass
