"""`import weir`: the engine from Python, and the example hooks tested with
weir.Record / weir.Batch (as a hook author would test their own hooks)."""
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import weir

ROOT = Path(__file__).resolve().parents[2]
ACCESS = str(ROOT / "examples" / "access.csv")
sys.path.insert(0, str(ROOT / "examples" / "hooks"))


def test_run_verbs_returns_records():
    rows = weir.run("filter 'status >= 500' then select id,status then head -n 2", [ACCESS])
    assert rows == [{"id": 66, "status": 500}, {"id": 157, "status": 500}]


def test_a_readers_note_is_a_warning(tmp_path):
    # the weir command says it on stderr: \n here is an escape or a path's text
    path = tmp_path / "escaped.tsv"
    path.write_text("id\tnote\n1\tline one\\nline two\n")
    note = r"escaped.tsv: \\t \\n \\r in its values were read as escapes .* --escape none"
    with pytest.warns(weir.Note, match=note):
        assert weir.run("cat", [path]) == [{"id": 1, "note": "line one\nline two"}]
    with pytest.warns(weir.Note, match=note):
        assert weir.run("cat", [path], output=tmp_path / "out.csv")["written"] == 1
    with pytest.warns(weir.Note, match=note):
        assert list(weir.read_pandas(path)["note"]) == ["line one\nline two"]
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error", weir.Note)  # the choice given: no note
        assert weir.run("--escape backslash cat", [path]) == [{"id": 1, "note": "line one\nline two"}]


def test_run_word_list_and_single_input():
    rows = weir.run(["count", "-g", "method"], ACCESS)
    assert rows == [{"method": "POST", "count": 97}, {"method": "GET", "count": 338},
                    {"method": "DELETE", "count": 36}, {"method": "PUT", "count": 29}]


def test_run_config_file_and_dict():
    by_file = weir.run(str(ROOT / "examples" / "server-errors.json"), [ACCESS])
    assert by_file[:2] == [{"id": 157, "status": 500, "api": "v1", "latency_ms": 74.595},
                           {"id": 213, "status": 502, "api": "v2", "latency_ms": 64.402}]
    by_dict = weir.run({"version": 1, "pipeline": [{"filter": "status == 503"}, {"count": {}}]}, [ACCESS])
    assert by_dict == [{"count": 1}]


# the rows `cd examples && weir run -c haproxy.json haproxy.log` prints (as a table)
HAPROXY_ROWS = [{"backend": "api_v1", "ms_count": 2, "ms_mean": 61, "ms_max": 88},
                {"backend": "api_v2", "ms_count": 2, "ms_mean": 2126, "ms_max": 3002},
                {"backend": "static", "ms_count": 1, "ms_mean": 2, "ms_max": 2}]


def test_run_config_with_input_parse_gives_the_rows_weir_run_prints(monkeypatch):
    # input.parse (a decode hook) and output.format: the config as `weir run` runs it
    monkeypatch.chdir(ROOT)
    rows = weir.run("examples/haproxy.json", ["examples/haproxy.log"])
    assert rows == HAPROXY_ROWS
    if "WEIR" in os.environ:  # set by ctest: the weir command's own rows
        printed = subprocess.run([os.environ["WEIR"], "run", "-c", "haproxy.json", "--to", "jsonl", "haproxy.log"],
                                 cwd=ROOT / "examples", capture_output=True, check=True, text=True).stdout
        assert rows == [json.loads(line) for line in printed.splitlines()]


def test_run_config_dict_with_input_parse(monkeypatch):
    # a dict's relative paths start at the current folder
    monkeypatch.chdir(ROOT / "examples")
    config = {"version": 1, "input": {"parse": "hooks/haproxy.py:parse"},
              "pipeline": [{"filter": "status >= 500"}, {"select": ["backend", "status", "ms"]}]}
    assert weir.run(config, ["haproxy.log"]) == [{"backend": "api_v2", "status": 500, "ms": 1250},
                                                 {"backend": "api_v2", "status": 503, "ms": 3002}]


