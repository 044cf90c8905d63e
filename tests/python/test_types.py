"""One engine, one set of types (weir-hooks(7), TYPES): a value is the same in
a hook, in weir.run / weir.records, in a batch column and in JSON output, and
a column's type does not change from row to row or batch to batch."""
import json
import math
import os
import pickle
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import weir

ROOT = Path(__file__).resolve().parents[2]
WEIR = os.environ.get("WEIR", str(ROOT / "build" / "dev" / "weir"))


def weir_cli(*args, cwd=None):
    return subprocess.run([WEIR, *map(str, args)], capture_output=True, cwd=cwd)


def jsonl(stdout):
    return [json.loads(line) for line in stdout.decode().splitlines()]


MIXED = ("id,status,zip,ms,flag,neg,huge,note\n"
         "1,500,01234,1.5,true,-0,1e400,a\n"
         "2,200,12345,2,FALSE,3,2,\n"
         "3,404,99999,,true,4,3,N/A\n")


@pytest.fixture
def mixed(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(MIXED)
    return path


# ---- the cases the issue lists


def test_a_csv_number_is_the_same_in_a_hook_and_in_weir_run(tmp_path, mixed):
    hook = tmp_path / "seen.py"
    out = tmp_path / "seen.pickle"
    hook.write_text("import pickle\n"
                    "def setup(ctx): ctx.state['seen'] = []\n"
                    "def f(rec, ctx): ctx.state['seen'].append(rec.to_dict())\n"
                    f"def teardown(ctx): pickle.dump(ctx.state['seen'], open({str(out)!r}, 'wb'))\n")
    rows = weir.run("cat", [mixed])
    assert rows[0] == {"id": 1, "status": 500, "zip": "01234", "ms": 1.5, "flag": True, "neg": -0.0,
                       "huge": "1e400", "note": "a"}
    # one type a column: a zip code with a leading zero keeps the column text
    assert [r["zip"] for r in rows] == ["01234", "12345", "99999"]
    # -0 is a float, not 0; 1e400 (no finite double) keeps its column text, never inf
    assert math.copysign(1, rows[0]["neg"]) == -1 and [type(r["neg"]) for r in rows] == [float] * 3
    assert [r["huge"] for r in rows] == ["1e400", "2", "3"]
    # missing values: None in a number column, text in a text column
    assert rows[2]["ms"] is None and rows[1]["note"] == "" and rows[2]["note"] == "N/A"
    # the same pipeline: weir run (JSON Lines), weir.run, weir.records, a hook that collects what it sees
    cli = weir_cli("--to", "jsonl", "hook", f"{hook}:f", mixed)
    assert cli.returncode == 0, cli.stderr
    seen = pickle.loads(out.read_bytes())
    streamed = list(weir.records("cat", [mixed]))
    assert seen == rows and streamed == rows
    assert [[type(v) for v in r.values()] for r in seen] == [[type(v) for v in r.values()] for r in rows]
    # JSON has one number type: compare its numbers by value, everything else exactly
    assert jsonl(cli.stdout) == rows
    assert [[type(v) for v in r.values()] for r in jsonl(cli.stdout)] == \
        [[int if t is float and float(v).is_integer() else t for v, t in ((v, type(v)) for v in r.values())]
         for r in rows]


def test_a_value_written_back_untouched_is_its_own_bytes(tmp_path, mixed):
    hook = tmp_path / "touch.py"
    hook.write_text("def f(rec, ctx):\n    rec['seen'] = rec['status']\n"
                    "def b(batch, ctx):\n    batch['zip2'] = batch['zip']\n")
    out = weir_cli("hook", f"{hook}:f", "then", "hook", "--batch", f"{hook}:b", mixed)
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode() == ("id,status,zip,ms,flag,neg,huge,note,seen,zip2\n"
                                   "1,500,01234,1.5,true,-0,1e400,a,500,01234\n"
                                   "2,200,12345,2,FALSE,3,2,,200,12345\n"
                                   "3,404,99999,,true,4,3,N/A,404,99999\n")


def numbers_with_one_na(path, n=3000, na_at=1500):
    lines = ["id,v"] + [f"{i},{i * 1.5}" for i in range(1, n + 1)]
    lines[na_at] = f"{na_at},N/A"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_batch_column_with_a_missing_value_is_float_with_nan_in_every_batch(tmp_path):
    data = numbers_with_one_na(tmp_path / "na.csv", n=300000, na_at=150000)
    hook = tmp_path / "cols.py"
    out = tmp_path / "cols.pickle"
    hook.write_text("import pickle\nimport numpy as np\n"
                    "def setup(ctx): ctx.state['seen'] = []\n"
                    "def f(batch, ctx):\n"
                    "    v = batch['v']\n"
                    "    ctx.state['seen'].append((str(v.dtype), len(v), int(np.isnan(v).sum()),\n"
                    "                              int((~batch.valid('v')).sum()), batch.type('v')))\n"
                    "    batch['double'] = v * 2\n"
                    f"def teardown(ctx): pickle.dump(ctx.state['seen'], open({str(out)!r}, 'wb'))\n")
    result = weir_cli("--to", "jsonl", "hook", "--batch", f"{hook}:f", data)
    assert result.returncode == 0, result.stderr
    seen = pickle.loads(out.read_bytes())
    assert len(seen) > 1  # several batches
    assert {(dtype, kind) for dtype, _, _, _, kind in seen} == {("float64", "float")}
    assert sum(nan for _, _, nan, _, _ in seen) == 1 and sum(bad for _, _, _, bad, _ in seen) == 1
    assert sum(n for _, n, _, _, _ in seen) == 300000
    rows = jsonl(result.stdout)
    assert rows[149999] == {"id": 150000, "v": None, "double": None}
    assert rows[0] == {"id": 1, "v": 1.5, "double": 3}


def test_a_failing_batch_hook_names_its_records_and_skip_counts_them(tmp_path):
    data = numbers_with_one_na(tmp_path / "na.csv")
    hook = tmp_path / "boom.py"
    hook.write_text("def f(batch, ctx):\n    raise ValueError('nope')\n")
    failed = weir_cli("hook", "--batch", f"{hook}:f", data)
    assert failed.returncode == 4
    assert failed.stderr.decode().startswith(
        f"weir: hook {hook}:f raised on its batch of 3000 records, {data}:2-3001: ValueError: nope\n")
    skipped = weir_cli("--on-error", "skip", "hook", "--batch", f"{hook}:f", data)
    assert skipped.returncode == 0 and skipped.stdout == b""
    assert skipped.stderr.decode().startswith("weir: read 3000 rows: 0 written, 3000 rejected (3000 hook-error); ")


def test_a_batch_hook_writing_inf_or_nan_gives_null_and_valid_json(tmp_path, mixed):
    hook = tmp_path / "inf.py"
    hook.write_text("import numpy as np\n"
                    "def f(batch, ctx):\n"
                    "    batch['x'] = np.array([np.inf, -np.inf, np.nan])\n"
                    "    batch['y'] = [float('inf'), 1.5, None]\n")
    out = weir_cli("--to", "jsonl", "hook", "--batch", f"{hook}:f", "then", "select", "id,x,y", mixed)
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode() == ('{"id":1,"x":null,"y":null}\n{"id":2,"x":null,"y":1.5}\n'
                                   '{"id":3,"x":null,"y":null}\n')


def test_the_readme_snippet_runs(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### From Python"):]
    snippet = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(snippet, "README.md", "exec"), {})


# ---- pandas and numpy


def test_read_pandas_equals_pandas_read_csv_on_a_clean_file(tmp_path):
    path = tmp_path / "clean.csv"
    path.write_text("id,name,score,ok\n" + "".join(f"{i},n{i},{i / 4},{'true' if i % 2 else 'false'}\n"
                                                     for i in range(1, 2001)))
    ours = weir.read_pandas(path)
    theirs = pd.read_csv(path)
    pd.testing.assert_frame_equal(ours, theirs)
    assert list(ours.dtypes.astype(str)) == ["int64", "object", "float64", "bool"]


def test_read_pandas_keeps_what_read_csv_changes(tmp_path, mixed):
    df = weir.read_pandas(mixed)
    assert list(df["zip"]) == ["01234", "12345", "99999"]          # read_csv: 1234
    assert list(df["huge"]) == ["1e400", "2", "3"]                 # read_csv: inf
    assert list(df["note"]) == ["a", "", "N/A"]                    # read_csv: NaN, NaN
    assert df["status"].dtype == np.int64 and df["ms"].dtype == np.float64 and math.isnan(df["ms"][2])
    assert list(df["flag"]) == [True, False, True]


def test_read_pandas_a_late_misfit_makes_an_object_column_and_loses_nothing(tmp_path):
    path = tmp_path / "late.csv"
    n = 300000
    path.write_text("v\n" + "".join(f"{i}\n" for i in range(n)) + "oops\n")
    df = weir.read_pandas(path)
    assert df["v"].dtype == object and df["v"].iloc[-1] == "oops" and df["v"].iloc[5] == 5
    assert len(df) == n + 1


def test_read_pandas_a_number_column_empty_at_first_is_missing_throughout(tmp_path):
    # the first batches hold only empty values and NA: their type not known
    # yet, they were text ("" and "NA") in an object column
    path = tmp_path / "sparse.csv"
    n = 300000
    path.write_text("id,v,note\n" + "".join(
        f"{i},{'' if i < 200000 else ('NA' if i % 9 == 0 else i)},{'' if i < 250000 else 'n'}\n" for i in range(n)))
    df = weir.read_pandas(path)
    assert df["v"].dtype == np.float64
    assert int(df["v"].isna().sum()) == 200000 + len(range(200007, n, 9))
    assert df["v"].iloc[200001] == 200001.0
    assert df["note"].dtype == object and df["note"].iloc[0] == "" and df["note"].iloc[-1] == "n"


def test_records_note_a_number_column_given_as_text_before_its_type_was_known(tmp_path):
    path = tmp_path / "sparse.csv"
    path.write_text("id,v\n" + "".join(f"{i},{'' if i < 20000 else i}\n" for i in range(30000)))
    with pytest.warns(weir.Note, match=r"column 'v': its first \d+ values .* it is int, .* --types v:int"):
        rows = weir.run("cat", [path])
    assert rows[0]["v"] == "" and rows[-1]["v"] == 29999
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error", weir.Note)  # declared, or one dtype a column: nothing to note
        assert weir.run("--types v:int cat", [path])[0]["v"] is None
        assert weir.read_pandas(path)["v"].dtype == np.float64


def test_read_pandas_takes_a_pipeline_and_input_options(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("a;b\n1;x\n2;y\n3;z\n")
    df = weir.read_pandas(path, "filter 'a >= 2'", delimiter=";", strict=True)
    assert df.to_dict("list") == {"a": [2, 3], "b": ["y", "z"]}


def test_batches_as_numpy_and_pandas_have_one_dtype_a_column(tmp_path):
    data = numbers_with_one_na(tmp_path / "na.csv", n=300000, na_at=150000)
    arrays = list(weir.batches("cat", [data], as_="numpy"))
    assert len(arrays) > 1
    assert {str(b["v"].dtype) for b in arrays} == {"float64"}
    assert sum(int(b["v"].mask.sum()) for b in arrays) == 1
    assert {str(b["id"].dtype) for b in arrays} == {"int64"}
    frames = list(weir.batches("cat", [data], as_="pandas"))
    assert {str(f["v"].dtype) for f in frames} == {"float64"} and sum(len(f) for f in frames) == 300000
    assert {str(f["id"].dtype) for f in frames} == {"Int64"}
    with pytest.raises(ValueError, match="as_ must be"):
        weir.batches("cat", [data], as_="arrow")


def test_batches_keep_integers_past_2_53_exact(tmp_path):
    # (float64 holds 1600000000000000003 only as ...000: an id changed)
    path = tmp_path / "ids.csv"
    path.write_text("id,n\n1600000000000000003,1\n1600000000000000001,\n9007199254740993,x\n")
    [arrays] = list(weir.batches("cat", [path], as_="numpy"))
    assert arrays["id"].dtype == np.int64
    assert arrays["id"].tolist() == [1600000000000000003, 1600000000000000001, 9007199254740993]
    [frame] = list(weir.batches("cat", [path], as_="pandas"))
    assert frame["id"].tolist() == [1600000000000000003, 1600000000000000001, 9007199254740993]
    assert frame["n"].tolist() == ["1", "", "x"]  # (x is no number: a str column)


def test_read_pandas_keeps_integers_past_2_53_beside_a_missing_value(tmp_path):
    path = tmp_path / "ids.csv"
    path.write_text("id\n1600000000000000003\n\n9007199254740993\n")
    column = weir.read_pandas(path)["id"]
    assert str(column.dtype) == "Int64" and column.isna().tolist() == [False, True, False]
    assert column.tolist()[::2] == [1600000000000000003, 9007199254740993]
    # small integers beside a missing value stay float64 with NaN, as pandas reads them
    path.write_text("id\n3\n\n4\n")
    assert str(weir.read_pandas(path)["id"].dtype) == "float64"


def test_batches_mask_an_int_column_s_missing_values_and_integers_past_64_bits(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text("n\n0\n1\n\n99999999999999999999\nN/A\n")
    [arrays] = list(weir.batches("cat", [path], as_="numpy"))
    assert arrays["n"].dtype == np.int64 and arrays["n"].tolist() == [0, 1, None, None, None]
    [frame] = list(weir.batches("cat", [path], as_="pandas"))
    assert str(frame["n"].dtype) == "Int64" and frame["n"].isna().tolist() == [False, False, True, True, True]
    # a whole table keeps it: an object column, the big integer a Python int
    assert weir.read_pandas(path)["n"].tolist() == [0, 1, None, 99999999999999999999, None]


def test_from_pandas_feeds_a_dataframe_into_a_pipeline():
    df = pd.DataFrame({"id": [1, 2, 3], "ms": [1.5, float("nan"), 3.0], "name": ["a", "b", None],
                       "ok": [True, False, True]})
    rows = weir.run("filter 'id >= 2'", weir.from_pandas(df))
    assert rows == [{"id": 2, "ms": None, "name": "b", "ok": False}, {"id": 3, "ms": 3.0, "name": None, "ok": True}]
    assert weir.read_pandas(weir.from_pandas(df)).equals(df)


# ---- unit-testing a hook file


def test_load_hooks_runs_setup_and_teardown(tmp_path, capsys):
    hooks = weir.load_hooks(ROOT / "examples" / "hooks" / "enrich.py")
    rec = weir.Record({"path": "/api/v2/orders/7"})
    hooks.add_api(rec, hooks.ctx)
    assert rec["api"] == "v2" and hooks.ctx.state["seen"] == 1
    hooks.close()
    assert capsys.readouterr().out == "enrich.py: 1 records enriched\n"
    with weir.load_hooks(ROOT / "examples" / "hooks" / "enrich.py") as again:
        assert again.ctx.state == {"seen": 0}
