"""weir.dask: the same pipelines on a Dask cluster (a LocalCluster of 2
worker processes, one for the module), each result checked against
weir.run() on this machine over the same files."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import weir

dask = pytest.importorskip("distributed")
import weir.dask  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
ACCESS = ROOT / "examples" / "access.csv"
WEIR = os.environ.get("WEIR", str(ROOT / "build" / "dev" / "weir"))


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """examples/access.csv in three files (the last with a quoted line break
    and a status of another type first), and the same as JSON Lines."""
    folder = tmp_path_factory.mktemp("dask")
    lines = ACCESS.read_text().splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    paths = []
    for i, part in enumerate([rows[:170], rows[170:340], rows[340:]]):
        path = folder / f"access{i}.csv"
        path.write_text(header + "".join(part))
        paths.append(str(path))
    with open(paths[2], "a") as f:
        f.write('9001,2024-01-02T00:00:00.000Z,GET,/api/v2/x,503,1,9.5,"two\nlines",1.2.3.4,FR,"a, b"\n')
    jsonl = []
    for i, path in enumerate(paths):
        out = folder / f"access{i}.jsonl"
        weir.run("cat", [path], output=str(out))
        jsonl.append(str(out))
    escaped = folder / "escaped.tsv"  # (its \n read as escapes, with a note)
    escaped.write_text("id\tnote\n1\tline one\\nline two\n2\tplain\n")
    return {"csv": paths, "jsonl": jsonl, "folder": folder, "escaped_tsv": escaped}


COMBINING = [
    "count",
    "count -g status",
    "filter 'status >= 400' then count -g method,status",
    "stats -a count,sum,mean,min,max,median,p90,p99,distinct -f latency_ms,bytes -g method",
    "stats -a p50 -f latency_ms",
    "uniq country",
    "uniq -c method,country",
    "uniq -n country",
    "count-distinct -f method,status",
    "count-distinct -n -f country",
    "count-distinct -u -f method,country",
    "top -n 3 -f latency_ms -g method",
    "top -n 2 -f latency_ms -a",
    "sort latency_ms:nr then head -n 7",
    "sort country,latency_ms:n",
    "head -n 5",
    "filter 'country == \"FR\"' then head -n 3",
    "tail -n 4",
    "derive kb=bytes/1024 then sort kb:nr then head -n 3 then select id,kb",
    "join -j country -f " + str(ROOT / "examples" / "countries.csv") + " then head -n 20",
]


@pytest.mark.parametrize("pipeline", COMBINING)
def test_combining_verbs_equal_one_machine(client, files, pipeline):
    assert weir.dask.run(pipeline, files["csv"], client) == weir.run(pipeline, files["csv"])


def test_json_lines_equal_one_machine(client, files):
    for pipeline in ["count -g country", "stats -a mean,p90 -f latency_ms -g status", "sort id:nr then head -n 4"]:
        assert weir.dask.run(pipeline, files["jsonl"], client) == weir.run(pipeline, files["jsonl"])


def test_the_cut_between_workers_and_client():
    cut = weir.dask.plan("filter 'status >= 500' then count -g path then sort count:nr", [str(ACCESS)])
    assert cut.describe() == ("workers: filter status >= 500 then count --group-by path\n"
                              "client: stats --aggregates sum --fields count --group-by path "
                              "then rename count_sum=count then sort count:nr")


def test_output_file_equal_and_atomic(client, files, tmp_path):
    out, local = tmp_path / "out.jsonl", tmp_path / "local.jsonl"
    counts = weir.dask.run("count -g status then sort count:nr", files["csv"], client, output=str(out))
    weir.run("count -g status then sort count:nr", files["csv"], output=str(local))
    assert out.read_bytes() == local.read_bytes()
    assert counts["records_read"] == 501 and counts["written"] == len(local.read_text().splitlines())


def test_output_folder_of_parts(client, files, tmp_path):
    out = tmp_path / "parts"
    counts = weir.dask.run("filter 'status >= 500'", files["csv"], client, output=str(out) + "/")
    names = sorted(os.listdir(out))
    assert names == ["part-00000.csv", "part-00001.csv", "part-00002.csv"]
    for name, path in zip(names, files["csv"]):
        local = tmp_path / ("local-" + name)
        weir.run("filter 'status >= 500'", [path], output=str(local))
        assert (out / name).read_bytes() == local.read_bytes()
    with pytest.raises(ValueError, match="'count' combines records: a folder of parts"):
        weir.dask.run("count", files["csv"], client, output=str(out) + "/")
    assert counts["written"] == len(weir.run("filter 'status >= 500'", files["csv"]))


def test_config_with_hooks(client, files, tmp_path):
    # the example config (a record hook, a batch hook with numpy) from a shared path
    config = str(ROOT / "examples" / "weir.json")
    assert weir.dask.run(config, files["csv"], client) == weir.run(config, files["csv"])
    config_dict = {"version": 1, "pipeline": [
        {"hook": str(ROOT / "examples" / "hooks" / "enrich.py") + ":add_api"},
        {"count": {"group-by": ["api", "status"]}}]}
    assert weir.dask.run(config_dict, files["csv"], client) == weir.run(config_dict, files["csv"])


def test_bad_record_names_its_file_and_line(client, files, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text('a,b\n1,2\n3,"4\n5,6\n')
    paths = [files["csv"][0], str(bad)]
    with pytest.raises(weir.InputError) as local:
        weir.run("--strict count", paths)
    out = tmp_path / "out.csv"
    with pytest.raises(weir.InputError) as remote:
        weir.dask.run("count", paths, client, output=str(out), strict=True)
    assert str(remote.value) == str(local.value)
    assert f"{bad}:3:" in str(remote.value)
    assert not out.exists() and os.listdir(tmp_path) == ["bad.csv"]


def test_killed_worker_is_retried(client, files, tmp_path):
    # the hook ends its worker process the first time it runs: the nanny
    # starts a new worker and the scheduler runs the task again there
    marker = tmp_path / "killed-once"
    hook = tmp_path / "kill.py"
    hook.write_text(f"import os\ndef kill_once(rec, ctx):\n"
                    f"    if not os.path.exists({str(marker)!r}):\n"
                    f"        open({str(marker)!r}, 'w').close()\n"
                    f"        os._exit(1)\n")
    pipeline = f"hook {hook}:kill_once then count -g method"
    assert weir.dask.run(pipeline, files["csv"], client) == weir.run("count -g method", files["csv"])
    assert marker.exists()


def test_read_gives_a_dask_dataframe(client, files):
    df = weir.dask.read(files["csv"][:2], "filter 'status >= 500' then select id,status,latency_ms")
    assert df.npartitions == 2
    got = df.compute().reset_index(drop=True)
    want = weir.read_pandas(files["csv"][:2], "filter 'status >= 500' then select id,status,latency_ms")
    assert got.equals(want)
    with pytest.raises(ValueError, match="'count' combines records, and a partition is one file"):
        weir.dask.read(files["csv"], "count")


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A CSV file of about 1 MB whose quoted fields hold line breaks, so
    that many guessed range starts are wrong and must be read again."""
    folder = tmp_path_factory.mktemp("ranges")
    path = folder / "big.csv"
    with open(path, "w") as f:
        f.write("id,note,n\n")
        for i in range(12000):
            note = f'"line {i}\nnext, {i % 7}\n"' if i % 3 else f"plain {i}"
            f.write(f"{i},{note},{i % 13}\n")
    return str(path)


