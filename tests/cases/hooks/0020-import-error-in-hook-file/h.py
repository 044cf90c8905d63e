import no_such_module_xyz

def f(rec, ctx):
    pass
