"""Nothing is lost without a word: on every CSV file of the conformance
suites, the closing summary's rows read are the rows written plus the rows
rejected, and where a file is plain RFC 4180 they are its rows under the
header, as Python's csv module counts them.

    weir: read N rows: W written, R rejected[ (kinds)][; K repaired (kinds)][; ...]

weir runs as a subprocess (env WEIR), the suites live under WEIR_TEST_DATA;
both are set by tests/CMakeLists.txt. Each file is read as by default
(dialect sniffed, rows repaired) and with --strict --on-error skip (RFC 4180
only, malformed rows rejected and counted).
"""

import csv
import io
import json
import os
import pathlib
import re
import subprocess

import pytest

WEIR = os.environ.get("WEIR", "weir")
DATA = pathlib.Path(os.environ.get("WEIR_TEST_DATA", pathlib.Path(__file__).parents[1] / "data"))
TIMEOUT = 10

CSV_FILES = sorted(DATA.glob("csv-spectrum/csvs/*.csv")) + sorted(DATA.glob("commons-csv/CSVFileParser/*.csv"))
# the messy inputs of weir's own case folders (preambles, second tables,
# ragged rows, stray quotes, bad UTF-8): the same sums must hold
CASES = DATA.parent / "cases"
CASE_FILES = sorted(CASES.glob("*/*/**/*.csv"))

MODES = {
    "default": [],
    "strict": ["--strict", "--on-error", "skip"],
}

SUMMARY = re.compile(
    r"weir: read (?P<read>\d+) rows?: (?P<written>\d+) written"
    r"(?:, (?P<left>\d+) left out by the verbs)?"
    r", (?P<rejected>\d+) rejected(?: \((?P<rejected_kinds>[^)]*)\))?"
    r"(?:; (?P<repaired>\d+) repaired \((?P<repaired_kinds>[^)]*)\))?"
    r"(?:; the first rejected: [^\n]*?)?"
    r"(?:; (?:--rejects FILE keeps each one|each one is in [^\n]*))?"
)


def file_id(path):
    return f"{path.parent.parent.name}/{path.name}" if path.parent.name == "csvs" else f"{path.parent.name}/{path.name}"


def run_weir(*args):
    proc = subprocess.run([WEIR, *map(str, args)], capture_output=True, timeout=TIMEOUT)
    assert proc.returncode >= 0, f"weir died of signal {-proc.returncode}: {proc.stderr!r}"
    return proc


def kinds(text):
    """'2 ragged, 1 stray-quote' -> {'ragged': 2, 'stray-quote': 1}"""
    out = {}
    for part in filter(None, (text or "").split(", ")):
        n, _, kind = part.partition(" ")
        out[kind] = int(n)
    return out


def summary(stderr):
    """The summary line's counts; fails unless stderr is that one line."""
    text = stderr.decode("utf-8")
    lines = text.splitlines()
    assert len(lines) == 1, f"expected one summary line on stderr, got {text!r}"
    m = SUMMARY.fullmatch(lines[0])
    assert m, f"unreadable summary line {lines[0]!r}"
    return {
        "read": int(m["read"]),
        "written": int(m["written"]),
        "left": int(m["left"] or 0),
        "rejected": int(m["rejected"]),
        "rejected_kinds": kinds(m["rejected_kinds"]),
        "repaired": int(m["repaired"] or 0),
        "repaired_kinds": kinds(m["repaired_kinds"]),
    }


