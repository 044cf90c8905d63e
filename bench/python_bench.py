#!/usr/bin/python3
"""bench/python_bench.py - time weir's Python side (`import weir`) against its
peers on the same 1M-row CSV bench/run.sh uses (issue 11's targets).

usage: /usr/bin/python3 bench/python_bench.py [TASK_REGEX] [--no-check] [--no-build]
       e.g.  bash: RUNS=5 /usr/bin/python3 bench/python_bench.py 'P1|P3'

tasks (bench/README.md, "Python side", says more):
  P1   list(weir.records("cat", [csv]))  vs list(csv.DictReader(open(csv)))
       target: weir >= 3x DictReader
  P2   weir.read_pandas(csv)             vs pandas.read_csv(csv) (C engine,
       default options); target: weir >= 2x. The frames are compared first
       (columns, dtypes, values) and each difference is listed.
  P3   T8 (keep latency_ms > 100, derive api): `weir filter ... then derive`
       natively vs `weir hook --batch peers/t8_hooks.py:batch` (a numpy batch
       hook); target: the hook within 1.5x of native. Also the do-nothing
       batch hook (the boundary's own cost), the same importing numpy
       (peers/t8_numpy_noop.py: numpy's import alone), the record hook, and
       native and numpy hook over the file given 5 times (fixed costs /5).
  P4   for b in weir.batches("cat", [csv], as_="numpy" | "pandas"): pass
       vs pandas.read_csv(csv, chunksize=10000) (for scale)

Every Python measurement runs in a fresh interpreter (1M dicts take ~1 GB;
a heap left by the previous run would change the next); the modules are
imported before the clock starts, so only the call is timed (the weir
commands of P3 are timed whole, from the start of the process). Each is
run RUNS times; the table gives the best (min) and median wall seconds, the
least CPU seconds (user+sys) and that run's sys seconds, minor page faults
(thousands) and peak RSS. Ratios: the peer's time over weir's (Nx = weir N
times as fast), by best wall and by least CPU; in P3, the row's time over
native T8's. First touches of memory are costly on a virtual machine
(page faults: sys time, and host time billed as user time), so the memory
a tool touches weighs on its time: the fault count shows it.

environment (all optional, as for run.sh):
  RUNS=3              runs per measurement (best of RUNS)
  PY=/usr/bin/python3 interpreter (with numpy and pandas)
  WEIR_BUILD_DIR=dir  build of weir (default build/bench); the weir binary
                      and the Python package (DIR/python) are built there
                      (Release, incremental) unless --no-build
  WEIR_REV=rev        build that git revision (e.g. HEAD) instead of the work
                      tree, in WEIR_BUILD_DIR/rev-SHA/ (as run.sh does): other
                      engineers' uncommitted edits do not leak in
  WEIR_BENCH_DATA=dir directory of rows1m.csv (default bench/data); the file
                      is generated (gen_data.py, seed 1) when missing
  RESULTS=file        also append the rows as tab-separated values
Exit status: 0 when every command ran and every required check passed
(a target missed is reported, not an error), 1 otherwise, 2 for a setup error.
"""

import csv
import json
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PEERS = os.path.join(HERE, "peers")
T8_NATIVE = ["filter", "latency_ms > 100", "then", "derive", 'api=split(path, "/", 2) ?? ""']

# ---------------------------------------------------------------- the timed work
# Each runs in a child interpreter (--child NAME CSV WEIR_PYTHON) and returns
# nothing worth keeping; the child prints its wall, CPU and RSS as JSON.


def _work(name, path):
    if name == "weir.records":
        import weir
        return lambda: list(weir.records("cat", [path]))
    if name == "csv.DictReader":
        return lambda: list(csv.DictReader(open(path, newline="", encoding="utf-8")))
    if name == "csv.reader":
        return lambda: list(csv.reader(open(path, newline="", encoding="utf-8")))
    if name == "weir.read_pandas":
        import weir
        import pandas  # noqa: F401 (imported before the clock starts)
        return lambda: weir.read_pandas(path)
    if name == "pandas.read_csv":
        import pandas as pd
        return lambda: pd.read_csv(path)
    if name in ("weir.batches-numpy", "weir.batches-pandas"):
        import weir
        import numpy  # noqa: F401
        import pandas  # noqa: F401
        kind = name.rsplit("-", 1)[1]

        def loop():
            n = 0
            for b in weir.batches("cat", [path], as_=kind):
                n += len(b) if kind == "pandas" else len(next(iter(b.values())))
            return n
        return loop
    if name == "pandas.read_csv-chunks":
        import pandas as pd

        def chunks():
            n = 0
            for frame in pd.read_csv(path, chunksize=10000):
                n += len(frame)
            return n
        return chunks
    raise SystemExit(f"python_bench.py: no work named {name}")


