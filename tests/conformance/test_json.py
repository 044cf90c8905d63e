"""JSON conformance: JSONTestSuite's test_parsing files through the jsonl reader.

y_*: must be accepted (exit 0), and the records written must hold the same
values as the input: a top-level object is a record, a top-level array is a
list of records, and any other value (also as an array element) becomes a
record with one field `value`.
n_*: must be rejected with exit 3 and a located message
`weir: FILE:LINE:COL: ...`, never a crash and never a hang. The exceptions
are JSONL_EMPTY: files with no value at all, which are JSON Lines with zero
records (as for jq and Miller), not errors.
i_*: either is fine (exit 0 or 3), but never a crash or a hang.
"""

import json
import os
import pathlib
import re
import subprocess

import pytest

WEIR = os.environ.get("WEIR", "weir")
DATA = pathlib.Path(os.environ.get("WEIR_TEST_DATA", pathlib.Path(__file__).parents[1] / "data"))
SUITE = DATA / "jsontestsuite" / "test_parsing"
TIMEOUT = 10
EXIT_OK = 0
EXIT_BAD_INPUT = 3

CASES = sorted(SUITE.glob("*.json"))

# No JSON value at all: an invalid JSON text, but a valid (empty) JSON Lines
# stream -- `weir cat empty.jsonl` must not fail a pipeline.
JSONL_EMPTY = {
    "n_structure_no_data": "empty file",
    "n_single_space": "one blank",
    "n_structure_UTF8_BOM_no_data": "a byte order mark and nothing else",
}

LOCATED = r"weir: {}:\d+:\d+: \S"


class Obj(list):
    """A JSON object as its (key, value) pairs: order and duplicates kept."""


def decode(text):
    # numbers stay text: weir keeps a number's JSON text as it is
    return json.loads(text, object_pairs_hook=Obj, parse_int=str, parse_float=str,
                      parse_constant=str)


def unique_keys(record):
    """A record's fields as weir names them: a repeated key gets a suffix
    (a, a_2, a_3) so that no field is lost."""
    seen = set()
    fields = Obj()
    for key, value in record:
        name, n = key, 1
        while name in seen:
            n += 1
            name = f"{key}_{n}"
        seen.add(name)
        fields.append((name, value))
    return fields


def expected_records(data):
    """The records weir should write for the JSON text `data`."""
    doc = decode(data)
    elements = doc if isinstance(doc, list) and not isinstance(doc, Obj) else [doc]
    return [unique_keys(e) if isinstance(e, Obj) else Obj([("value", e)]) for e in elements]


def cases(prefix):
    return [p for p in CASES if p.name.startswith(prefix)]


def run_weir(path):
    try:
        proc = subprocess.run([WEIR, "--from", "jsonl", "--to", "jsonl", "cat", str(path)],
                              capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"weir hung on {path.name} (no exit within {TIMEOUT} s)")
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode >= 0, f"weir died of signal {-proc.returncode}:\n{stderr}"
    # sanitizer builds report to stderr and may exit with their own code
    assert "Sanitizer" not in stderr and "runtime error:" not in stderr, stderr
    return proc, stderr


def ids(path):
    return path.stem


@pytest.mark.parametrize("path", cases("y_"), ids=ids)
def test_accepts(path):
    proc, stderr = run_weir(path)
    assert proc.returncode == EXIT_OK, stderr
    assert stderr == ""
    # split at LF only: str.splitlines() would also split at U+2028 inside a string
    got = [decode(line) for line in proc.stdout.decode("utf-8").split("\n") if line]
    assert got == expected_records(path.read_bytes())


@pytest.mark.parametrize("path", [p for p in cases("n_") if p.stem not in JSONL_EMPTY], ids=ids)
def test_rejects(path):
    proc, stderr = run_weir(path)
    assert proc.returncode == EXIT_BAD_INPUT, (
        f"exit {proc.returncode}, stdout {proc.stdout[:300]!r}, stderr {stderr!r}")
    assert re.match(LOCATED.format(re.escape(str(path))), stderr), stderr