def test_run_words_take_main_options_as_the_command_line_does(tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("a;b\n1;x\n2;y\n")
    # before the first verb, and among a verb's words (--strict detects no delimiter)
    assert weir.run("--no-header select 2 -d ';'", [data]) == [{"2": "b"}, {"2": "x"}, {"2": "y"}]
    assert weir.run("--strict select b --delimiter=semicolon then head -n 1", [data]) == [{"b": "x"}]
    # -c: the config's pipeline, then the verbs
    config = shlex.quote(str(ROOT / "examples" / "haproxy.json"))
    rows = weir.run(f"-c {config} filter 'ms_max > 50'", [ROOT / "examples" / "haproxy.log"])
    assert rows == HAPROXY_ROWS[:2]
    with pytest.raises(weir.UsageError, match="--version is an option of the weir command"):
        weir.run("--version cat", [data])
    with pytest.raises(weir.UsageError, match=r"unknown option '--form' \(did you mean '--from'\?\)"):
        weir.run("--form csv cat", [data])


def test_run_to_a_file(tmp_path):
    out = tmp_path / "errors.csv"
    stats = weir.run("filter 'status >= 500' then select id,status", [ACCESS], output=out)
    assert stats == {"records_read": 500, "written": 9, "rejected": 0, "repaired": 0, "skipped": 0}
    assert out.read_text().splitlines()[:2] == ["id,status", "66,500"]


def test_records_and_batches_iterate():
    assert [r["id"] for r in weir.records("head -n 3", [ACCESS])] == [1, 2, 3]
    sizes = [len(b) for b in weir.batches("head -n 25", [ACCESS], size=10)]
    assert sizes == [10, 10, 5]


def test_errors_are_python_exceptions(tmp_path):
    with pytest.raises(weir.UsageError, match="did you mean 'filter'"):
        weir.run("filtr x", [ACCESS])
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2,3\n")
    # --strict (the main options go before the verbs): a ragged row is malformed
    with pytest.raises(weir.InputError, match="bad.csv:2:5: ragged row"):
        weir.run("--strict cat", [bad])


def test_a_ragged_row_is_kept_by_default(tmp_path):
    # the extra value is kept as a field named by its position, a short row padded
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("a,b\n1,2\n3,4,5\n6\n")
    # (the padded value is missing: None in an int column)
    expected = [{"a": 1, "b": 2}, {"a": 3, "b": 4, "3": 5}, {"a": 6, "b": None}]
    assert weir.run("cat", [ragged]) == expected
    assert list(weir.records("cat", [ragged])) == expected
    out = tmp_path / "out.csv"
    # the counts say what the reader repaired (both rows are kept)
    assert weir.run("cat", [ragged], output=out) == {"records_read": 3, "written": 3, "rejected": 0, "repaired": 2,
                                                     "skipped": 0}
    assert out.read_text() == "a,b\n1,2\n3,4,5\n6,\n"


def test_hook_runs_inside_python():
    rows = weir.run("hook examples/hooks/enrich.py:add_api then select id,api then head -n 2", [ACCESS])
    assert rows == [{"id": 1, "api": "v1"}, {"id": 2, "api": "v1"}]


def test_record_hook_unit_test_with_weir_record():
    import enrich
    ctx = weir.Context()
    enrich.setup(ctx)
    rec = weir.Record({"path": "/api/v2/orders/7", "latency_ms": "120.5"})
    assert enrich.add_api(rec, ctx) is None
    assert rec["api"] == "v2"
    assert ctx.state == {"seen": 1}
    assert enrich.slow_only(rec, ctx) is True
    assert rec.to_dict() == {"path": "/api/v2/orders/7", "latency_ms": "120.5", "api": "v2"}


def test_record_behaves_like_a_dict():
    rec = weir.Record({"a": 1, "b": "x", "c": None, "d": [1, 2]})
    assert rec["a"] == 1 and rec["b"] == "x" and rec["c"] is None and rec["d"] == [1, 2]
    assert "a" in rec and "z" not in rec and len(rec) == 4
    assert rec.get("z", 7) == 7
    del rec["b"]
    assert list(rec) == ["a", "c", "d"]
    with pytest.raises(KeyError):
        rec["b"]


def test_batch_hook_unit_test_with_weir_batch():
    import numpy as np
    import score
    batch = weir.Batch([{"latency_ms": 150, "bytes": 2048}, {"latency_ms": 50, "bytes": None}])
    assert isinstance(batch["latency_ms"], np.ndarray)
    score.score(batch, weir.Context())
    assert batch.to_dicts() == [{"latency_ms": 150, "bytes": 2048, "slow": True, "kb_per_s": 13.3},
                                {"latency_ms": 50, "bytes": None, "slow": False, "kb_per_s": 0}]
    score.keep_slow(batch, weir.Context())
    assert [r["latency_ms"] for r in batch.to_dicts()] == [150]


def test_decode_hook_from_the_example():
    import haproxy
    ctx = weir.Context()
    haproxy.setup(ctx)
    line = '2024-05-01T10:00:00Z 10.0.0.1:51234 [web] api_v1 200 5120 34ms "GET /api/v1/items/17"'
    rec = haproxy.parse(line, ctx)
    assert rec["status"] == 200 and rec["ms"] == 34 and rec["path"] == "/api/v1/items/17"
    assert haproxy.parse("-- restarted --", ctx) is None
    assert ctx.state["unparsed"] == 1


# ---- weir.records() and weir.batches() stream

def write_rows(path, n, bad_line=None):
    """A CSV file of n records (lines 2..n+1), each about 40 bytes; the
    line numbered bad_line, if any, has a field too many."""
    with open(path, "w") as f:
        f.write("id,name,note\n")
        for line in range(2, n + 2):
            extra = ",oops" if line == bad_line else ""
            f.write(f"{line - 1},name-{line - 1:07d},some padding text here{extra}\n")
    return str(path)


def test_records_taken_early_do_not_read_the_rest(tmp_path):
    # 4 MB: line 100000 is in the fourth 1 MB block; the first ten records
    # come from the first, so the malformed line is never reached
    path = write_rows(tmp_path / "big.csv", 150000, bad_line=100000)
    it = weir.records("cat", [path])
    first = [next(it) for _ in range(10)]
    assert [r["id"] for r in first] == list(range(1, 11))
    assert first[0] == {"id": 1, "name": "name-0000001", "note": "some padding text here"}
    it.close()


def test_records_raise_at_the_malformed_record_after_those_before(tmp_path):
    path = write_rows(tmp_path / "big.csv", 150000, bad_line=100000)
    seen = []
    with pytest.raises(weir.InputError, match=r"big\.csv:100000:\d+: ragged row"):
        for rec in weir.records("--strict cat", [path]):
            seen.append(rec["id"])
    # every record before line 100000, in order, and none after it
    assert seen == list(range(1, 99999))


def test_records_keep_a_ragged_record_by_default(tmp_path):
    path = write_rows(tmp_path / "big.csv", 150000, bad_line=100000)
    seen = []
    for rec in weir.records("cat", [path]):
        seen.append(rec["id"])
        if rec["id"] == 99999:
            assert rec == {"id": 99999, "name": "name-0099999", "note": "some padding text here", "4": "oops"}
        else:
            assert len(rec) == 3
    assert seen == list(range(1, 150001))


def test_records_left_early_stop_the_hooks(tmp_path):
    path = write_rows(tmp_path / "big.csv", 300000)
    (tmp_path / "stream_counter.py").write_text("seen = 0\n")
    hook = tmp_path / "count_hook.py"
    hook.write_text("import stream_counter\n"
                    "def f(rec, ctx):\n"
                    "    stream_counter.seen += 1\n")
    taken = 0
    for rec in weir.records(f"hook {hook}:f", [path]):
        taken += 1
        if taken == 10:
            break
    import stream_counter  # the hook's folder is on sys.path now
    # the hook ran over the first batch (1 MB, about 26,000 records), not all 300,000
    assert 10 <= stream_counter.seen <= 40000


def test_records_across_batches_equal_run(tmp_path):
    path = write_rows(tmp_path / "big.csv", 60000)  # 2.4 MB: three blocks
    streamed = list(weir.records("filter 'id % 7 == 0' then select id,name", [path]))
    assert len(streamed) == 60000 // 7
    assert streamed == weir.run("filter 'id % 7 == 0' then select id,name", [path])


def test_records_raise_at_the_failing_hook_record(tmp_path):
    hook = tmp_path / "fail5.py"
    hook.write_text("def f(rec, ctx):\n"
                    "    if rec['id'] == 5:\n"
                    "        raise ValueError('five')\n")
    path = write_rows(tmp_path / "small.csv", 20)
    seen = []
    with pytest.raises(weir.HookError) as raised:
        for rec in weir.records(f"hook {hook}:f", [path]):
            seen.append(rec["id"])
    assert seen == [1, 2, 3, 4]
    assert str(raised.value).startswith(f"weir: hook {hook}:f raised on {path}:6: ValueError: five\nTraceback")


def test_batches_hand_over_the_records_before_an_error(tmp_path):
    hook = tmp_path / "fail5.py"
    hook.write_text("def f(rec, ctx):\n"
                    "    if rec['id'] == 5:\n"
                    "        return 'not a record'\n")
    path = write_rows(tmp_path / "small.csv", 20)
    got = []
    with pytest.raises(weir.HookError, match=r"returned str on .*small\.csv:6; a record hook returns None"):
        for batch in weir.batches(f"hook {hook}:f then select id", [path], size=3):
            got.append([r["id"] for r in batch])
    assert got == [[1, 2, 3], [4]]


def test_batches_size_must_be_positive():
    with pytest.raises(ValueError, match="batches\\(\\): size must be at least 1, got 0"):
        next(weir.batches("cat", [ACCESS], size=0))


def test_records_report_setup_errors_on_first_next():
    it = weir.records("filtr x", [ACCESS])
    with pytest.raises(weir.UsageError, match="did you mean 'filter'"):
        next(it)


# ---- weir.Violation, for rule hooks (weir check)

def test_violation_attributes_and_defaults():
    v = weir.Violation("missing email", field="email", severity="warning")
    assert (v.message, v.field, v.severity) == ("missing email", "email", "warning")
    plain = weir.Violation("bad")
    assert (plain.message, plain.field, plain.severity) == ("bad", None, None)
    assert repr(v) == "weir.Violation('missing email', field='email', severity='warning')"
    assert repr(plain) == "weir.Violation('bad')"
    assert v == weir.Violation("missing email", "email", "warning")
    assert v != weir.Violation("missing email", "email")


def test_violation_rejects_a_bad_severity_or_type():
    with pytest.raises(ValueError) as raised:
        weir.Violation("x", severity="fatal")
    assert str(raised.value) == "weir.Violation: severity must be 'error', 'warning' or 'info', not 'fatal'"
    with pytest.raises(TypeError) as raised:
        weir.Violation("x", severity=2)
    assert str(raised.value) == "weir.Violation: severity must be 'error', 'warning' or 'info', not int"
    with pytest.raises(TypeError) as raised:
        weir.Violation(42)
    assert str(raised.value) == "weir.Violation: message must be a str, not int"
    with pytest.raises(TypeError) as raised:
        weir.Violation("x", field=["a"])
    assert str(raised.value) == "weir.Violation: field must be a str or None, not list"


def test_rule_hook_unit_test_with_weir_record():
    def no_email(rec, ctx):
        if "@" not in rec.get("contact", ""):
            return weir.Violation(f"no email in {rec['contact']!r}", field="contact")

    assert no_email(weir.Record({"contact": "a@b.c"}), weir.Context()) is None
    assert no_email(weir.Record({"contact": "phone"}), weir.Context()) == \
        weir.Violation("no email in 'phone'", field="contact")


def test_run_and_records_keep_a_line_separator_inside_a_value(tmp_path):
    path = tmp_path / "sep.csv"
    path.write_text('a\n"x\u2028y"\n')
    assert weir.run("cat", [path]) == [{"a": "x\u2028y"}]
    assert list(weir.records("cat", [path])) == [{"a": "x\u2028y"}]


def test_a_malformed_record_comes_before_a_later_hook_error(tmp_path):
    # as in the weir command, where the reader stops at line 4 before the hook sees line 6
    hook = tmp_path / "fail5.py"
    hook.write_text("def f(rec, ctx):\n"
                    "    if rec['id'] == 5:\n"
                    "        raise ValueError('five')\n")
    path = write_rows(tmp_path / "mixed.csv", 20, bad_line=4)
    seen = []
    with pytest.raises(weir.InputError, match=r"mixed\.csv:4:\d+: ragged row"):
        for rec in weir.records(f"--strict hook {hook}:f", [path]):
            seen.append(rec["id"])
    assert seen == [1, 2]
    # by default the ragged record is kept: the hook's error on line 6 comes first
    seen = []
    with pytest.raises(weir.HookError, match=r"mixed\.csv:6: ValueError: five"):
        for rec in weir.records(f"hook {hook}:f", [path]):
            seen.append(rec["id"])
    assert seen == [1, 2, 3, 4]


def test_types_declares_column_types_in_run_and_read_pandas(tmp_path):
    path = tmp_path / "zips.csv"
    path.write_text("id,zip\n1,10001\n2,94105\n")
    assert weir.run("cat", [path]) == [{"id": 1, "zip": 10001}, {"id": 2, "zip": 94105}]
    rows = weir.run("--types zip:str cat", [path])
    assert rows == [{"id": 1, "zip": "10001"}, {"id": 2, "zip": "94105"}]
    assert all(type(r["zip"]) is str for r in rows)
    df = weir.read_pandas(path, types={"zip": "str"})
    assert df["zip"].dtype == object
    assert list(df["zip"]) == ["10001", "94105"]
    assert df["id"].dtype == "int64"
    with pytest.raises(weir.UsageError, match=r"--types: 'zip:zip': unknown type 'zip' \(str, int, float, bool\)"):
        weir.run("--types zip:zip cat", [path])


def test_sort_top_n_records_outlive_the_stage():
    # sort ... then head -n N hands its records over in a batch of its own;
    # import weir's queue keeps it past the stage's end (found by weir.dask)
    rows = weir.run("sort latency_ms:nr then head -n 3 then select id,latency_ms", [ACCESS, ACCESS])
    assert rows == [{"id": 452, "latency_ms": 588.096}, {"id": 452, "latency_ms": 588.096},
                    {"id": 124, "latency_ms": 522.428}]
