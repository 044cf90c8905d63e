"""weir on a Dask cluster: the same pipelines, each file read by a worker.

    import weir.dask
    from distributed import Client
    client = Client("tcp://scheduler:8786")          # or None: the default client, else a LocalCluster
    rows = weir.dask.run("filter status >= 500 then count -g path", ["logs/a.csv", "logs/b.csv"], client)
    weir.dask.run("examples/weir.json", paths, client, output="out.csv")   # one file, atomically
    weir.dask.run("filter status >= 500", paths, client, output="out/")  # a folder of parts
    df = weir.dask.read(paths, "filter status >= 500")                     # a dask DataFrame

How a pipeline is cut: every file is a Dask task on a worker (a file
larger than block_size, a task per byte range: cut after a line break, each
range's start checked against where the range before ended and read again
from there when it fell inside a quoted field, as -j N checks its chunks).
A task runs the verbs that work record by record (filter, derive, select,
record and batch hooks, join without --ul, ...) and then a partial step of
the first verb that combines records (count, uniq, count-distinct: counts
summed by the merge; head, tail, sort, top -a: the part's own result;
stats, top: only the fields they use); the client gathers the parts in
input order and runs the merge step and every verb after it, so the output
is the one weir makes on one machine. A verb with no partial step (nest,
step, tee, ...) runs after gathering, on the client. A column of text gets
its type from the run's first values (core/record/column_types.hpp): the
client reads them first (_first_types) and every task is given them, so a
filter decides alike in every task. The parts travel as text in the
input's format family (csv, or jsonl for JSON Lines, logfmt for logfmt), so
the merge types the columns from the same text a local run does.

Hook files and join's left file are read by the workers from the paths the
pipeline names: on a cluster they must be on a path every worker can read
(a shared file system), as the input files must. Each task runs a hook
file's setup() and teardown() once: ctx.state is per file, not per run.

`python3 -m weir.dask --dask ADDRESS ...` is what `weir --dask ADDRESS ...`
runs (cli/dask_handoff.cpp): the same words, the same output.
"""
import functools
import os
import shutil
import sys
import tempfile

from . import _option_words, _pipeline_args
from . import _weir

__all__ = ["run", "read", "plan", "BLOCK_SIZE"]

#: A file larger than this is read as byte ranges of about this size, a task each.
BLOCK_SIZE = 64 << 20


# ------------------------------------------------------------ the cut

def _stage(verb, args=(), options=()):
    return (verb, list(args), list(options))


def _option(stage, name):
    value = None
    for key, v in stage[2]:
        if key == name:
            value = v
    return value


def _has(stage, name):
    return any(key == name for key, _ in stage[2])


def _on_worker(stage):
    """Whether a stage runs on the workers, each over its own files."""
    verb, _, _, per_record = stage
    if verb == "hook":
        return not _has(stage, "encode")   # the format hook writes the output: on the client
    if verb == "join":
        return not _has(stage, "ul")       # unpaired left records need every input
    if verb in ("filter", "derive"):
        # per record but for the column types, which the tasks are given
        # (the run's first batches decide them: _first_types)
        return True
    return bool(per_record)


def _sum_counts(field, group):
    """The merge of partial counts: sum `field` per group, under its own name."""
    options = [("aggregates", "sum"), ("fields", field)]
    if group:
        options.append(("group-by", group))
    return [_stage("stats", [], options), _stage("rename", [f"{field}_sum={field}"])]


def _combine(stage, after):
    """(partial stages for the workers, merge stages for the client) of a
    verb that combines records. The partial step is exact: the merge over the
    parts, in input order, gives what the verb gives over all the records."""
    verb, args, options, _ = stage
    whole = _stage(verb, args, options)
    if verb in ("head", "tail"):
        return [whole], [whole]
    if verb == "sort":
        # stable: sorting the sorted parts again keeps equal keys in input order
        if after and after[0][0] == "head":
            return [whole, _stage(*after[0][:3])], [whole]
        return [whole], [whole]
    if verb == "uniq":
        fields = args[0]
        if _has(stage, "count"):
            if "count" in fields.split(","):
                return [], [whole]
            return [whole], _sum_counts("count", fields)
        if _has(stage, "number"):
            return [_stage("uniq", args)], [whole]
        return [whole], [whole]
    if verb == "count":
        group = _option(stage, "group-by")
        if group and "count" in group.split(","):
            return [], [whole]
        return [whole], _sum_counts("count", group)
    if verb == "count-distinct":
        fields = _option(stage, "fields")
        name = _option(stage, "count-name") or "count"
        if _has(stage, "unlashed") or name in fields.split(","):
            return [], [whole]
        if _has(stage, "number"):
            return [_stage("count-distinct", [], [("fields", fields)])], [whole]
        return [whole], _sum_counts(name, fields)
    if verb == "top" and _has(stage, "all-fields"):
        # the top records of each part hold the top records of all
        return [whole], [whole]
    if verb in ("stats", "top"):
        # exact percentiles need every value: the workers send only the fields used
        names = []
        for option in ("fields", "group-by"):
            value = _option(stage, option)
            for name in (value.split(",") if value else []):
                if name not in names:
                    names.append(name)
        if names and not any("." in n for n in names):
            return [_stage("select", [",".join(names)])], [whole]
    return [], [whole]


