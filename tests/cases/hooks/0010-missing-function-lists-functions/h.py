def add_api(rec, ctx):
    pass

def helper(x):
    return x
