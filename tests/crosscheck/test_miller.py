"""Cross-check: weir's answers equal Miller's on 200,000 generated rows.

The data comes from bench/gen_data.py (deterministic, seed 1) into a
temporary folder. Records are compared as parsed CSV, so the two tools'
quoting and number spelling do not matter; means are compared as floats.
Needs Miller (Debian's `miller`), installed by .ci/deps.sh.
"""
import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

WEIR = os.environ["WEIR"]
ROOT = Path(__file__).resolve().parents[2]
MLR = shutil.which("mlr")

pytestmark = pytest.mark.skipif(MLR is None, reason="Miller (mlr) is not installed")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    path = tmp_path_factory.mktemp("crosscheck") / "rows200k.csv"
    subprocess.run([sys.executable, str(ROOT / "bench" / "gen_data.py"), "--rows", "200000",
                    "--seed", "1", "-o", str(path)], check=True)
    return path


def run(*args):
    done = subprocess.run(list(args), capture_output=True, check=True)
    return list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8"))))


def test_filter_status_ge_500(data):
    ours = run(WEIR, "filter", "status >= 500", str(data))
    theirs = run(MLR, "--icsv", "--ocsv", "filter", "$status >= 500", str(data))
    assert len(ours) > 1000
    assert ours == theirs


def test_count_by_status(data):
    ours = run(WEIR, "count", "-g", "status", str(data))
    theirs = run(MLR, "--icsv", "--ocsv", "count", "-g", "status", str(data))
    assert ours == theirs


def test_mean_latency_by_method(data):
    ours = run(WEIR, "stats", "-a", "count,mean", "-f", "latency_ms", "-g", "method", str(data))
    theirs = run(MLR, "--icsv", "--ocsv", "stats1", "-a", "count,mean", "-f", "latency_ms", "-g", "method",
                 str(data))
    assert [r["method"] for r in ours] == [r["method"] for r in theirs]
    for a, b in zip(ours, theirs):
        assert a["latency_ms_count"] == b["latency_ms_count"]
        assert float(a["latency_ms_mean"]) == pytest.approx(float(b["latency_ms_mean"]), rel=1e-12)


def test_top_10_by_latency(data):
    ours = run(WEIR, "sort", "latency_ms:nr", "then", "head", "-n", "10", str(data))
    theirs = run(MLR, "--icsv", "--ocsv", "sort", "-nr", "latency_ms", "then", "head", "-n", "10", str(data))
    assert len(ours) == 10
    assert ours == theirs


def test_distinct_countries(data):
    ours = run(WEIR, "uniq", "country", str(data))
    theirs = run(MLR, "--icsv", "--ocsv", "uniq", "-g", "country", "then", "cut", "-f", "country", str(data))
    assert len(ours) == 22
    assert ours == theirs
