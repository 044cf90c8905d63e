"""A batch hook: weir calls score(batch, ctx) with thousands of records at once.

Numeric columns arrive as numpy arrays, so the work is vectorised.
"""
import numpy as np


def score(batch, ctx):
    latency = batch["latency_ms"]           # numpy float64 array
    size = np.nan_to_num(batch["bytes"])    # empty bytes are NaN
    batch["slow"] = latency > 100           # a bool column
    batch["kb_per_s"] = np.round(size / 1024 / np.maximum(latency / 1000, 1e-3), 1)


def keep_slow(batch, ctx):
    batch.keep(batch["latency_ms"] > 100)
