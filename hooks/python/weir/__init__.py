"""weir from Python: the same engine, verbs and hook objects as the weir command.

    import weir
    rows = weir.run("filter status >= 500 then select id,status", ["access.csv"])
    for rec in weir.records("sort latency_ms:nr then head -n 3", ["access.csv"]): ...
    weir.run("examples/weir.json", ["access.csv"], output="out.csv")   # a config file
    weir.run({"version": 1, "pipeline": [{"filter": "status >= 500"}]}, ["access.csv"])

weir.records() and weir.batches() stream: the pipeline runs a batch at a
time as the loop asks for records.

weir.Record and weir.Batch can be made from dicts to unit-test a hook, and
weir.Violation is what a rule hook (weir check) returns:

    rec = weir.Record({"path": "/api/v1/items"})
    add_api(rec, weir.Context())
    assert rec["api"] == "v1"
    assert no_email(weir.Record({"note": "a@b.c"}), weir.Context()) == weir.Violation("email in note", field="note")
"""
import json
import os
import shlex

from ._weir import Batch, Context, HookError, InputError, Record, UsageError, Violation, _run, _Stream

__all__ = ["run", "records", "batches", "Record", "Batch", "Context", "Violation", "UsageError", "InputError",
           "HookError"]


def _pipeline_args(pipeline):
    if isinstance(pipeline, dict):
        return [], "<dict>", json.dumps(pipeline)
    if isinstance(pipeline, (list, tuple)):
        return [str(w) for w in pipeline], "", ""
    text = str(pipeline)
    if text.endswith(".json") and os.path.exists(text):
        return [], text, ""
    return shlex.split(text), "", ""


def run(pipeline, inputs=(), output=None, to=None):
    """Runs `pipeline` over the input files.

    pipeline: verbs as on the command line ("filter status >= 500 then head"),
    a list of words, a config file path (*.json) or a config dict.
    With `output`, writes that file (format from `to` or its extension) and
    returns {"records_read": n, "skipped": n}; without, returns the records
    as a list of dicts.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    words, config_path, config_text = _pipeline_args(pipeline)
    result = _run(words, config_path, config_text, [os.fspath(p) for p in inputs],
                  None if output is None else os.fspath(output), to)
    if output is not None:
        return result
    # split on newlines only: str.splitlines() would also split inside a
    # JSON string holding U+2028 (JSON lines need not escape it)
    return [json.loads(line) for line in result.split(b"\n") if line]


def records(pipeline, inputs=()):
    """The records `pipeline` makes from the inputs, one dict at a time.

    The pipeline runs as the loop asks: leaving the loop early stops the
    reading (and a hook file's teardown, which runs after the last record,
    does not run). Malformed input (weir.InputError) or a failing hook
    (weir.HookError) raises where it happens, after the records before it.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    words, config_path, config_text = _pipeline_args(pipeline)
    stream = _Stream(words, config_path, config_text, [os.fspath(p) for p in inputs])
    try:
        while True:
            lines = stream.next()
            if lines is None:
                return
            for line in lines.split(b"\n"):
                if line:
                    yield json.loads(line)
    finally:
        stream.close()


def batches(pipeline, inputs=(), size=10000):
    """The records as lists of `size` dicts (the last may be shorter).

    Streams as records() does; on an error, the records before it come as
    a last, shorter list, then the error is raised.
    """
    if size < 1:
        raise ValueError(f"batches(): size must be at least 1, got {size}")
    batch = []
    try:
        for rec in records(pipeline, inputs):
            batch.append(rec)
            if len(batch) == size:
                yield batch
                batch = []
    except Exception:
        if batch:
            yield batch
        raise
    if batch:
        yield batch
