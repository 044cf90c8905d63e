"""`import weir`: the engine from Python, and the example hooks tested with
weir.Record / weir.Batch (as a hook author would test their own hooks)."""
import os
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


def test_run_to_a_file(tmp_path):
    out = tmp_path / "errors.csv"
    stats = weir.run("filter 'status >= 500' then select id,status", [ACCESS], output=out)
    assert stats == {"records_read": 500, "skipped": 0}
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
    with pytest.raises(weir.InputError, match="bad.csv:2:5: ragged row"):
        weir.run("cat", [bad])


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