def test_byte_ranges_of_a_large_file(client, large):
    for pipeline in ["count -g n", "stats -a sum,p50 -f id -g n", "sort id:nr then head -n 3", "uniq -c n"]:
        assert weir.dask.run(pipeline, [large], client, block_size=200_000) == weir.run(pipeline, [large])
    assert len(weir.dask.run("cat", [large], client, block_size=150_000)) == 12000


def test_byte_range_error_names_the_whole_file_line(client, large, tmp_path):
    bad = tmp_path / "bad-big.csv"
    text = Path(large).read_text()
    bad.write_text(text + '12000,"unterminated,1\n' + text.split("\n", 1)[1])
    with pytest.raises(weir.InputError) as local:
        weir.run("--strict count", [str(bad)])
    with pytest.raises(weir.InputError) as remote:
        weir.dask.run("count", [str(bad)], client, block_size=200_000, strict=True)
    assert str(remote.value) == str(local.value)


def test_read_splits_a_large_file_at_record_boundaries(client, large, tmp_path):
    # five times `large` (1.5 MB, ranges of 100 kB);
    # most guessed starts fall inside a quoted field that holds line breaks
    text = Path(large).read_text()
    body = text.split("\n", 1)[1]
    big = tmp_path / "bigger.csv"
    big.write_text(text + body * 4)
    pipeline = "filter 'n >= 3' then derive m=n*2"
    df = weir.dask.read([str(big)], pipeline, block_size=100_000)
    assert df.npartitions >= 4
    got = df.compute().reset_index(drop=True)
    assert len(got) == 5 * sum(1 for i in range(12000) if i % 13 >= 3)
    assert got.equals(weir.read_pandas(str(big), pipeline))
    # a bad record in a later range: its error names the file's own line
    bad = tmp_path / "bad-bigger.csv"
    bad.write_text(text + body * 4 + '12000,"unterminated,1\n' + body)
    with pytest.raises(weir.InputError) as local:
        weir.read_pandas(str(bad), strict=True)
    with pytest.raises(weir.InputError) as remote:
        weir.dask.read([str(bad)], block_size=100_000, strict=True).compute()
    assert str(remote.value) == str(local.value)


