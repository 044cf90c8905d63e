"""weir from Python: the same engine, verbs and hook objects as the weir command.

    import weir
    rows = weir.run("filter status >= 500 then select id,status", ["access.csv"])
    for rec in weir.records("sort latency_ms:nr then head -n 3", ["access.csv"]): ...
    weir.run("examples/weir.json", ["access.csv"], output="out.csv")   # a config file
    weir.run({"version": 1, "pipeline": [{"filter": "status >= 500"}]}, ["access.csv"])

weir.records() and weir.batches() stream: the pipeline runs a batch at a
time as the loop asks for records, one batch ahead on a thread of its own. Values have the types a hook sees and
`weir run --to jsonl` writes (weir-hooks(7), TYPES): a column of text is
int, float, bool or str for the whole run, decided by its first values or
by --types; a missing value in a number column is None.

    df = weir.read_pandas("access.csv", "filter status >= 500")
    for frame in weir.batches("cat", ["big.csv"], as_="pandas"): ...
    weir.run("filter x > 1", weir.from_pandas(df))

    hooks = weir.load_hooks("examples/hooks/enrich.py")   # setup(ctx) has run
    rec = weir.Record({"path": "/api/v1/items"})
    hooks.add_api(rec, hooks.ctx)

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

__all__ = ["run", "records", "batches", "read_pandas", "from_pandas", "load_hooks", "Record", "Batch", "Context",
           "Violation", "UsageError", "InputError", "HookError", "Note"]


class Note(UserWarning):
    """How weir read what the input left open (a TSV file's backslashes read
    as escapes, or as text), as the weir command notes it on stderr; given
    once the records are read (warnings.simplefilter("error", weir.Note)
    makes it an error)."""


def _say(notes):
    import warnings
    for note in notes:
        warnings.warn(f"weir: {note}", Note, stacklevel=3)


class _Data:
    """Records held in memory (weir.from_pandas), given where files go."""

    def __init__(self, text, fmt):
        self.text = text
        self.format = fmt


def from_pandas(df):
    """A DataFrame as a pipeline's input: weir.run("filter x > 1", weir.from_pandas(df)).

    Each row is a record with the DataFrame's types: int, float, bool, str;
    NaN and None are missing (null); datetimes are ISO 8601 text.
    """
    text = df.to_json(orient="records", lines=True, date_format="iso", force_ascii=False)
    return _Data(text.encode("utf-8"), "jsonl")


def _pipeline_args(pipeline):
    if pipeline is None:
        return ["cat"], "", ""
    if isinstance(pipeline, dict):
        return [], "<dict>", json.dumps(pipeline)
    if isinstance(pipeline, (list, tuple)):
        return [str(w) for w in pipeline], "", ""
    text = str(pipeline)
    if text.endswith(".json") and os.path.exists(text):
        return [], text, ""
    return shlex.split(text), "", ""


def _stream(pipeline, inputs, options=None, overrides=None):
    words, config_path, config_text = _pipeline_args(pipeline)
    words = _option_words(options or {}) + words
    if isinstance(inputs, _Data):
        return _Stream(["--from", inputs.format] + (words or ["cat"]), config_path, config_text, [], inputs.text)
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    return _Stream(words, config_path, config_text, [os.fspath(p) for p in inputs], None, overrides or {})


def _option_words(options):
    """read_pandas(..., delimiter=";", strict=True) as main options: --delimiter ; --strict."""
    words = []
    for name, value in options.items():
        flag = "--" + {"format": "from", "from_": "from"}.get(name, name).replace("_", "-")
        if value is True:
            words.append(flag)
        elif value is False or value is None:
            continue
        elif isinstance(value, dict):  # types={"zip": "str"}
            words += [flag, ",".join(f"{k}:{v}" for k, v in value.items())]
        else:
            words += [flag, str(value)]
    return words


def run(pipeline, inputs=(), output=None, to=None):
    """Runs `pipeline` over the input files.

    pipeline: verbs as on the command line ("filter status >= 500 then head"),
    a list of words, a config file path (*.json) or a config dict.
    inputs: file paths, or weir.from_pandas(df).
    With `output`, writes that file (format from `to` or its extension) and
    returns counts {"records_read", "written", "rejected", "repaired",
    "skipped"}; without, returns the records as a list of dicts.
    """
    if output is None:
        return list(records(pipeline, inputs))
    if isinstance(inputs, _Data):
        raise ValueError("run(): output= takes files as inputs; for a DataFrame use weir.records()")
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    words, config_path, config_text = _pipeline_args(pipeline)
    counts = _run(words, config_path, config_text, [os.fspath(p) for p in inputs], os.fspath(output), to)
    _say(counts.pop("notes"))
    return counts


def records(pipeline, inputs=()):
    """The records `pipeline` makes from the inputs, one dict at a time.

    The pipeline runs as the loop asks (one batch ahead, on a thread of its
    own, while Python takes the last): leaving the loop early stops the
    reading (and a hook file's teardown, which runs after the last record,
    does not run). Malformed input (weir.InputError) or a failing hook
    (weir.HookError) raises where it happens, after the records before it.
    """
    stream = _stream(pipeline, inputs)
    try:
        while True:
            batch = stream.next()
            if batch is None:
                return
            yield from batch
    finally:
        notes = stream.notes() + stream.late_type_notes()
        stream.close()
        _say(notes)


def _masked(columns, valid):
    import numpy as np
    return {name: np.ma.MaskedArray(values, mask=~valid[name]) for name, values in columns.items()}


def _frame(columns, valid, types, length):
    import pandas as pd
    data = {}
    for name, values in columns.items():
        if types[name] == "bool":
            # pandas' nullable bool keeps a missing value missing
            values = pd.array(values, dtype="boolean")
            values[~valid[name]] = pd.NA
        elif types[name] == "int":
            # pandas' nullable int64: exact past 2^53, a missing value missing
            values = pd.arrays.IntegerArray(values, ~valid[name])
        data[name] = values
    return pd.DataFrame(data, index=pd.RangeIndex(length), copy=False)


def batches(pipeline, inputs=(), size=10000, as_="dicts"):
    """The records a batch at a time.

    as_="dicts": lists of `size` dicts (the last may be shorter).
    as_="numpy": a dict of column name -> numpy masked array (masked where
    the value is missing, absent or not of the column's type), one per
    batch weir works in (thousands of records; `size` is not used).
    as_="pandas": a DataFrame per such batch.
    A column's array type is the same in every batch: int columns int64
    (pandas: "Int64"; exact past 2^53), float columns float64, bool columns
    bool (pandas: "boolean"), the rest object.
    Streams as records() does; on an error, the records before it come
    first, then the error is raised.
    """
    if as_ not in ("dicts", "numpy", "pandas"):
        raise ValueError(f"batches(): as_ must be 'dicts', 'numpy' or 'pandas', got {as_!r}")
    if as_ != "dicts":
        return _column_batches(pipeline, inputs, as_)
    if size < 1:
        raise ValueError(f"batches(): size must be at least 1, got {size}")
    return _dict_batches(pipeline, inputs, size)


def _column_batches(pipeline, inputs, as_):
    stream = _stream(pipeline, inputs)
    try:
        while True:
            got = stream.next_columns(False)
            if got is None:
                return
            columns, valid, types, length = got
            yield _masked(columns, valid) if as_ == "numpy" else _frame(columns, valid, types, length)
    finally:
        notes = stream.notes() + stream.late_type_notes()
        stream.close()
        _say(notes)


def _dict_batches(pipeline, inputs, size):
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


def read_pandas(files, pipeline=None, **input_options):
    """The records as one pandas DataFrame, typed as weir types them.

    files: a path or a list of paths; pipeline: verbs or a config, as for
    run() (None: every record); input_options: main options by name, such
    as delimiter=";", strict=True, format="tsv" (--from), types={"zip": "str"}.

    Columns: int (int64; float64 with NaN where a value is missing, or
    pandas' Int64 when a value past 2^53 would not survive float64), float
    (float64), bool (bool; object where missing), str (object; an empty
    value stays ""). A column holding a value that does not fit its type is
    an object column with that value as its text: nothing is lost.
    """
    return _read_pandas(_stream(pipeline, files, input_options))


def _read_pandas(stream):
    """read_pandas() from a stream (weir.dask: of a byte range)."""
    import numpy as np
    import pandas as pd
    parts = {}   # name -> list of (start, values, valid)
    kinds = {}
    length = 0
    try:
        while True:
            got = stream.next_columns(True)
            if got is None:
                break
            columns, valid, types, n = got
            for name, values in columns.items():
                # untyped: only empty values and marks (NA) so far, missing if
                # the column turns out a number or bool column (else text)
                untyped = types[name] == "unknown"
                parts.setdefault(name, []).append((length, values, valid[name], untyped))
                if not untyped:
                    kinds[name] = types[name]
            length += n
    finally:
        notes = stream.notes()
        stream.close()
        _say(notes)
    return pd.DataFrame({name: _whole_column(chunks, kinds.get(name, "unknown"), length, np)
                         for name, chunks in parts.items()}, index=pd.RangeIndex(length), copy=False)


def _whole_column(chunks, kind, length, np):
    """One column from its batches: the narrowest array that loses nothing.
    `chunks`: (start, values, valid, untyped); an untyped chunk came before
    the column's type was known, so it holds only empty values and marks,
    which a number or bool column reads as missing (as its later ones)."""
    if kind in ("int", "float", "bool"):
        chunks = [(start, np.zeros(len(values)), np.zeros(len(values), dtype=bool)) if untyped
                  else (start, values, valid) for start, values, valid, untyped in chunks]
    else:
        chunks = [(start, values, valid) for start, values, valid, _ in chunks]
    complete = sum(len(values) for _, values, _ in chunks) == length
    objects = any(values.dtype == object for _, values, _ in chunks)
    all_valid = complete and all(valid.all() for _, _, valid in chunks)
    if not objects and kind in ("int", "bool") and all_valid:
        return np.concatenate([values for _, values, _ in chunks])
    if not objects and kind == "int" and any(((values > 2**53) | (values < -2**53))[valid].any()
                                             for _, values, valid in chunks):
        # float64 would change such an integer (an id of 19 digits): pandas'
        # nullable Int64 keeps it, and a missing value missing
        import pandas as pd
        data, missing = np.zeros(length, dtype=np.int64), np.ones(length, dtype=bool)
        for start, values, valid in chunks:
            data[start:start + len(values)] = values
            missing[start:start + len(values)] = ~valid
        return pd.arrays.IntegerArray(data, missing)
    if not objects and kind in ("int", "float"):
        out = np.full(length, np.nan)
        for start, values, valid in chunks:
            out[start:start + len(values)] = np.where(valid, values, np.nan)
        return out
    out = np.full(length, None, dtype=object)
    for start, values, valid in chunks:
        if values.dtype == object:
            out[start:start + len(values)] = values
        else:
            part = values.astype(object)
            part[~valid] = None
            out[start:start + len(values)] = part
    return out


class Hooks:
    """A hook file loaded as weir loads it, for unit tests: its functions
    are attributes, `ctx` is the weir.Context they share, and setup(ctx)
    has run. close() (or leaving a `with` block) runs teardown(ctx)."""

    def __init__(self, path):
        import importlib.util
        path = os.fspath(path)
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(f"weir_hooks_{name}", path)
        if spec is None:
            raise OSError(f"{path}: cannot load a Python file from there")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.module = module
        self.ctx = Context()
        self._closed = False
        if callable(getattr(module, "setup", None)):
            module.setup(self.ctx)

    def __getattr__(self, name):
        return getattr(self.module, name)

    def close(self):
        if not self._closed:
            self._closed = True
            if callable(getattr(self.module, "teardown", None)):
                self.module.teardown(self.ctx)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def load_hooks(path):
    """Loads a hook file and runs its setup(ctx): weir.load_hooks("enrich.py").add_api(rec, hooks.ctx)."""
    return Hooks(path)
