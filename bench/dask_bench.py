#!/usr/bin/python3
"""weir on Dask (issue 16): 2 workers against 1, and `weir --dask local:2`
against `weir -j 2`, on 8 CSV files, after checking that every way gives the
same output as `weir -j 1`.

    /usr/bin/python3 bench/dask_bench.py                 # 8 files of 1M rows
    ROWS=200000 RUNS=5 /usr/bin/python3 bench/dask_bench.py

WEIR (default build/dev/weir; its python/ folder is the package),
WEIR_BENCH_DATA (default bench/data), ROWS (1000000), RUNS (3).

The machine may be shared: the commands run interleaved, round after
round (a, b, c, d, a, b, c, d, ...), so a burst of load from elsewhere
falls on all of them; the medians and their ratios are printed.
"""
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WEIR = os.environ.get("WEIR", str(ROOT / "build" / "dev" / "weir"))
DATA = Path(os.environ.get("WEIR_BENCH_DATA", ROOT / "bench" / "data"))
ROWS = int(os.environ.get("ROWS", "1000000"))
RUNS = int(os.environ.get("RUNS", "3"))
sys.path.insert(0, str(Path(WEIR).parent / "python"))

import weir  # noqa: E402
import weir.dask  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

PIPELINES = {
    "count -g": "count -g country",
    "stats p90": "stats -a count,mean,p90 -f latency_ms -g method",
    "filter": "filter 'status >= 500 and latency_ms > 100' then select id,status,latency_ms",
    "top-10": "sort latency_ms:nr then head -n 10",
}


def files():
    DATA.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(8):
        path = DATA / f"dask-{ROWS}-{i}.csv"
        if not path.exists() or path.stat().st_size == 0:
            subprocess.run(["/usr/bin/python3", str(ROOT / "bench" / "gen_data.py"), "--rows", str(ROWS),
                            "--format", "csv", "--seed", str(100 + i), "-o", str(path)], check=True)
        paths.append(str(path))
    return paths


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    paths = files()
    size = sum(os.path.getsize(p) for p in paths)
    print(f"8 files of {ROWS} rows, {size / 1e6:.0f} MB; {RUNS} interleaved rounds; {os.cpu_count()} cores "
          "(shared with other work: see the ratios, not the seconds)")
    one = Client(LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"))
    two = Client(LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"))
    for name, pipeline in PIPELINES.items():
        words = ["sh", "-c", f"{WEIR} -j 1 {pipeline} " + " ".join(paths)]
        want = subprocess.run(words, capture_output=True, check=True).stdout
        for label, address in (("local:2", "local:2"), ("2 workers", two.scheduler.address)):
            got = subprocess.run(["sh", "-c", f"{WEIR} --dask {address} {pipeline} " + " ".join(paths)],
                                 capture_output=True, check=True).stdout
            if got != want:
                sys.exit(f"MISMATCH: {name} with --dask {label}")
        commands = {
            "weir.dask.run, 1 worker": lambda: weir.dask.run(pipeline, paths, one, output=os.devnull, to="csv"),
            "weir.dask.run, 2 workers": lambda: weir.dask.run(pipeline, paths, two, output=os.devnull, to="csv"),
            "weir -j 2": lambda: subprocess.run(["sh", "-c", f"{WEIR} -j 2 {pipeline} {' '.join(paths)} >/dev/null"],
                                                check=True),
            "weir --dask local:2": lambda: subprocess.run(
                ["sh", "-c", f"{WEIR} --dask local:2 {pipeline} {' '.join(paths)} >/dev/null"], check=True),
        }
        times = {label: [] for label in commands}
        for _ in range(RUNS):
            for label, fn in commands.items():
                times[label].append(timed(fn))
        med = {label: statistics.median(t) for label, t in times.items()}
        print(f"\n{name}: {pipeline}")
        for label, m in med.items():
            print(f"  {label:26s} {m:7.2f} s  (runs: {', '.join(f'{t:.2f}' for t in times[label])})")
        print(f"  2 workers / 1 worker: {med['weir.dask.run, 2 workers'] / med['weir.dask.run, 1 worker']:.2f}"
              f"   --dask local:2 / -j 2: {med['weir --dask local:2'] / med['weir -j 2']:.2f}")
    one.close()
    two.close()


if __name__ == "__main__":
    main()