class Plan:
    """A pipeline cut between the workers and the client (weir.dask.plan())."""

    def __init__(self, words, config_path, config_text, info):
        self.words, self.config_path, self.config_text = words, config_path, config_text
        self.info = info
        stages = info["stages"]
        k = 0
        while k < len(stages) and _on_worker(stages[k]):
            k += 1
        self.worker = [_stage(*s[:3]) for s in stages[:k]]
        self.client = []
        self.combining = None
        if k < len(stages):
            self.combining = stages[k][0]
            partial, merge = _combine(stages[k], stages[k + 1:])
            self.worker += partial
            self.client = merge + [_stage(*s[:3]) for s in stages[k + 1:]]
        # (json is read as jsonl is: its parts go as JSON Lines, keeping types
        # and nesting; dkvp's too, which keep every key as it is: logfmt
        # would write "user agent" as user_agent)
        formats = {"jsonl" if f in ("json", "dkvp", "nidx") else f for f in info["input_formats"]}
        self.part_format = formats.pop() if len(formats) == 1 and formats <= {"jsonl", "logfmt"} else "csv"

    def describe(self):
        """The cut in words: what the workers run, what the client runs."""
        def text(stages):
            return " then ".join(" ".join([v] + [f"--{k} {x}".rstrip() for k, x in o] + a) for v, a, o in stages) or "cat"
        return f"workers: {text(self.worker)}\nclient: {text(self.client)}"


def plan(pipeline, paths=(), **input_options):
    """How weir.dask.run() cuts `pipeline`: plan(...).describe() says it."""
    words, config_path, config_text = _pipeline_args(pipeline)
    words = _option_words(input_options) + words
    return Plan(words, config_path, config_text, _weir._plan(words, config_path, config_text, _paths(paths)))


def _paths(paths):
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return [os.fspath(p) for p in paths]


# ------------------------------------------------------------ the tasks

def _part(words, config_path, config_text, path, stages, fmt, plain, byte_range=None, types=None,
          rejects=False, limit=False):
    """On a worker: the worker's stages over one file (or a byte range of
    it: (begin, end, line)), as text in `fmt`, with the run's counts (and,
    for a range, where it ended: range_end, range_end_line). With
    `rejects`, the part's rejected inputs come back as stats["rejects"]
    (JSON Lines); with `limit`, --max-rejects is left to the driver (it
    holds for the whole run). stats["part"] says which part this was."""
    fd, tmp = tempfile.mkstemp(prefix="weir-part-", suffix="." + fmt)
    os.close(fd)
    kept = None
    try:
        overrides = {"stages": stages, "threads": 1}
        if plain:
            overrides["plain_write"] = True
        if byte_range is not None:
            overrides["range"] = tuple(byte_range)
        if types:
            overrides["types"] = types
        if rejects:
            fd, kept = tempfile.mkstemp(prefix="weir-rejects-", suffix=".jsonl")
            os.close(fd)
            overrides["rejects"] = kept
        if limit:
            overrides["max_rejects"] = None
        stats = dict(_weir._run(words, config_path, config_text, [path], tmp, fmt, overrides))
        with open(tmp, "rb") as f:
            data = f.read()
        if kept is not None:
            with open(kept, "rb") as f:
                stats["rejects"] = f.read()
    finally:
        for name in (tmp, kept):
            if name is not None and os.path.exists(name):
                os.unlink(name)
    stats["part"] = (path, tuple(byte_range) if byte_range is not None else None)
    return data, stats


def _limits(cut):
    """How the parts treat rejects: (gather them, leave --max-rejects to the driver)."""
    return cut.info["rejects"] is not None, cut.info["max_rejects"] is not None


def _settle_rejects(cut, results, shown=None):
    """After the parts: --max-rejects over the whole run, then the --rejects
    file, in input order. Past the limit, the part where the run crosses it
    is read again here with what was left of the limit, so that the run
    fails as on one machine: exit 3, the same message, and the rejects file
    holding the inputs up to that one."""
    info = cut.info
    limit = info["max_rejects"]
    gathered = []
    seen = 0
    try:
        for _, stats in results:
            n = stats["rejected"] + stats["repaired"]
            if limit is not None and seen + n > limit:
                _fail_past_limit(cut, stats["part"], limit, seen, gathered)
            seen += n
            gathered.append(stats.pop("rejects", b""))
    finally:
        if info["rejects"] is not None:
            data = b"".join(gathered)
            _write_atomically(info["rejects"], shown.json(data) if shown else data)