@pytest.mark.parametrize("path", [p for p in cases("n_") if p.stem in JSONL_EMPTY], ids=ids)
def test_empty_is_no_records(path):
    proc, stderr = run_weir(path)
    assert (proc.returncode, proc.stdout, stderr) == (EXIT_OK, b"", "")


@pytest.mark.parametrize("path", cases("i_"), ids=ids)
def test_implementation_defined(path):
    proc, stderr = run_weir(path)
    assert proc.returncode in (EXIT_OK, EXIT_BAD_INPUT), stderr
    if proc.returncode == EXIT_BAD_INPUT:
        assert re.match(LOCATED.format(re.escape(str(path))), stderr), stderr


def test_suite_present():
    assert len(cases("y_")) > 90 and len(cases("n_")) > 180 and len(cases("i_")) > 30
    assert all((SUITE / f"{name}.json").exists() for name in JSONL_EMPTY)


# --- beyond the suite: JSON Lines framing and error locations ---------------
# (input, expected exit, expected stdout or the first line of stderr)
JSONL_CASES = {
    "pretty-printed values": (b'{\n  "a": 1\n}\n[\n  {"a": 2}\n]\n', 0, b'{"a":1}\n{"a":2}\n'),
    "crlf and blank lines": (b'{"a":1}\r\n\r\n  \r\n{"a":2}\r\n', 0, b'{"a":1}\n{"a":2}\n'),
    "no final newline": (b'{"a":1}\n{"a":2}', 0, b'{"a":1}\n{"a":2}\n'),
    "number beyond double": (b'1e400\n{"a":-1E+99999}\n', 0, b'{"value":1e400}\n{"a":-1E+99999}\n'),
    "empty key kept": (b'{"":1}\n', 0, b'{"":1}\n'),
    "two values on a line": (b'{"a":1} {"b":2}\n', 3, "weir: (stdin):1:9: unexpected text after the JSON value"),
    "text after a pretty value": (b'{\n"a":1\n} x\n', 3, "weir: (stdin):3:3: unexpected text after the JSON value"),
    "column after blanks": (b'{"a":1}\n   {"a":2,}\n', 3, "weir: (stdin):2:11: "),
    "error on a later line of a value": (b'{\n  "a": 1,\n  "b": tru\n}\n', 3,
                                         "weir: (stdin):3:8: invalid literal (expected true)"),
    "root literal with junk": (b'false1\n', 3, "weir: (stdin):1:1: invalid literal (expected false)"),
    "root null with junk": (b'nulll\n', 3, "weir: (stdin):1:1: invalid literal (expected null)"),
    "raw tab in a string": (b'{"a":"x\ty"}\n', 3, "weir: (stdin):1:8: unescaped control character U+0009"),
    "bad escape": (b'{"a":"x\\qy"}\n', 3, "weir: (stdin):1:8: invalid escape '\\q' in a string"),
    "lone surrogate": (b'{"a":"\\ud800"}\n', 3, "weir: (stdin):1:7: lone UTF-16 surrogate \\uD800"),
    "unterminated string": (b'{"a":"xy}\n{"a":1}\n', 3, "weir: (stdin):1:6: unterminated string"),
    "nested 999 deep": (b"[" * 999 + b"]" * 999 + b"\n", 0, None),
    "nested 1000 deep": (b"[" * 1000 + b"]" * 1000 + b"\n", 3, "weir: (stdin):1:1000: nested too deeply"),
    "nested a million deep": (b"[" * 10**6 + b"]" * 10**6 + b"\n", 3, "weir: (stdin):1:1000: nested too deeply"),
}


@pytest.mark.parametrize("name", list(JSONL_CASES))
def test_jsonl_framing(name):
    data, code, expected = JSONL_CASES[name]
    try:
        proc = subprocess.run([WEIR, "--from", "jsonl", "--to", "jsonl", "cat", "-"], input=data,
                              capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"weir hung (no exit within {TIMEOUT} s)")
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == code, stderr
    if code == EXIT_OK:
        assert stderr == ""
        if expected is not None:
            assert proc.stdout == expected
    else:
        assert stderr.startswith(expected), stderr