def child(name, path, weir_python):
    sys.path.insert(0, weir_python)
    f = _work(name, path)
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    out = f()
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    rows = len(out) if hasattr(out, "__len__") else out
    print(json.dumps({"wall": wall, "cpu": cpu, "sys": r1.ru_stime - r0.ru_stime, "faults": r1.ru_minflt - r0.ru_minflt,
                      "rss_mb": r1.ru_maxrss / 1024, "rows": rows}))
    sys.stdout.flush()
    os._exit(0)  # not timed, but skip freeing a 1 GB heap


# ---------------------------------------------------------------- the runner


def log(*a):
    print("#", *a, file=sys.stderr, flush=True)


def die(msg):
    print(f"python_bench.py: {msg}", file=sys.stderr)
    sys.exit(2)


def run_python(py, name, path, weir_python):
    p = subprocess.run([py, os.path.abspath(__file__), "--child", name, path, weir_python],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{name} failed (exit {p.returncode}): {p.stderr.strip()[-400:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def run_command(argv):
    """A command's wall and CPU seconds (its own rusage) and peak RSS; its
    output goes through a pipe that is read and dropped."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    while p.stdout.read(1 << 20):
        pass
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed (exit {p.returncode}): {err.decode(errors='replace')[-400:]}")
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "sys": ru.ru_stime, "faults": ru.ru_minflt,
            "rss_mb": ru.ru_maxrss / 1024}


def measure(runs, once):
    results = [once() for _ in range(runs)]
    best = min(results, key=lambda r: r["wall"])
    least = min(results, key=lambda r: r["cpu"])
    return {"best": best["wall"], "median": statistics.median(r["wall"] for r in results),
            "cpu": least["cpu"], "sys": least["sys"], "faults": min(r["faults"] for r in results),
            "rss_mb": max(r["rss_mb"] for r in results), "all": [round(r["wall"], 3) for r in results]}


def ratio(a, b):
    if not b or b <= 0:
        return "-"
    r = a / b
    return f"{r:.2g}" if r < 1 else f"{r:.1f}" if r < 100 else f"{r:.0f}"


# ---------------------------------------------------------------- output checks


def check_records(path, weir_python):
    """weir's dicts against csv.DictReader's: same records, same keys; the
    values by category (ints, floats, None for a missing number, text)."""
    sys.path.insert(0, weir_python)
    import weir
    counts = {}
    first = {}
    n = 0
    with open(path, newline="", encoding="utf-8") as fh:
        for rec, row in zip(weir.records("cat", [path]), csv.DictReader(fh)):
            n += 1
            if list(rec) != list(row):
                counts[("keys", "")] = counts.get(("keys", ""), 0) + 1
                first.setdefault(("keys", ""), (n, list(rec), list(row)))
                continue
            for k, v in rec.items():
                t = row[k]
                if isinstance(v, str):
                    cat = "str" if v == t else "DIFFERENT"
                elif v is None:
                    cat = "None (missing)" if t == "" else "DIFFERENT"
                elif isinstance(v, bool):
                    cat = "bool" if str(v).lower() == t.lower() else "DIFFERENT"
                elif isinstance(v, int):
                    cat = "int" if str(v) == t else "DIFFERENT"
                elif isinstance(v, float):
                    cat = "float" if v == float(t) else "DIFFERENT"
                else:
                    cat = "DIFFERENT"
                key = (cat, k)
                counts[key] = counts.get(key, 0) + 1
                if key not in first:
                    first[key] = (n, v, t)
    total = sum(1 for _ in open(path, "rb"))  # lines, >= records
    lines = []
    ok = True
    wn = sum(1 for _ in weir.records("cat", [path]))
    if wn != n:
        ok = False
        lines.append(f"DIFFERENT record counts: weir {wn}, csv.DictReader {n}")
    by_field = {}
    for (cat, k), c in sorted(counts.items()):
        by_field.setdefault(k, []).append(f"{cat} {c}")
        if cat in ("DIFFERENT", "keys"):
            ok = False
            lines.append(f"DIFFERENT {k}: {c} values, first at record {first[(cat, k)][0]}: "
                         f"weir {first[(cat, k)][1]!r} vs DictReader {first[(cat, k)][2]!r}")
    lines.append(f"{n} records ({total} lines); weir's value types by field (DictReader: all str):")
    for k, cats in by_field.items():
        lines.append(f"  {k}: {', '.join(cats)}")
    return ok, lines


def check_frames(path, weir_python):
    """weir.read_pandas against pandas.read_csv: columns, dtypes, values.
    Returns (required ok, lines): a column, dtype or value difference is
    listed; only different columns or a different row count fail."""
    sys.path.insert(0, weir_python)
    import numpy as np
    import pandas as pd
    import weir
    a = weir.read_pandas(path)
    b = pd.read_csv(path)
    lines = []
    ok = True
    if list(a.columns) != list(b.columns):
        ok = False
        lines.append(f"DIFFERENT columns: weir {list(a.columns)} vs pandas {list(b.columns)}")
    if len(a) != len(b):
        ok = False
        lines.append(f"DIFFERENT row counts: weir {len(a)} vs pandas {len(b)}")
    if not ok:
        return ok, lines
    lines.append(f"{len(a)} rows x {len(a.columns)} columns, same names in the same order")
    for c in a.columns:
        x, y = a[c], b[c]
        dt = f"{x.dtype}" if x.dtype == y.dtype else f"weir {x.dtype} vs pandas {y.dtype}"
        if x.dtype != y.dtype and (x.dtype.kind in "iufb" or y.dtype.kind in "iufb"):
            ok = False  # a number column typed differently
        xn, yn = x.isna().to_numpy(), y.isna().to_numpy()
        both = ~xn & ~yn
        same_val = np.zeros(len(x), dtype=bool)
        same_val[both] = x.to_numpy()[both] == y.to_numpy()[both]
        diff_val = both & ~same_val
        na_w = xn & ~yn      # missing in weir only
        na_p = ~xn & yn      # missing in pandas only
        notes = []
        if diff_val.any():
            ok = False
            i = int(np.argmax(diff_val))
            notes.append(f"DIFFERENT values: {int(diff_val.sum())} (first row {i}: weir {x.iloc[i]!r} vs pandas {y.iloc[i]!r})")
        if na_p.any():
            i = int(np.argmax(na_p))
            vals = pd.Series(x.to_numpy()[na_p]).value_counts().head(3).to_dict()
            notes.append(f"pandas NaN where weir has a value: {int(na_p.sum())} (weir's values: {vals})")
        if na_w.any():
            i = int(np.argmax(na_w))
            notes.append(f"weir NaN/None where pandas has a value: {int(na_w.sum())} (first row {i}: pandas {y.iloc[i]!r})")
        both_na = int((xn & yn).sum())
        if both_na:
            notes.append(f"{both_na} missing in both (NaN)")
        lines.append(f"  {c}: {dt}; " + ("; ".join(notes) if notes else "same values"))
    return ok, lines


def check_t8(weir_bin, path):
    """The numpy batch hook's output against native T8's, byte for byte."""
    outs = {}
    for name, argv in (("native", [weir_bin] + T8_NATIVE + [path]),
                       ("batch", [weir_bin, "hook", "--batch", f"{PEERS}/t8_hooks.py:batch", path]),
                       ("record", [weir_bin, "hook", f"{PEERS}/t8_hooks.py:record", path])):
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            return False, [f"{name} failed: {p.stderr.decode(errors='replace')[-300:]}"]
        outs[name] = p.stdout
    ok = outs["batch"] == outs["native"] and outs["record"] == outs["native"]
    n = outs["native"].count(b"\n") - 1
    return ok, [f"native: {n} records; numpy batch hook: {'identical' if outs['batch'] == outs['native'] else 'DIFFERENT'}; "
                f"record hook: {'identical' if outs['record'] == outs['native'] else 'DIFFERENT'}"]


def check_batches(path, weir_python):
    sys.path.insert(0, weir_python)
    import weir
    lines = []
    ok = True
    for kind in ("numpy", "pandas"):
        n = 0
        sizes = []
        dtypes = None
        for b in weir.batches("cat", [path], as_=kind):
            m = len(b) if kind == "pandas" else len(next(iter(b.values())))
            n += m
            sizes.append(m)
            if dtypes is None:
                dtypes = {k: str(v) for k, v in b.dtypes.items()} if kind == "pandas" else \
                         {k: str(v.dtype) for k, v in b.items()}
        ok &= n == 1000000 or "rows1m" not in path
        lines.append(f"as_={kind}: {n} rows in {len(sizes)} batches (first {sizes[0]}, median "
                     f"{int(statistics.median(sizes))}); dtypes {dtypes}")
    return ok, lines


# ---------------------------------------------------------------- main


def build(py, build_dir, rev):
    """Builds weir and _weir in build_dir (the work tree), or, with rev, a
    git revision exported with git archive into build_dir/rev-SHA/ (as
    run.sh's WEIR_REV does); returns (build directory, what was built)."""
    src = ROOT
    what = None
    if rev:
        p = subprocess.run(["git", "-C", ROOT, "rev-parse", "--verify", "--quiet", rev + "^{commit}"],
                           stdout=subprocess.PIPE, text=True)
        if p.returncode != 0:
            die(f"WEIR_REV={rev} is not a commit")
        sha = p.stdout.strip()
        base = os.path.join(build_dir, f"rev-{sha[:12]}")
        src = os.path.join(base, "src")
        if not os.path.exists(os.path.join(src, "CMakeLists.txt")):
            log(f"exporting {rev} ({sha}) to {src}")
            os.makedirs(src, exist_ok=True)
            subprocess.run(f"git -C '{ROOT}' archive {sha} | tar -x -C '{src}'", shell=True, check=True)
        build_dir = os.path.join(base, "build")
        what = f"git {sha[:12]} ({rev})"
    cache = os.path.join(build_dir, "CMakeCache.txt")
    if not os.path.exists(cache):
        log(f"configuring weir (Release) in {build_dir}")
        subprocess.run(["cmake", "-S", src, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release", "-DWEIR_TESTS=OFF",
                        f"-DPython_EXECUTABLE={py}"], check=True, stdout=subprocess.DEVNULL)
    else:
        text = open(cache).read()
        if not re.search(r"^CMAKE_BUILD_TYPE:\w+=Release$", text, re.M):
            die(f"{build_dir} is not a Release build; set WEIR_BUILD_DIR to another directory")
        if not re.search(rf"^Python_EXECUTABLE:\w+={re.escape(py)}$", text, re.M):
            log(f"configuring {build_dir} for {py}")  # the module must be built for the Python that runs it
            subprocess.run(["cmake", "-S", src, "-B", build_dir, f"-DPython_EXECUTABLE={py}"], check=True,
                           stdout=subprocess.DEVNULL)
    log(f"building weir and the Python package in {build_dir}")
    p = subprocess.run(["cmake", "--build", build_dir, "-j", str(os.cpu_count() or 2), "--target", "weir", "_weir"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        print(p.stdout[-3000:], file=sys.stderr)
        die("building weir failed")
    return build_dir, what


CHECKS = {"P1": check_records, "P2": check_frames, "P3": check_t8, "P4": check_batches}


def run_check(py, task, *a):
    """A check in a child interpreter (the parent stays small: a child's peak
    RSS counts its parent's at the fork)."""
    p = subprocess.run([py, os.path.abspath(__file__), "--check", task, *a],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        return False, [f"check failed (exit {p.returncode}): {p.stderr.strip()[-400:]}"]
    r = json.loads(p.stdout.strip().splitlines()[-1])
    return r["ok"], r["lines"]


def main(argv):
    if len(argv) > 1 and argv[1] == "--child":
        child(argv[2], argv[3], argv[4])
        return 0
    if len(argv) > 1 and argv[1] == "--check":
        ok, lines = CHECKS[argv[2]](*argv[3:])
        print(json.dumps({"ok": bool(ok), "lines": lines}))
        return 0
    if len(argv) > 1 and argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    args = [a for a in argv[1:] if not a.startswith("--")]
    flags = {a for a in argv[1:] if a.startswith("--")}
    tasks = re.compile(args[0] if args else ".")
    runs = int(os.environ.get("RUNS", "3"))
    py = os.environ.get("PY") or ("/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable)
    build_dir = os.path.abspath(os.environ.get("WEIR_BUILD_DIR") or os.path.join(ROOT, "build", "bench"))
    data = os.path.abspath(os.environ.get("WEIR_BENCH_DATA") or os.path.join(HERE, "data"))
    path = os.path.join(data, "rows1m.csv")
    built = None
    if "--no-build" not in flags:
        build_dir, built = build(py, build_dir, os.environ.get("WEIR_REV"))
    weir_bin = os.path.join(build_dir, "weir")
    weir_python = os.path.join(build_dir, "python")
    if not os.path.exists(os.path.join(weir_python, "weir", "__init__.py")):
        die(f"no weir Python package in {weir_python} (build with -DPython_EXECUTABLE={py})")
    if not os.path.exists(path):
        os.makedirs(data, exist_ok=True)
        log(f"generating {path} (1000000 rows, csv, seed 1)")
        subprocess.run([py, os.path.join(HERE, "gen_data.py"), "--rows", "1000000", "--format", "csv",
                        "--seed", "1", "-o", path + ".tmp"], check=True)
        os.replace(path + ".tmp", path)
    versions = subprocess.run([py, "-c", "import platform, numpy, pandas; print(platform.python_version(), "
                               "numpy.__version__, pandas.__version__)"], stdout=subprocess.PIPE, text=True).stdout.split()
    if not built:
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                                text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "diff", "--quiet", "HEAD", "--", "CMakeLists.txt", "core", "hooks",
                                "config", "cli"]).returncode
        built = f"the work tree at git {commit}{' + uncommitted changes' if dirty else ''}"
        if "--no-build" in flags:
            built = "not rebuilt; " + built
    cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"# weir Python bench {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, {cpu_model}")
    print(f"# weir: {weir_python} (built from {built}); "
          f"python {versions[0] if versions else '?'}, numpy {versions[1] if len(versions) > 1 else '?'}, "
          f"pandas {versions[2] if len(versions) > 2 else '?'} ({py}); runs={runs} (best of)")
    print(f"# data: {path} ({os.path.getsize(path) // 1000000} MB); load average at start: "
          f"{open('/proc/loadavg').read().split()[0]}")

    failed = []
    mismatches = []
    rows = []   # (task, tool, m, vs, note)
    verdicts = []

    def py_once(name):
        return lambda: run_python(py, name, path, weir_python)

    def cmd_once(argv):
        return lambda: run_command(argv)

    def check(task, *a):
        if "--no-check" in flags:
            return
        ok, lines = run_check(py, task, *a)
        print(f"## {task} check: {'ok' if ok else 'MISMATCH'}")
        for line in lines:
            print(f"#   {line}")
        if not ok:
            mismatches.append(task)

    def time_row(task, tool, once):
        try:
            m = measure(runs, once)
        except Exception as e:
            print(f"{task:4s} {tool:38s} FAILED: {e}")
            failed.append(f"{task} {tool}")
            return None
        rows.append((task, tool, m))
        return m

    def table(task, weir_tool, entries, target=None):
        """entries: [(tool, m)], weir's row first; peer rows get peer/weir ratios."""
        w = dict(entries).get(weir_tool)
        for tool, m in entries:
            if m is None:
                continue
            vs = ""
            if w and tool != weir_tool:
                vs = f"{ratio(m['best'], w['best'])}x / {ratio(m['cpu'], w['cpu'])}x"
            print(f"{task:4s} {tool:38s} {m['best']:7.3f} {m['median']:7.3f} {m['cpu']:7.2f} {m['sys']:6.2f} "
                  f"{m['faults'] / 1000:7.0f} {m['rss_mb']:7.0f}  {vs:16s} {' '.join(f'{x:.2f}' for x in m['all'])}")
            if os.environ.get("RESULTS"):
                with open(os.environ["RESULTS"], "a") as fh:
                    fh.write(f"{task}\t{tool}\t{m['best']:.4f}\t{m['median']:.4f}\t{m['cpu']:.3f}\t{m['sys']:.3f}\t"
                             f"{m['faults']}\t{m['rss_mb']:.0f}\n")

    header = (f"{'task':4s} {'tool':38s} {'best_s':>7s} {'med_s':>7s} {'cpu_s':>7s} {'sys_s':>6s} {'kfault':>7s} "
              f"{'rss_MB':>7s}  {'ratio wall/cpu':16s} runs (wall s)")

    if tasks.search("P1"):
        check("P1", path, weir_python)
        print(f"## P1: list of dicts (weir typed; DictReader all str) | {header}")
        w = time_row("P1", "weir.records (list)", py_once("weir.records"))
        d = time_row("P1", "csv.DictReader (list)", py_once("csv.DictReader"))
        r = time_row("P1", "csv.reader (list of lists, for scale)", py_once("csv.reader"))
        table("P1", "weir.records (list)", [("weir.records (list)", w), ("csv.DictReader (list)", d),
                                            ("csv.reader (list of lists, for scale)", r)])
        if w and d:
            verdicts.append(("P1 weir.records >= 3x csv.DictReader", d["best"] / w["best"], d["cpu"] / w["cpu"], 3.0, ">="))

    if tasks.search("P2"):
        check("P2", path, weir_python)
        print(f"## P2: one DataFrame | {header}")
        w = time_row("P2", "weir.read_pandas", py_once("weir.read_pandas"))
        p = time_row("P2", "pandas.read_csv", py_once("pandas.read_csv"))
        table("P2", "weir.read_pandas", [("weir.read_pandas", w), ("pandas.read_csv", p)])
        if w and p:
            verdicts.append(("P2 weir.read_pandas >= 2x pandas.read_csv", p["best"] / w["best"], p["cpu"] / w["cpu"], 2.0, ">="))

    if tasks.search("P3"):
        check("P3", weir_bin, path)
        print(f"## P3: T8 keep latency_ms > 100, derive api (weir CLI; ratio = row / native) | {header}")
        n = time_row("P3", "weir native (filter then derive)", cmd_once([weir_bin] + T8_NATIVE + [path]))
        b = time_row("P3", "weir hook --batch (numpy)", cmd_once([weir_bin, "hook", "--batch", f"{PEERS}/t8_hooks.py:batch", path]))
        bn = time_row("P3", "weir hook --batch (do-nothing)", cmd_once([weir_bin, "hook", "--batch", f"{PEERS}/t8_hooks.py:noop", path]))
        bi = time_row("P3", "weir hook --batch (do-nothing, numpy)",
                      cmd_once([weir_bin, "hook", "--batch", f"{PEERS}/t8_numpy_noop.py:noop", path]))
        r = time_row("P3", "weir hook (record)", cmd_once([weir_bin, "hook", f"{PEERS}/t8_hooks.py:record", path]))
        c = time_row("P3", "weir cat (for scale)", cmd_once([weir_bin, "cat", path]))
        # the same over the file given 5 times (5M records): the fixed costs
        # (Python, numpy's import) weigh 5 times less
        n5 = time_row("P3", "x5 inputs: weir native", cmd_once([weir_bin] + T8_NATIVE + [path] * 5))
        b5 = time_row("P3", "x5 inputs: weir hook --batch (numpy)",
                      cmd_once([weir_bin, "hook", "--batch", f"{PEERS}/t8_hooks.py:batch"] + [path] * 5))
        # here the ratio is the row's cost over native's (the hook's overhead)
        table("P3", "weir native (filter then derive)",
              [("weir native (filter then derive)", n), ("weir hook --batch (numpy)", b),
               ("weir hook --batch (do-nothing)", bn), ("weir hook --batch (do-nothing, numpy)", bi),
               ("weir hook (record)", r), ("weir cat (for scale)", c)])
        table("P3", "x5 inputs: weir native", [("x5 inputs: weir native", n5), ("x5 inputs: weir hook --batch (numpy)", b5)])
        if n and b:
            verdicts.append(("P3 numpy batch hook <= 1.5x native", b["best"] / n["best"], b["cpu"] / n["cpu"], 1.5, "<="))

    if tasks.search("P4"):
        check("P4", path, weir_python)
        print(f"## P4: batches over the file | {header}")
        bn = time_row("P4", "weir.batches as_=numpy", py_once("weir.batches-numpy"))
        bp = time_row("P4", "weir.batches as_=pandas", py_once("weir.batches-pandas"))
        pc = time_row("P4", "pandas.read_csv chunksize=10000", py_once("pandas.read_csv-chunks"))
        table("P4", "weir.batches as_=pandas", [("weir.batches as_=numpy", bn), ("weir.batches as_=pandas", bp),
                                                ("pandas.read_csv chunksize=10000", pc)])

    print()
    print("## targets (issue 11): by best wall time, and by CPU seconds")
    for what, wall, cpu, target, op in verdicts:
        met = (wall >= target) if op == ">=" else (wall <= target)
        met_cpu = (cpu >= target) if op == ">=" else (cpu <= target)
        print(f"{what:45s} wall {wall:5.2f}x  cpu {cpu:5.2f}x  "
              f"{'met' if met else 'NOT MET'}{'' if met == met_cpu else ' (by CPU: ' + ('met' if met_cpu else 'not met') + ')'}")
    print(f"load average at the end: {' '.join(open('/proc/loadavg').read().split()[:3])}")
    if failed:
        print(f"FAILED: {', '.join(failed)}")
    if mismatches:
        print(f"!!! output checks failed: {', '.join(mismatches)}")
    return 1 if failed or mismatches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
