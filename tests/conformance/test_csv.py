"""CSV conformance: csv-spectrum and Apache Commons CSV's CSVFileParser suite.

Every data file is its own test id. weir runs as a subprocess (env WEIR), the
suites live under WEIR_TEST_DATA; both are set by tests/CMakeLists.txt.
"""

import json
import os
import pathlib
import re
import subprocess

import pytest

WEIR = os.environ.get("WEIR", "weir")
DATA = pathlib.Path(os.environ.get("WEIR_TEST_DATA", pathlib.Path(__file__).parents[1] / "data"))
SPECTRUM = DATA / "csv-spectrum"
COMMONS = DATA / "commons-csv" / "CSVFileParser"
TIMEOUT = 10


def run_weir(*args, stdin=None):
    """Runs weir; returns the CompletedProcess (bytes), failing on a crash."""
    proc = subprocess.run([WEIR, *map(str, args)], input=stdin, capture_output=True,
                          timeout=TIMEOUT)
    assert proc.returncode >= 0, f"weir died of signal {-proc.returncode}: {proc.stderr!r}"
    return proc


def as_text(value):
    """A jsonl value back as the field's text.

    weir writes text by its column's type (weir-hooks(7), TYPES): in a
    number column `1` comes back where the CSV held "1", and an empty value
    is null. Numbers are parsed with parse_int/parse_float=str, which keeps
    their exact text ("1.50" stays "1.50"); true/false map back to their
    spelling (these files hold them in lower case only).
    """
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    assert isinstance(value, str), f"unexpected nested value {value!r}"
    return value


def parse_jsonl(output):
    """weir's jsonl output as a list of [(name, text), ...], order kept."""
    records = []
    for line in output.decode("utf-8").splitlines():
        record = json.loads(line, parse_int=str, parse_float=str, object_pairs_hook=list)
        records.append([(name, as_text(value)) for name, value in record])
    return records


def read_csv(path_or_stdin, *options):
    if isinstance(path_or_stdin, bytes):
        proc = run_weir(*options, "--from", "csv", "--to", "jsonl", "cat", "-", stdin=path_or_stdin)
    else:
        proc = run_weir(*options, "--from", "csv", "--to", "jsonl", "cat", path_or_stdin)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert proc.stderr == b""
    return parse_jsonl(proc.stdout)


# --- csv-spectrum -----------------------------------------------------------

SPECTRUM_CASES = sorted(SPECTRUM.glob("csvs/*.csv"))


def spectrum_expected(csv_path):
    with open(SPECTRUM / "json" / (csv_path.stem + ".json"), encoding="utf-8") as f:
        expected = json.load(f, object_pairs_hook=list)
    return [[(name, value) for name, value in record] for record in expected]


@pytest.mark.parametrize("csv_path", SPECTRUM_CASES, ids=lambda p: p.stem)
def test_spectrum(csv_path):
    assert read_csv(csv_path) == spectrum_expected(csv_path)


@pytest.mark.parametrize("csv_path", SPECTRUM_CASES, ids=lambda p: p.stem)
def test_spectrum_strict(csv_path):
    # every file is RFC 4180: --strict reads it the same as the sniffer does
    assert read_csv(csv_path, "--strict") == spectrum_expected(csv_path)


@pytest.mark.parametrize("csv_path", SPECTRUM_CASES, ids=lambda p: p.stem)
def test_spectrum_csv_roundtrip(csv_path):
    # csv -> weir's csv writer -> csv reader must give the same records
    proc = run_weir("--from", "csv", "--to", "csv", "cat", csv_path)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert read_csv(proc.stdout) == spectrum_expected(csv_path)


def test_spectrum_suite_present():
    assert len(SPECTRUM_CASES) >= 11


# --- Apache Commons CSV: CSVFileParser --------------------------------------

COMMONS_CASES = sorted(COMMONS.glob("test*.txt"))


