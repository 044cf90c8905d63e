"""-j N reads every conformance file as -j 1 does: the same output, the same
messages on stderr (errors with their line and column, the closing summary)
and the same exit code, on 2 threads and on 8 (more than this machine's
cores), with blocks so small that a chunk boundary falls inside every
quoted field, escape and CRLF pair (test-only WEIR_BLOCK_SIZE; -j 1 with
the same blocks).

weir runs as a subprocess (env WEIR), the suites live under WEIR_TEST_DATA;
both are set by tests/CMakeLists.txt.
"""

import os
import pathlib
import subprocess

import pytest

WEIR = os.environ.get("WEIR", "weir")
DATA = pathlib.Path(os.environ.get("WEIR_TEST_DATA", pathlib.Path(__file__).parents[1] / "data"))
TIMEOUT = 10

CSV_FILES = sorted(DATA.glob("csv-spectrum/csvs/*.csv")) + sorted(DATA.glob("commons-csv/CSVFileParser/*.csv"))
JSON_FILES = sorted(DATA.glob("jsontestsuite/test_parsing/*.json"))

CSV_MODES = {
    "default": ["--summary", "--from", "csv", "--to", "jsonl"],
    "strict": ["--summary", "--from", "csv", "--to", "jsonl", "--strict", "--on-error", "skip"],
}
JSON_MODE = ["--summary", "--from", "jsonl", "--to", "jsonl"]


def run_weir(args, threads, block_size=None):
    env = dict(os.environ)
    env.pop("WEIR_THREADS", None)
    env.pop("WEIR_BLOCK_SIZE", None)
    if block_size is not None:
        env["WEIR_BLOCK_SIZE"] = str(block_size)
    proc = subprocess.run([WEIR, "-j", str(threads), *args], capture_output=True, timeout=TIMEOUT, env=env)
    assert proc.returncode >= 0, f"weir died of signal {-proc.returncode}: {proc.stderr!r}"
    return proc.returncode, proc.stdout, proc.stderr


def require_same(args, block_sizes):
    # (against -j 1 with the same blocks: the JSON writer types a column by
    # the first batch it sees, which the block size, not -j, decides)
    for block_size in block_sizes:
        serial = run_weir(args, 1, block_size)
        for threads in (2, 8):
            parallel = run_weir(args, threads, block_size)
            assert parallel == serial, f"-j {threads}, blocks of {block_size} bytes"


def file_id(path):
    return f"{path.parent.parent.name}/{path.name}" if path.parent.name == "csvs" else f"{path.parent.name}/{path.name}"


@pytest.mark.parametrize("mode", sorted(CSV_MODES))
@pytest.mark.parametrize("path", CSV_FILES, ids=file_id)
def test_csv_file_reads_the_same_on_threads(path, mode):
    require_same([*CSV_MODES[mode], "cat", str(path)], (1, 7, 64))


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_json_file_reads_the_same_on_threads(path):
    require_same([*JSON_MODE, "cat", str(path)], (1, 7))


def test_suites_present():
    # (an empty glob would pass every test above without running one)
    assert len(CSV_FILES) >= 15
    assert len(JSON_FILES) >= 300


def run_on_one_core(args, threads):
    one_core = {min(os.sched_getaffinity(0))}
    return subprocess.run([WEIR, "-j", str(threads), *args], capture_output=True, timeout=TIMEOUT,
                          preexec_fn=lambda: os.sched_setaffinity(0, one_core))


def test_threads_on_one_core_say_nothing(tmp_path):
    # -j 4 where the run may use one core only (a CI container, taskset):
    # the threads started early while the input is sniffed (ThreadsWarmUp)
    # and the reading threads get fewer workers than asked, and the thread
    # library must not say so on stderr; the output is -j 1's. A CR-only
    # CSV is then read on one thread: the early start is the library's only
    # use, where a warning would come every time.
    rows = "".join(f"{i},{i % 7},name {i}\n" for i in range(300_000))
    for name, text in (("lf.csv", "id,group,name\n" + rows), ("cr.csv", ("id,group,name\n" + rows).replace("\n", "\r"))):
        path = tmp_path / name
        path.write_bytes(text.encode())
        assert path.stat().st_size > 4 << 20  # (the warm-up's least, told -j N)
        args = ["--summary", "stats", "-a", "count,sum", "-f", "id", "-g", "group", str(path)]
        serial = run_on_one_core(args, 1)
        parallel = run_on_one_core(args, 4)
        assert serial.returncode == 0 and parallel.returncode == 0, name
        assert parallel.stdout == serial.stdout, name
        assert parallel.stderr == serial.stderr, name
        assert b"read 300000 rows" in serial.stderr, name
