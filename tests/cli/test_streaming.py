"""A stream that comes slowly (`tail -f app.log | weir ...`): each record
is written as soon as it has been read, not when a block of input is full
or the input ends. weir reads stdin from a pipe this test holds open, and
the test waits for each output line before it writes the next input line.
Run by ctest (cli/streaming), which sets WEIR.
"""

import os
import select
import subprocess
import zlib

import pytest

WEIR = os.environ["WEIR"]
TIMEOUT = 20  # seconds: a line that has not come by then is not coming


_pending = {}


def read_line(proc):
    """The next line of proc's stdout, waiting at most TIMEOUT for it."""
    fd = proc.stdout.fileno()
    buffer = _pending.get(fd, b"")
    while b"\n" not in buffer:
        ready, _, _ = select.select([fd], [], [], TIMEOUT)
        assert ready, "no output line while the input stayed open"
        chunk = os.read(fd, 65536)
        assert chunk, "the output ended"
        buffer += chunk
    line, _, _pending[fd] = buffer.partition(b"\n")
    return line.decode() + "\n"


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
        assert _pending.pop(proc.stdout.fileno(), b"") + proc.stdout.read() == b""
        assert proc.wait(TIMEOUT) == 0
    finally:
        proc.kill()
    assert got == expected


def gzip_flushed():
    """gzip as a writer makes it that flushes each line (Z_SYNC_FLUSH), and
    the stream's end."""
    z = zlib.compressobj(6, zlib.DEFLATED, 31)
    return (lambda line: z.compress(line) + z.flush(zlib.Z_SYNC_FLUSH)), (lambda: z.flush())


def zstd_frames():
    """zstd as a frame a line, as `zstd` writes each."""
    frame = lambda line: subprocess.run(["zstd", "-q", "-c"], input=line, capture_output=True, check=True).stdout
    return frame, (lambda: b"")


@pytest.mark.parametrize("compress", [gzip_flushed, zstd_frames], ids=["gzip", "zstd"])
def test_a_compressed_stream_is_written_as_it_comes(compress):
    # (the decoder says what it holds and asks the pipe whether more has come)
    line_of, end = compress()
    proc = subprocess.Popen([WEIR, "--from", "jsonl", "--to", "jsonl", "filter", "a != 2"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        got = []
        for i in (1, 2, 3):
            proc.stdin.write(line_of(f'{{"a":{i}}}\n'.encode()))
            proc.stdin.flush()
            if i != 2:
                got.append(read_line(proc))
        proc.stdin.write(end())
        proc.stdin.close()
        assert _pending.pop(proc.stdout.fileno(), b"") + proc.stdout.read() == b""
        assert proc.wait(TIMEOUT) == 0, proc.stderr.read()
    finally:
        proc.kill()
    assert got == ['{"a":1}\n', '{"a":3}\n']


@pytest.mark.parametrize("threads", [[], ["-j", "2"]])
def test_records_after_a_backlog_are_written_as_they_come(threads):
    # `tail -n 5000 -f`: more than a block at once, then a record at a time
    # (the input is read on one thread whatever -j says: it may pause)
    proc = subprocess.Popen([WEIR, *threads, "--from", "jsonl", "--to", "jsonl", "cat"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        backlog = "".join(f'{{"n":{i},"note":"{"x" * 20}"}}\n' for i in range(5000))
        proc.stdin.write(backlog.encode())
        proc.stdin.flush()
        for i in range(5000):
            assert read_line(proc) == f'{{"n":{i},"note":"{"x" * 20}"}}\n'
        for i in range(5000, 5003):
            proc.stdin.write(f'{{"n":{i}}}\n'.encode())
            proc.stdin.flush()
            assert read_line(proc) == f'{{"n":{i}}}\n'
        proc.stdin.close()
        assert _pending.pop(proc.stdout.fileno(), b"") + proc.stdout.read() == b""
        assert proc.wait(TIMEOUT) == 0
    finally:
        proc.kill()
