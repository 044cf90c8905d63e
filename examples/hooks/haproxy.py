"""A decode hook: turns HAProxy-style log lines, a format weir does not know,
into records. weir calls parse(line, ctx) for each line (input.parse)."""
import re

LINE = re.compile(
    r'(?P<ts>\S+) (?P<client>[\d.]+):(?P<port>\d+) \[(?P<frontend>[^\]]+)\] '
    r'(?P<backend>\S+) (?P<status>\d{3}) (?P<bytes>\d+) (?P<ms>\d+)ms "(?P<method>\S+) (?P<path>\S+)"')


def setup(ctx):
    ctx.state["unparsed"] = 0


def parse(line, ctx):
    m = LINE.match(line)
    if m is None:
        ctx.state["unparsed"] += 1   # counted, reported at the end
        return None
    rec = m.groupdict()
    rec["status"] = int(rec["status"])
    rec["bytes"] = int(rec["bytes"])
    rec["ms"] = int(rec["ms"])
    return rec


def teardown(ctx):
    if ctx.state["unparsed"]:
        print(f"haproxy.py: {ctx.state['unparsed']} line(s) did not match")
