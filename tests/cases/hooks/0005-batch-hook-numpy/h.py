import numpy as np

def score(batch, ctx):
    assert isinstance(batch["ms"], np.ndarray)
    batch["slow"] = batch["ms"] > 100
    batch["double"] = batch["ms"] * 2
    batch.keep(batch["ms"] > 50)