def _scheduler(client):
    return client.scheduler.address


def test_command_line_same_output(client, files):
    messy = str(ROOT / "examples" / "messy.csv")
    for words, inputs in ((["count", "-g", "status"], files["csv"]),
                          (["--to", "jsonl", "sort", "latency_ms:nr", "then", "head", "-n", "3"], files["csv"]),
                          # the closing summary: rows rejected (a preamble) and repaired (ragged)
                          (["--summary", "count"], [messy, files["csv"][0]]),
                          # a reader's note (a TSV file's escapes) of one input of two
                          (["count"], [str(files["escaped_tsv"]), files["csv"][0]])):
        local = subprocess.run([WEIR, *words, *inputs], capture_output=True, text=True)
        remote = subprocess.run([WEIR, "--dask", _scheduler(client), *words, *inputs], capture_output=True,
                                text=True)
        assert (remote.returncode, remote.stdout, remote.stderr) == (0, local.stdout, local.stderr)


def test_command_line_errors_and_exit_codes(client, files, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text('a,b\n1,2\n3,"4\n')
    local = subprocess.run([WEIR, "--strict", "cat", str(bad)], capture_output=True, text=True)
    remote = subprocess.run([WEIR, "--dask", _scheduler(client), "--strict", "cat", str(bad)], capture_output=True,
                            text=True)
    assert (remote.returncode, remote.stderr, remote.stdout) == (3, local.stderr, "")
    # standard input on a cluster that may not share this machine's files
    env = {k: v for k, v in os.environ.items() if k != "WEIR_DASK_SPOOL"}
    usage = subprocess.run([WEIR, "--dask", _scheduler(client), "count"], capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, env=env)
    assert (usage.returncode, usage.stderr) == (2, "weir: --dask reads standard input from a file the workers can "
                                                   "read: set WEIR_DASK_SPOOL to a folder they share, or name the files\n")


def test_command_line_standard_input(client, files, tmp_path):
    spool = tmp_path / "spool"
    spool.mkdir()
    env = dict(os.environ, WEIR_DASK_SPOOL=str(spool))
    messy = (ROOT / "examples" / "messy.csv").read_bytes()
    data = Path(files["csv"][0]).read_bytes()
    rejects = {"local": tmp_path / "local.jsonl", "remote": tmp_path / "remote.jsonl"}
    for words, stdin in ((["count", "-g", "status"], data),
                         (["sort", "latency_ms:nr", "then", "head", "-n", "3", "-"], data),
                         # the summary and the rejects file name the input "(stdin)"
                         (["--summary", "--rejects", "{}", "count"], messy),
                         (["--strict", "cat"], b"a,b\n1,2\n3,\"4\n")):
        local = subprocess.run([WEIR, *(str(rejects["local"]) if w == "{}" else w for w in words)],
                               input=stdin, capture_output=True)
        remote = subprocess.run([WEIR, "--dask", _scheduler(client),
                                 *(str(rejects["remote"]) if w == "{}" else w for w in words)],
                                input=stdin, capture_output=True, env=env)
        local_err = local.stderr.decode().replace(str(rejects["local"]), "FILE")
        remote_err = remote.stderr.decode().replace(str(rejects["remote"]), "FILE")
        # (a failed run writes nothing on a cluster)
        assert (remote.returncode, remote.stdout, _weir_lines(remote_err)) == \
            (local.returncode, local.stdout if local.returncode == 0 else b"", _weir_lines(local_err))
    assert rejects["remote"].read_bytes() == rejects["local"].read_bytes()
    assert b'"file":"(stdin)"' in rejects["local"].read_bytes()
    assert list(spool.iterdir()) == []  # the copy of standard input is removed


def _weir_lines(stderr):
    # weir's own lines: a loaded machine can add Dask's warnings (an event
    # loop unresponsive for a while) to the client's standard error
    return [line for line in stderr.splitlines() if not line.startswith(("distributed.", "/usr/lib/python3"))
            and "Warning" not in line]


def test_rejects_and_max_rejects_equal_one_machine(client, files, tmp_path):
    # two damaged files (preambles rejected, ragged rows repaired) between clean ones
    messy = (ROOT / "examples" / "messy.csv").read_text()
    damaged = []
    for name in ("m1.csv", "m2.csv"):
        (tmp_path / name).write_text(messy)
        damaged.append(str(tmp_path / name))  # (a cluster's workers read absolute paths)
    inputs = [damaged[0], files["csv"][0], damaged[1]]
    runs = (
        # every reject in input order, in the same file; the same summary
        ["--rejects", "rejects.jsonl", "cat"],
        # the limit holds for the whole run: crossed in the second damaged
        # file, the same message; the rejects file holds those up to it
        ["--rejects", "rejects.jsonl", "--max-rejects", "5", "cat"],
        ["--on-error", "skip", "--max-rejects", "5", "count"],
        # within the limit over the run (8 rejected or repaired)
        ["--on-error", "skip", "--max-rejects", "8", "count"],
    )
    for words in runs:
        results = []
        for tag, prefix in (("local", []), ("dask", ["--dask", _scheduler(client)])):
            rejects = tmp_path / "rejects.jsonl"
            if rejects.exists():
                rejects.unlink()
            done = subprocess.run([WEIR, *prefix, *words, *inputs], capture_output=True, text=True, cwd=tmp_path)
            kept = rejects.read_text() if rejects.exists() else None
            results.append((done.returncode, _weir_lines(done.stderr), kept, done.stdout if done.returncode == 0 else ""))
        assert results[0] == results[1], words
    assert results[0][0] == 0
    # the Python API: the same file, and the limit raises weir.InputError
    rejects = tmp_path / "api.jsonl"
    out = tmp_path / "out.csv"
    counts = weir.dask.run(["--rejects", str(rejects), "cat"], damaged, client=client, output=str(out))
    assert (counts["rejected"], counts["repaired"]) == (4, 4)
    assert [json.loads(line)["line"] for line in rejects.read_text().splitlines()] == [1, 2, 7, 8, 1, 2, 7, 8]
    with pytest.raises(weir.InputError, match=r"m2.csv:1:1: more than 4 rejected or repaired records"):
        weir.dask.run(["--on-error", "skip", "--max-rejects", "4", "cat"], damaged, client=client)


def _reports(tmp_path, tag, command, stdin=subprocess.DEVNULL, env=None):
    folder = tmp_path / tag
    folder.mkdir()
    done = subprocess.run(command + ["--report", f"sarif:{folder}/r.sarif", "--report", f"junit:{folder}/r.xml",
                                     "--report", f"json:{folder}/r.json", "--report", "github"],
                          capture_output=True, text=True, cwd=ROOT / "examples", stdin=stdin, env=env)
    import re
    def timeless(text):  # the run's seconds are the only difference allowed
        return re.sub(r'(time="|"seconds":|\(|timestamp=")[0-9.:TZ-]+', r"\1T", text)
    return (done.returncode, done.stdout, timeless(done.stderr),
            {name: timeless((folder / name).read_text()) for name in ("r.sarif", "r.xml", "r.json")})


def test_check_reports_equal_one_machine(client, files, tmp_path):
    # the example check config: a schema, expression rules and rule hooks
    command = ["check", "-c", str(ROOT / "examples" / "check.json"), *files["csv"]]
    local = _reports(tmp_path, "local", [WEIR, *command])
    remote = _reports(tmp_path, "remote", [WEIR, "--dask", _scheduler(client), *command])
    assert local[0] == 1 and "::error file=" in local[1]
    assert remote == local
    # a reader's note (a TSV file's escapes) of one file of two: said, as on one machine
    plain = tmp_path / "plain.json"  # (not examples/weir.json, whose hooks want other fields)
    plain.write_text('{"version": 1, "pipeline": []}')
    command = ["check", "-c", str(plain), "--rule", "id: id > 0", str(files["escaped_tsv"]), files["csv"][0]]
    local = _reports(tmp_path, "local-tsv", [WEIR, *command])
    remote = _reports(tmp_path, "remote-tsv", [WEIR, "--dask", _scheduler(client), *command])
    assert "escaped.tsv: \\t \\n \\r in its values were read as escapes" in local[2]
    assert remote == local


def test_check_standard_input(client, files, tmp_path):
    # "-" among the files: the workers read a copy in WEIR_DASK_SPOOL, and
    # every report names it as one machine does ("(stdin)", uri "stdin")
    spool = tmp_path / "spool"
    spool.mkdir()
    env = dict(os.environ, WEIR_DASK_SPOOL=str(spool))
    command = ["check", "-c", str(ROOT / "examples" / "check.json"), files["csv"][0], "-"]
    with open(ROOT / "examples" / "access.csv", "rb") as data:
        local = _reports(tmp_path, "local", [WEIR, *command], stdin=data)
    with open(ROOT / "examples" / "access.csv", "rb") as data:
        remote = _reports(tmp_path, "remote", [WEIR, "--dask", _scheduler(client), *command], stdin=data, env=env)
    assert local[0] == 1 and "::error file=(stdin)," in local[1] and '"uri": "stdin"' in local[3]["r.sarif"]
    assert remote == local
    # standard input alone, without records: its note once, as on one machine
    command = ["check", "-c", str(ROOT / "examples" / "check.json")]
    empty = tmp_path / "empty.csv"
    empty.write_text("id,ts\n")
    with open(empty, "rb") as data:
        local = _reports(tmp_path, "local-empty", [WEIR, *command], stdin=data)
    with open(empty, "rb") as data:
        remote = _reports(tmp_path, "remote-empty", [WEIR, "--dask", _scheduler(client), *command], stdin=data,
                          env=env)
    assert local[:3] == (0, "", "weir check: note: (stdin): no records to check, so its header was not checked\n"
                                "weir check: 0 errors, 0 warnings, 0 infos in 1 file, 0 records (T s)\n")
    assert remote == local
    assert list(spool.iterdir()) == []  # the copies are removed
    # a remote cluster needs the shared folder
    env.pop("WEIR_DASK_SPOOL")
    usage = subprocess.run([WEIR, "--dask", _scheduler(client), *command], capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, env=env)
    assert (usage.returncode, usage.stderr) == (2, "weir: --dask reads standard input from a file the workers can "
                                                   "read: set WEIR_DASK_SPOOL to a folder they share, or name the files\n")


def test_dask_block_size_takes_the_sizes_the_option_rows_take():
    # (--dask-block-size is read in Python; a size means what it means for every option)
    from weir.dask import _size
    assert [_size(t) for t in ("64M", "64MB", "2KB", "4096", "1g", "8B")] == [64 << 20, 64 << 20, 2048, 4096, 1 << 30, 8]
    assert [_size(t) for t in ("0", "64X", "500kb", "MB", "", "1BB")] == [None] * 6