def rfc4180_rows(path):
    """The rows under the header of a plain RFC 4180 file (every row as wide
    as the header, no line a blank or '#' one, every quote well placed), as
    Python's csv module reads it; None for any other file."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return None
    if not rows:
        return None
    width = len(rows[0])
    for row in rows:
        if len(row) != width or row == [] or (row and row[0].startswith("#")):
            return None
    return len(rows) - 1


def test_the_summary_pattern_reads_every_form():
    # the forms cli/commands.cpp run_summary writes, as seen in weir's own cases
    assert summary(b"weir: read 1 row: 1 written, 0 rejected\n")["read"] == 1
    full = summary(b"weir: read 9 rows: 5 written, 1 left out by the verbs, 3 rejected (2 ragged, 1 preamble)"
                   b"; 4 repaired (3 ragged, 1 stray-quote); the first rejected: a.csv:3:1: ragged row: 1 field"
                   b" where the header has 2; --rejects FILE keeps each one\n")
    assert full == {"read": 9, "written": 5, "left": 1, "rejected": 3,
                    "rejected_kinds": {"ragged": 2, "preamble": 1}, "repaired": 4,
                    "repaired_kinds": {"ragged": 3, "stray-quote": 1}}


def test_the_suites_have_csv_files():
    assert len(CSV_FILES) >= 15


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", CSV_FILES, ids=file_id)
def test_rows_read_are_written_plus_rejected(path, mode, tmp_path):
    rejects = tmp_path / "rejects.jsonl"
    options = [*MODES[mode], "--summary", "--rejects", rejects]
    proc = run_weir(*options, "--from", "csv", "--to", "csv", "cat", path)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    counts = summary(proc.stderr)
    assert counts["left"] == 0, "cat leaves nothing out"
    assert counts["read"] == counts["written"] + counts["rejected"]
    assert sum(counts["rejected_kinds"].values()) == counts["rejected"]
    assert sum(counts["repaired_kinds"].values()) == counts["repaired"]
    assert counts["repaired"] <= counts["written"]

    # each rejected or repaired row is in --rejects, once
    noted = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert sum(1 for n in noted if n["action"] == "rejected") == counts["rejected"]
    assert sum(1 for n in noted if n["action"] == "repaired") == counts["repaired"]

    # the rows written are the records that come out
    jsonl = run_weir(*MODES[mode], "--from", "csv", "--to", "jsonl", "cat", path)
    assert jsonl.returncode == 0, jsonl.stderr.decode("utf-8", "replace")
    assert len(jsonl.stdout.splitlines()) == counts["written"]

    expected = rfc4180_rows(path)
    if expected is not None:
        assert counts["read"] == expected, "a plain RFC 4180 file: its rows under the header"
        assert counts["rejected"] == 0 and counts["repaired"] == 0


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: str(p.relative_to(CASES)))
def test_case_inputs_rows_read_are_written_plus_rejected(path, mode, tmp_path):
    # --on-error skip in both modes: an input weir cannot read is then a
    # rejected row too (invalid UTF-8 fails the run otherwise)
    rejects = tmp_path / "rejects.jsonl"
    options = [*MODES[mode], "--on-error", "skip", "--summary", "--rejects", rejects]
    proc = run_weir(*options, "--from", "csv", "--to", "csv", "cat", path)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    counts = summary(proc.stderr)
    assert counts["left"] == 0
    assert counts["read"] == counts["written"] + counts["rejected"]
    assert sum(counts["rejected_kinds"].values()) == counts["rejected"]
    assert sum(counts["repaired_kinds"].values()) == counts["repaired"]
    noted = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert sum(1 for n in noted if n["action"] == "rejected") == counts["rejected"]
    assert sum(1 for n in noted if n["action"] == "repaired") == counts["repaired"]
    jsonl = run_weir(*options[:-2], "--from", "csv", "--to", "jsonl", "cat", path)
    assert jsonl.returncode == 0, jsonl.stderr.decode("utf-8", "replace")
    assert len(jsonl.stdout.splitlines()) == counts["written"]


def test_the_case_folders_have_csv_inputs():
    assert len(CASE_FILES) >= 50


# Plain RFC 4180 inputs whose first data row once became a second header
# row (its typed cells misfit their columns): every row is read.
FIRST_ROW_OFF_TYPE = {
    "first-value-off-type": "ts\n2024-13-01\n2024-01-01T00:00:00Z\n2024-01-02T00:00:00Z\n",
    "quoted-text-over-numbers": 'a,b\n"x,y","say ""hi"""\n"two\nlines",2\n',
}


@pytest.mark.parametrize("name", FIRST_ROW_OFF_TYPE)
def test_a_first_row_off_type_is_a_row(name, tmp_path):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(FIRST_ROW_OFF_TYPE[name].encode("utf-8"))
    expected = rfc4180_rows(path)
    assert expected is not None
    proc = run_weir("--summary", "--from", "csv", "--to", "csv", "cat", path)
    assert proc.returncode == 0
    counts = summary(proc.stderr)
    assert counts["read"] == counts["written"] + counts["rejected"]
    assert counts["read"] == expected


def test_some_files_are_plain_rfc4180():
    # the count check above must apply to most of the suites, not to none
    plain = [p for p in CSV_FILES if rfc4180_rows(p) is not None]
    assert len(plain) >= 11, [p.name for p in plain]
