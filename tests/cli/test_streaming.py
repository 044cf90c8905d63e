"""A stream that comes slowly (`tail -f app.log | weir ...`): each record
is written as soon as it has been read, not when a block of input is full
or the input ends. weir reads stdin from a pipe this test holds open, and
the test waits for each output line before it writes the next input line.
Run by ctest (cli/streaming), which sets WEIR.
"""

import os
import select
import subprocess

import pytest

WEIR = os.environ["WEIR"]
TIMEOUT = 20  # seconds: a line that has not come by then is not coming


def read_line(proc):
    ready, _, _ = select.select([proc.stdout], [], [], TIMEOUT)
    assert ready, "no output line while the input stayed open"
    return proc.stdout.readline().decode()


@pytest.mark.parametrize("fmt, lines, expected", [
    ("jsonl", ['{"a":1,"b":"x"}', '{"a":2,"b":"y"}', '{"a":3,"b":"z"}'],
     ['{"a":1,"b":"x"}', '{"a":3,"b":"z"}']),
    ("logfmt", ["a=1 b=x", "a=2 b=y", "a=3 b=z"], ['{"a":1,"b":"x"}', '{"a":3,"b":"z"}']),
    ("lines", ["GET /1", "PUT /2", "GET /3"], ['{"line":"GET /1"}', '{"line":"GET /3"}']),
    # (CSV is sniffed on its first 256 KiB unless --strict: it streams after)
    ("csv", ["a,b", "1,x", "2,y", "3,z"], ['{"a":1,"b":"x"}', '{"a":3,"b":"z"}']),
])
def test_each_record_is_written_as_it_comes(fmt, lines, expected):
    keep = "b != 'y'" if fmt != "lines" else "line =~ 'GET'"
    strict = ["--strict"] if fmt == "csv" else []
    proc = subprocess.Popen([WEIR, *strict, "--from", fmt, "--to", "jsonl", "filter", keep], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        got = []
        for line in lines:
            proc.stdin.write((line + "\n").encode())
            proc.stdin.flush()
            if "y" not in line and "PUT" not in line and line != "a,b":  # (nothing to wait for)
                got.append(read_line(proc).rstrip("\n"))
        proc.stdin.close()
        assert proc.stdout.read().decode() == ""
        assert proc.wait(TIMEOUT) == 0
    finally:
        proc.kill()
    assert got == expected