def _fail_past_limit(cut, part, limit, seen, gathered):
    path, byte_range = part
    overrides = {"stages": cut.worker, "threads": 1, "plain_write": True, "max_rejects": limit - seen}
    if byte_range is not None:
        overrides["range"] = byte_range
    if cut.worker:
        overrides["types"] = _weir._first_types(cut.words, cut.config_path, cut.config_text, cut.info["inputs"], 4)
    with tempfile.TemporaryDirectory(prefix="weir-dask-") as folder:
        kept = os.path.join(folder, "rejects.jsonl")
        if cut.info["rejects"] is not None:
            overrides["rejects"] = kept
        try:
            _weir._run(cut.words, cut.config_path, cut.config_text, [path], os.path.join(folder, "part"),
                       cut.part_format, overrides)
        except _weir.InputError as e:
            # the limit this part had left is the run's limit
            text = str(e).replace(f"more than {limit - seen} rejected or repaired",
                                  f"more than {limit} rejected or repaired", 1)
            raise _weir.InputError(text) from None
        finally:
            if os.path.exists(kept):
                with open(kept, "rb") as f:
                    gathered.append(f.read())
    raise RuntimeError("weir.dask: the part past --max-rejects did not fail when read again")


def _write_atomically(path, data):
    """`data` into the file `path`, whole or not at all (weir's -o rule)."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".weir-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise



def _count_lines(path, begin, end):
    """On a worker: the line breaks in bytes [begin, end) of a file."""
    return _weir._count_lines(path, begin, end)


_SPLITTABLE = {"csv", "tsv", "jsonl", "logfmt", "dkvp", "nidx", "lines"}


def _cuts(path, fmt, block_size):
    """Where the byte ranges of a large file start: after the first line break
    past each multiple of block_size (a guess the ranges check). [0] when the
    file is read whole."""
    if fmt not in _SPLITTABLE or not block_size:
        return [0]
    size = os.path.getsize(path)
    if size <= block_size:
        return [0]
    with open(path, "rb") as f:
        magic = f.read(4)
        if magic[:2] in (b"\x1f\x8b", b"\xff\xfe", b"\xfe\xff") or magic[:3] == b"\x28\xb5\x2f":
            return [0]
        cuts = [0]
        at = block_size
        while at < size:
            f.seek(at)
            found = -1
            while found < 0:
                window = f.read(64 << 10)
                if not window:
                    break
                i = window.find(b"\n")
                if i >= 0:
                    found = f.tell() - len(window) + i + 1
            if found < 0 or found >= size:
                break
            if found > cuts[-1]:
                cuts.append(found)
            at = max(found, at + block_size)
    return cuts


def _parts(client, cut, paths, fmt, plain, block_size):
    """Every file's parts, in input order: one task per file, or per byte
    range of a large file. The first failed part's error is raised, as a
    run on one machine stops at the first bad input."""
    args = (cut.words, cut.config_path, cut.config_text)
    formats = cut.info["input_formats"]
    # the column types the run's first batches decide, for every task's filter and derive
    types = _weir._first_types(*args, paths, 4) if cut.worker else {}
    rejects, limit = _limits(cut)
    submit = functools.partial(client.submit, pure=False, types=types, rejects=rejects, limit=limit)
    jobs = []   # per file: (path, cuts, size, futures)
    counting = []  # per large file: its cuts, size and the line counts of its ranges (futures)
    for i, path in enumerate(paths):
        cuts = _cuts(path, formats[i] if i < len(formats) else "", block_size)
        if len(cuts) == 1:
            jobs.append((path, cuts, None, [submit(_part, *args, path, cut.worker, fmt, plain)]))
            continue
        size = os.path.getsize(path)
        bounds = cuts + [size]
        counts = [client.submit(_count_lines, path, bounds[k], bounds[k + 1], pure=False) for k in range(len(cuts))]
        jobs.append((path, cuts, size, []))
        counting.append((len(jobs) - 1, counts))
    # the line each range starts on, from every large file's counts at once
    for j, counts in counting:
        path, cuts, size, futures = jobs[j]
        bounds = cuts + [size]
        line = 1
        for k, n in enumerate(client.gather(counts)):
            futures.append(submit(_part, *args, path, cut.worker, fmt, plain, (bounds[k], bounds[k + 1], line)))
            line += n
    from distributed import wait
    wait([f for job in jobs for f in job[3]])
    results = []
    for path, cuts, size, futures in jobs:
        if size is None:
            if futures[0].status == "error":
                raise futures[0].exception()
            results.append(futures[0].result())
            continue
        results += _checked_ranges(submit, args, cut, fmt, plain, path, cuts, size, futures)
    return results


def _checked_ranges(submit, args, cut, fmt, plain, path, cuts, size, futures):
    """A file's ranges, each guess checked against where the range before
    ended (core/pipeline/byte_range.hpp); a wrong one is read again from
    there. A file whose ranges cannot be read apart is read whole."""
    bounds = cuts + [size]
    start, line = 0, 1
    out = []
    for k, future in enumerate(futures):
        if start >= size:
            break
        if start >= bounds[k + 1]:
            continue  # the range before read past all of this one
        if bounds[k] != start:
            future = submit(_part, *args, path, cut.worker, fmt, plain, (start, bounds[k + 1], line))
            from distributed import wait
            wait([future])
        if future.status == "error":
            error = future.exception()
            if k == 0 and isinstance(error, OSError) and "cannot read a byte range" in str(error):
                whole = submit(_part, *args, path, cut.worker, fmt, plain)
                return [whole.result()]
            raise error
        data, stats = future.result()
        out.append((data, stats))
        start, line = stats["range_end"], stats["range_end_line"]
    return out


class _Client:
    """The client given, the default one, or a LocalCluster for this run."""

    def __init__(self, client):
        self.client = client
        self.own = None

    def __enter__(self):
        if self.client is None:
            from distributed import Client, default_client
            try:
                self.client = default_client()
            except ValueError:
                self.own = Client(processes=True, threads_per_worker=1, dashboard_address=":0")
                self.client = self.own
        return self.client

    def __exit__(self, *exc):
        if self.own is not None:
            cluster = self.own.cluster
            self.own.close()
            cluster.close()
        return False


def _counts(results, written):
    read = sum(s["records_read"] for _, s in results)
    rejected = sum(s["rejected"] for _, s in results)
    repaired = sum(s["repaired"] for _, s in results)
    return {"records_read": read, "written": written, "rejected": rejected, "repaired": repaired,
            "skipped": rejected}


def _is_folder(output):
    return output.endswith(os.sep) or output.endswith("/") or os.path.isdir(output)


def run(pipeline, paths, client=None, output=None, to=None, block_size=BLOCK_SIZE, **input_options):
    """Runs `pipeline` over the files `paths` on a Dask cluster.

    pipeline: verbs as on the command line, a list of words, a config file
    (*.json) or a config dict, as for weir.run(). client: a
    distributed.Client (None: the default client, else a LocalCluster of
    this machine's cores for this call). input_options: main options by
    name, as for weir.read_pandas() (delimiter=";", strict=True, ...).

    Without `output`, returns the records as a list of dicts; with a file
    name, writes it atomically (format from `to` or the extension) and
    returns the counts {"records_read", "written", "rejected", "repaired",
    "skipped"}; with a folder ("out/" or an existing folder), writes one part
    per file there (part-00000.csv, ...) when every verb runs per record.
    The records equal those weir.run() makes on one machine. A malformed
    record raises weir.InputError naming its file:line, and nothing is written.
    """
    paths = _paths(paths)
    if not paths:
        raise ValueError("weir.dask.run(): no input files (a cluster reads files, not standard input)")
    cut = plan(pipeline, paths, **input_options)
    if cut.info["collect"]:
        raise ValueError("weir.dask.run(): the collect policy is weir check's (weir check --dask)")
    if output is not None and _is_folder(os.fspath(output)):
        return _run_folder(cut, paths, client, os.fspath(output), to, block_size)
    with _Client(client) as c:
        results = _parts(c, cut, paths, cut.part_format, True, block_size)
    _settle_rejects(cut, results)
    return _merge(cut, results, output, to, pipeline, paths, input_options)


def _merge(cut, results, output, to, pipeline, paths, input_options, stdout=False, raw=False):
    if cut.part_format == "csv" and any(_csv_changes_fields(data) for data, _ in results):
        # the records of one part have differing fields: csv cannot carry
        # that (a blank line and a new header), so this run is made here
        print("weir: dask: records with differing fields: merged on this machine instead", file=sys.stderr)
        return _local(cut, paths, output, to, stdout)
    with tempfile.TemporaryDirectory(prefix="weir-dask-") as folder:
        parts = []
        for i, (data, _) in enumerate(results):
            part = os.path.join(folder, f"part-{i:05d}.{cut.part_format}")
            with open(part, "wb") as f:
                f.write(data)
            parts.append(part)
        # (the parts are weir's own output: the rejects and their limit were the workers')
        overrides = {"stages": cut.client, "from": cut.part_format, "strict_read": True,
                     "rejects": None, "max_rejects": None}
        words = cut.words
        if output is None and not stdout:
            return _records(words, cut, parts, overrides)
        if stdout:
            overrides["stdout"] = True
            sys.stdout.flush()
            final_to = to or cut.info["output_format"]
            stats = _weir._run(words, cut.config_path, cut.config_text, parts, "", final_to, overrides)
            return dict(stats)
        output = os.fspath(output)
        final_to = to or _weir._plan(["-o", output] + words, cut.config_path, cut.config_text, paths)["output_format"]
        stats = _weir._run(words, cut.config_path, cut.config_text, parts, output, final_to, overrides)
        return dict(stats) if raw else _counts(results, stats["written"])


def _records(words, cut, paths, overrides):
    """Every record the pipeline `words` gives over `paths`, as a list."""
    from . import _Stream
    stream = _Stream(words, cut.config_path, cut.config_text, paths, None, overrides)
    rows = []
    try:
        while True:
            batch = stream.next()
            if batch is None:
                return rows
            rows.extend(batch)
    finally:
        stream.close()


def _csv_changes_fields(data):
    # weir's csv writer starts a new header after a blank line; a blank line
    # would also be a record of one empty field, lost on reading back
    return b"\n\n" in data or data.startswith(b"\n")


def _local(cut, paths, output, to, stdout):
    overrides = {}
    if stdout:
        overrides["stdout"] = True
        stats = _weir._run(cut.words, cut.config_path, cut.config_text, paths, "", to, overrides)
        return dict(stats, fallback=True)
    if output is None:
        return _records(cut.words, cut, paths, overrides)
    return dict(_weir._run(cut.words, cut.config_path, cut.config_text, paths, os.fspath(output), to, overrides),
                fallback=True)


def _run_folder(cut, paths, client, folder, to, block_size):
    if cut.client:
        raise ValueError(f"weir.dask.run(): '{cut.combining}' combines records: a folder of parts takes a pipeline "
                         "whose verbs all run per record; write one file instead")
    fmt = to or cut.info["output_format"]
    ext = {"jsonl": "jsonl", "csv": "csv", "tsv": "tsv", "logfmt": "logfmt"}.get(fmt, fmt)
    with _Client(client) as c:
        results = _parts(c, cut, paths, fmt, False, block_size)
    _settle_rejects(cut, results)
    os.makedirs(folder, exist_ok=True)
    written = []
    try:
        for i, (data, _) in enumerate(results):
            final = os.path.join(folder, f"part-{i:05d}.{ext}")
            fd, tmp = tempfile.mkstemp(prefix=".part-", dir=folder)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            written.append((tmp, final))
        for tmp, final in written:
            os.replace(tmp, final)
    except BaseException:
        for tmp, _ in written:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise
    return _counts(results, sum(s["written"] for _, s in results))


# ------------------------------------------------------------ dataframes

def _read_part(pipeline, path, input_options, byte_range=None):
    from . import _read_pandas, _stream
    options = dict(input_options)
    options.setdefault("threads", 1)
    overrides = {"range": tuple(byte_range)} if byte_range is not None else None
    return _read_pandas(_stream(pipeline, path, options, overrides))


def _range_end(words, config_path, config_text, path, byte_range):
    """On a worker: where the reading of a byte range (begin, end, line)
    ends, as ((offset, line), None); its records are read and dropped. A
    range that fails gives (None, the error's text): read from a guessed
    start inside a quoted field, it fails on input that is not damaged, so
    the caller raises the error only once it knows the guess held."""
    fd, tmp = tempfile.mkstemp(prefix="weir-range-", suffix=".jsonl")
    os.close(fd)
    try:
        stats = _weir._run(words, config_path, config_text, [path], tmp, "jsonl",
                           {"stages": [_stage("nothing")], "threads": 1, "range": tuple(byte_range)})
    except _weir.InputError as error:
        return None, str(error)
    finally:
        os.unlink(tmp)
    return (stats["range_end"], stats["range_end_line"]), None


def _held_range_end(outcome):
    """The end of a range whose start is known to be a record's: its error
    is the input's own (the first in the file, as a whole-file run says)."""
    end, error = outcome
    if error is not None:
        raise _weir.InputError(error)
    return end


def _read_ranges(cut, path, fmt, block_size):
    """The byte ranges weir.dask.read() reads a large file in, as (begin,
    end, line), or [None] for the file whole. The ranges are guessed at line
    breaks, read on the cluster (records dropped) to learn where each one
    really ends, and a guess that was wrong (a line break inside a quoted
    field) is read again from there, as run() does: so the partitions split
    the file exactly at record boundaries, and their errors name the file's
    own lines."""
    cuts = _cuts(path, fmt, block_size)
    if len(cuts) == 1:
        return [None]
    import dask
    from dask import delayed
    args = (cut.words, cut.config_path, cut.config_text)
    size = os.path.getsize(path)
    bounds = cuts + [size]
    counts = dask.compute(*[delayed(_count_lines, pure=False)(path, bounds[k], bounds[k + 1])
                            for k in range(len(cuts))])
    lines = [1]
    for n in counts[:-1]:
        lines.append(lines[-1] + n)
    try:
        ends = dask.compute(*[delayed(_range_end, pure=False)(*args, path, (bounds[k], bounds[k + 1], lines[k]))
                              for k in range(len(cuts))])
    except OSError as error:
        if "cannot read a byte range" in str(error):
            return [None]  # (a file whose ranges cannot be read apart)
        raise
    ranges = []
    start, line = 0, 1
    for k in range(len(cuts)):
        if start >= size:
            break
        if start >= bounds[k + 1]:
            continue  # the range before read past all of this one
        end = _held_range_end(ends[k] if bounds[k] == start else _range_end(*args, path, (start, bounds[k + 1], line)))
        ranges.append((start, bounds[k + 1], line))
        start, line = end
    return ranges


def read(paths, pipeline=None, block_size=BLOCK_SIZE, **input_options):
    """A dask.dataframe.DataFrame with a partition per file, or per byte
    range of a file larger than block_size (split exactly at record
    boundaries, as run() splits it; to learn them, read() reads such a file
    once on the cluster), each parsed (and filtered, derived, checked) by
    weir on a worker through weir.read_pandas(): its columns typed as
    read_pandas types them over all the files (by the first file's first
    values, or `types`), in every partition.

    The pipeline must work record by record (filter, derive, select, hooks):
    a partition is one file or part of one, so a verb that combines records
    (count, sort) would combine each partition alone; use weir.dask.run()
    for those.
    """
    import dask.dataframe as dd
    from dask import delayed
    paths = _paths(paths)
    if not paths:
        raise ValueError("weir.dask.read(): no input files")
    cut = plan(pipeline, paths, **input_options)
    if cut.client:
        raise ValueError(f"weir.dask.read(): '{cut.combining}' combines records, and a partition is one file "
                         "or part of one: use weir.dask.run() for it")
    # every partition types its columns as the first file's first values do,
    # as weir.read_pandas() over all the files would (and Dask needs one dtype)
    types = dict(_weir._first_types(cut.words, cut.config_path, cut.config_text, paths, 4))
    if isinstance(input_options.get("types"), dict):
        types.update(input_options["types"])
    options = dict(input_options, types=types) if types else input_options
    formats = cut.info["input_formats"]
    parts = [delayed(_read_part, pure=True)(pipeline, path, options, byte_range)
             for i, path in enumerate(paths)
             for byte_range in _read_ranges(cut, path, formats[i] if i < len(formats) else "", block_size)]
    return dd.from_delayed(parts)


# ------------------------------------------------------------ weir --dask

class _Stdin:
    """weir --dask over standard input: it is copied into a file the workers
    read (in WEIR_DASK_SPOOL, a folder they share; for local:N, the temporary
    folder), and messages name it "(stdin)", as without --dask."""

    def __init__(self, address):
        folder = os.environ.get("WEIR_DASK_SPOOL") or (tempfile.gettempdir() if address.startswith("local:") else None)
        if not folder:
            raise ValueError("--dask reads standard input from a file the workers can read: set WEIR_DASK_SPOOL "
                             "to a folder they share, or name the files")
        fd, self.path = tempfile.mkstemp(prefix="weir-stdin-", dir=folder)
        with os.fdopen(fd, "wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out, 1 << 20)

    def text(self, text):
        return text.replace(self.path, "(stdin)")

    def json(self, data):
        import json
        return data.replace(json.dumps(self.path).encode(), b'"(stdin)"')

    def remove(self):
        os.unlink(self.path)


def _closing(results, driver, info, shown=None):
    """weir's notes and closing summary on stderr (cli/commands.cpp,
    run_summary), from the workers' counts and the merge's."""
    # a reader's note is of its input: each is said (once); a verb's note on
    # the workers' stages holds for the run when every part gave it
    read, common = [], None
    for _, stats in results:
        read_notes = stats.get("read_notes", [])
        read += [n for n in read_notes if n not in read]
        notes = [n for n in stats.get("notes", []) if n not in read_notes]
        common = list(notes) if common is None else [n for n in common if n in notes]
    for note in read + (common or []) + list(driver.get("notes", [])):
        print(shown.text(f"weir: note: {note}") if shown else f"weir: note: {note}", file=sys.stderr)
    kinds = {}
    for key in ("rejected_kinds", "repaired_kinds"):
        merged = {}
        for _, stats in results:
            for kind, n in stats.get(key, {}).items():
                merged[kind] = merged.get(kind, 0) + n
        kinds[key] = merged
    def plural(n, one, many):
        return f"{n} {one if n == 1 else many}"
    def by_kind(counts):
        return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n > 0)
    read = sum(s["records_read"] for _, s in results)
    skipped = sum(s["skipped"] for _, s in results)
    repaired = sum(s["repaired"] for _, s in results)
    if not (skipped or repaired or info["summary"]):
        return
    by_stages = kinds["rejected_kinds"].get("hook-error", 0)
    written = driver["written"]
    line = f"weir: read {plural(read + skipped - by_stages, 'row', 'rows')}: {written} written"
    if read - written - by_stages != 0:
        line += f", {read - written - by_stages} left out by the verbs"
    line += f", {skipped} rejected"
    if skipped:
        line += f" ({by_kind(kinds['rejected_kinds'])})"
    if repaired:
        line += f"; {repaired} repaired ({by_kind(kinds['repaired_kinds'])})"
    if skipped:
        first = next(s["first_rejected"] for _, s in results if s.get("first_rejected"))
        line += f"; the first rejected: {first}"
    if skipped or repaired:
        line += f"; each one is in {info['rejects']}" if info["rejects"] else "; --rejects FILE keeps each one"
    print(shown.text(line) if shown else line, file=sys.stderr)


def _exit_code(error):
    """weir's exit codes (weir(1), EXIT STATUS) for what a run raised."""
    if isinstance(error, _weir.InputError):
        return 3
    if isinstance(error, _weir.HookError):
        return 4
    if isinstance(error, KeyboardInterrupt):
        return 130
    return 2


def _cluster(address):
    from distributed import Client
    if address.startswith("local:"):
        n = address[len("local:"):]
        if not n.isdigit() or int(n) < 1:
            raise ValueError(f"--dask: 'local:N' takes a number of workers, got '{address}'")
        return Client(n_workers=int(n), threads_per_worker=1, processes=True, dashboard_address=":0")
    return Client(address)


def _weir_executable():
    import shutil
    return os.environ.get("WEIR_EXECUTABLE") or shutil.which("weir") or "weir"


def _check_part(exe, args, index, stdin_copy=None):
    """On a worker: `weir check` over the index-th file alone, its json
    report. When that file is standard input ("-"), weir reads it from
    `stdin_copy` (WEIR_DASK_STDIN) and still names it "(stdin)"."""
    import subprocess
    env = dict(os.environ, WEIR_DASK_CHECK=f"part:{index}")
    if stdin_copy:
        env["WEIR_DASK_STDIN"] = stdin_copy
    done = subprocess.run([exe, "check", *args], capture_output=True, env=env, stdin=subprocess.DEVNULL)
    return done.returncode, done.stdout, done.stderr


_NOTE = "weir check: note: "


def _check_main(address, args):
    """weir check --dask ADDRESS ...: each file checked on a worker by this
    weir (WEIR_DASK_CHECK=part:N), the reports merged by it here
    (merge:DIR): the same reports, fingerprints and exit status."""
    import subprocess
    exe = _weir_executable()
    listing = subprocess.run([exe, "check", *args], capture_output=True, stdin=subprocess.DEVNULL,
                             env=dict(os.environ, WEIR_DASK_CHECK="files"))
    if listing.returncode != 0:
        sys.stderr.buffer.write(listing.stderr)
        return listing.returncode
    files = listing.stdout.decode("utf-8").splitlines()
    stdin = None
    try:
        if "-" in files:
            try:
                stdin = _Stdin(address)
            except ValueError as e:
                print(f"weir: {e}", file=sys.stderr)
                return 2
        try:
            client = _cluster(address)
        except (OSError, ValueError) as e:
            print(f"weir: --dask {address}: {e}", file=sys.stderr)
            return 2
        try:
            futures = [client.submit(_check_part, exe, args, i, stdin.path if files[i] == "-" else None, pure=False)
                       for i in range(len(files))]
            parts = client.gather(futures)
        finally:
            cluster = client.cluster if address.startswith("local:") else None
            client.close()
            if cluster is not None:
                cluster.close()
    finally:
        if stdin:
            stdin.remove()
    for code, _, err in parts:
        if code != 0:
            sys.stderr.buffer.write(err)
            return code
    # a reader's note names its file (TSV escapes) and is said; the rules'
    # notes (a field no record has) hold for the run when every file gave them
    read, common = [], None
    for i, (_, _, err) in enumerate(parts):
        notes = [line[len(_NOTE):] for line in err.decode("utf-8").splitlines() if line.startswith(_NOTE)]
        shown = "(stdin)" if files[i] == "-" else files[i]
        notes = [n for n in notes if not n.startswith(f"{shown}: no records to check")]
        own = [n for n in notes if n.startswith(f"{shown}: ")]
        read += [n for n in own if n not in read]
        notes = [n for n in notes if n not in own]
        common = notes if common is None else [n for n in common if n in notes]
    with tempfile.TemporaryDirectory(prefix="weir-check-") as folder:
        for i, (_, out, _) in enumerate(parts):
            with open(os.path.join(folder, f"part-{i:05d}.json"), "wb") as f:
                f.write(out)
        with open(os.path.join(folder, "notes"), "w") as f:
            f.write("".join(n + "\n" for n in read + (common or [])))
        sys.stdout.flush()
        merged = subprocess.run([exe, "check", *args], stdin=subprocess.DEVNULL,
                                env=dict(os.environ, WEIR_DASK_CHECK=f"merge:{folder}"))
    return merged.returncode


def _size(text):
    """64M, 1G, 500KB, 4096: bytes (more than 0), or None; the sizes weir's
    option rows take (check_option_value, core/stages/registry.cpp)."""
    units = {"": 1, "B": 1, "K": 1 << 10, "k": 1 << 10, "KB": 1 << 10, "M": 1 << 20, "m": 1 << 20,
             "MB": 1 << 20, "G": 1 << 30, "g": 1 << 30, "GB": 1 << 30}
    digits = text.rstrip("BKMGkmg")
    scale = units.get(text[len(digits):])
    return int(digits) * scale if scale and digits.isdigit() and int(digits) > 0 else None


def main(argv):
    """weir --dask ADDRESS [OPTIONS] VERB ... FILE...: the command line on a cluster."""
    import logging
    # A cluster shut down on a loaded machine can leave one of Dask's futures
    # with an unretrieved TimeoutError, which asyncio then prints among
    # weir's lines on standard error: nothing a user could act on.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    address = None
    block_size = BLOCK_SIZE
    words = []
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            words += argv[i:]
            break
        if word in ("--dask", "--dask-block-size") and i + 1 < len(argv):
            if word == "--dask":
                address = argv[i + 1]
            else:
                block_size = _size(argv[i + 1])
                if block_size is None:
                    print(f"weir: --dask-block-size: expected a size such as 64M, got '{argv[i + 1]}'", file=sys.stderr)
                    return 2
            i += 2
            continue
        if word.startswith("--dask-block-size="):
            block_size = _size(word[len("--dask-block-size="):])
            if block_size is None:
                print(f"weir: --dask-block-size: expected a size such as 64M, got '{word}'", file=sys.stderr)
                return 2
        elif word.startswith("--dask="):
            address = word[len("--dask="):]
        else:
            words.append(word)
        i += 1
    if address is None:
        print("weir: --dask takes an ADDRESS (a scheduler's, such as tcp://host:8786, or local:N)", file=sys.stderr)
        return 2
    if words and words[0] == "run":
        words = words[1:]
    if words and words[0] == "check":
        return _check_main(address, words[1:])
    stdin = None
    try:
        info = _weir._plan(words, "", "", [])
        paths = list(info["inputs"])
        if not paths or "-" in paths:
            stdin = _Stdin(address)
            paths = [stdin.path if p == "-" else p for p in paths] or [stdin.path]
            info = _weir._plan(words, "", "", paths)
        cut = Plan(words, "", "", info)
        client = _cluster(address)
        try:
            results = _parts(client, cut, paths, cut.part_format, True, block_size)
        finally:
            cluster = client.cluster if address.startswith("local:") else None
            client.close()
            if cluster is not None:
                cluster.close()
        _settle_rejects(cut, results, stdin)
        output = info["output"]
        if output is None or output == "-":
            driver = _merge(cut, results, None, None, None, paths, {}, stdout=True)
        else:
            driver = _merge(cut, results, output, info["output_format"], None, paths, {}, raw=True)
        if driver.get("fallback"):  # run here as a whole: its own counts
            results = [(b"", driver)]
            driver = dict(driver, notes=[])
        _closing(results, driver, info, stdin)
        return 0
    except BrokenPipeError:
        return 0
    except (_weir.UsageError, _weir.InputError, _weir.HookError, OSError, ValueError) as e:
        text = str(e).rstrip("\n")
        if stdin:
            text = stdin.text(text)
        if isinstance(e, _weir.UsageError):
            text = "\n".join(line if line.startswith("weir: ") else "weir: " + line for line in text.split("\n"))
        elif not text.startswith("weir: ") and not isinstance(e, (_weir.InputError, _weir.HookError)):
            text = "weir: " + text
        print(text, file=sys.stderr)
        return _exit_code(e)
    finally:
        if stdin:
            stdin.remove()


if __name__ == "__main__":
    # the tasks must pickle as weir.dask's functions, not __main__'s
    from weir.dask import main as _main
    sys.exit(_main(sys.argv[1:]))