def commons_control(control_path):
    """(data file, weir options, [(field count, joined text)]) from a control file."""
    lines = control_path.read_text(encoding="utf-8").splitlines()
    data_name, *settings = lines[0].split()
    options = ["--no-header"]
    ignore_empty = False
    for setting in settings:
        key, _, value = setting.partition("=")
        if key == "CommentStart":
            options += ["--comment", value]
        elif key == "IgnoreSpaces":
            if value == "true":
                options.append("--trim")
        elif key == "IgnoreEmpty":
            ignore_empty = value == "true"
        elif key == "CheckComments":
            pass  # weir does not attach comments to records
        else:
            raise AssertionError(f"unknown setting {setting!r} in {control_path.name}")
    if not ignore_empty:
        options.append("--keep-blank-lines")
    expected = []
    for line in lines[2:]:  # line 2 is Java's CSVFormat#toString()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"(\d+):\[(.*)\](?:#.*)?", line)
        assert m, f"unreadable expectation {line!r} in {control_path.name}"
        expected.append((int(m.group(1)), m.group(2)))
    return COMMONS / data_name, options, expected


@pytest.mark.parametrize("control_path", COMMONS_CASES, ids=lambda p: p.stem)
def test_commons_csv(control_path):
    # A control file fixes the whole format (delimiter ',', quote '"', the
    # comment character or none, blank lines kept or not) and Commons CSV
    # reads every record as wide as it is: that is weir --strict, which
    # detects nothing and pads nothing (without it, weir detects '#' as a
    # comment character and pads short rows to the table's width: see
    # test_commons_csv_sniffed).
    data_path, options, expected = commons_control(control_path)
    records = read_csv(data_path, "--strict", *options)
    got = []
    for record in records:
        # --no-header names the fields 1, 2, 3, ... in order
        assert [name for name, _ in record] == [str(i + 1) for i in range(len(record))]
        got.append((len(record), ", ".join(value for _, value in record)))
    assert got == expected


@pytest.mark.parametrize("control_path", COMMONS_CASES, ids=lambda p: p.stem)
def test_commons_csv_sniffed(control_path):
    # The same files read as by default, with the control file's options:
    # the values are Commons CSV's, except as weir reads messy CSV by design:
    #  - a line starting with '#' is a comment (detected) when the control
    #    file gives no comment character: its record is not read, and is
    #    counted as rejected (comment);
    #  - a record narrower than the table is padded with empty values, and
    #    each one padded is counted as repaired (ragged) on stderr.
    data_path, options, expected = commons_control(control_path)
    comments = 0
    if "--comment" not in options:
        kept = [(n, text) for n, text in expected if not (n == 1 and text.startswith("#"))]
        comments, expected = len(expected) - len(kept), kept
    width = max(n for n, _ in expected)
    padded = [(width, text + ", " * (width - n)) for n, text in expected]
    proc = run_weir("--summary", *options, "--from", "csv", "--to", "jsonl", "cat", data_path)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    got = [(len(record), ", ".join(value for _, value in record)) for record in parse_jsonl(proc.stdout)]
    assert got == padded
    repaired = sum(1 for n, _ in expected if n < width)
    summary = (f"weir: read {len(expected) + comments} rows: {len(expected)} written, {comments} rejected"
               + (f" ({comments} comment)" if comments else ""))
    if repaired:
        summary += f"; {repaired} repaired ({repaired} ragged)"
    if comments:
        first = next(i for i, line in enumerate(open(data_path, encoding="utf-8"), 1) if line.startswith("#"))
        summary += (f"; the first rejected: {data_path}:{first}:1: a comment line (starting with '#'), not read; "
                    "--comment none reads it")
    if repaired or comments:
        summary += "; --rejects FILE keeps each one"
    assert proc.stderr.decode("utf-8") == summary + "\n"


def test_commons_bom_stripped():
    records = read_csv(COMMONS / "bom.csv")
    assert records, "bom.csv gave no records"
    first_name = records[0][0][0]
    assert first_name == "Date"
    assert [name for name, _ in records[0]] == ["Date", " Open", " High", " Low", " Close", " Volume"]
    assert records[0][0][1] == "14-Mar-14"
    assert len(records) == (COMMONS / "bom.csv").read_bytes().count(b"\n") - 1


def test_commons_suite_present():
    assert len(COMMONS_CASES) >= 7
