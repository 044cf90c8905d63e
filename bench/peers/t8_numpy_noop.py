"""A batch hook that does nothing but import numpy, as the numpy batch hook
of t8_hooks.py does when it first reads a column: the fixed cost of numpy
(python_bench.py P3)."""
import numpy  # noqa: F401


def noop(batch, ctx):
    return None
