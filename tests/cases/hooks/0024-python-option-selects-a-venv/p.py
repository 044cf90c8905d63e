import os, sys

def f(rec, ctx):
    rec["venv"] = os.path.basename(sys.prefix)
