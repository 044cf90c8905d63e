"""Hostile inputs: each must end within seconds, under 2 GB of memory, with
a result or a clear error (the exact text is asserted).

The inputs are generated here, at test time, in a temporary folder (nothing
big is committed). Each weir run is timed and its peak memory (the child's
own ru_maxrss, from wait4) checked. WEIR_HOSTILE=quick runs the small ones,
WEIR_HOSTILE=slow the heavy ones (ctest labels hostile and slow).
"""
import gzip
import json
import os
import random
import subprocess
import time

import pytest

WEIR = os.environ.get("WEIR", "weir")
SUBSET = os.environ.get("WEIR_HOSTILE", "quick")
LIMIT_BYTES = 2 << 30
TIME_LIMIT = 20  # seconds; every case takes well under one on a quiet machine

quick = pytest.mark.skipif(SUBSET != "quick", reason="WEIR_HOSTILE=quick")
slow = pytest.mark.skipif(SUBSET != "slow", reason="WEIR_HOSTILE=slow")


def weir(args, cwd, stdin=None):
    """Runs weir; returns (exit status, stdout, stderr, peak RSS in bytes)."""
    with open(os.path.join(cwd, "out"), "wb") as out, open(os.path.join(cwd, "err"), "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen([WEIR, *args], cwd=cwd, stdout=out, stderr=err,
                                stdin=open(stdin, "rb") if stdin else subprocess.DEVNULL,
                                env={**os.environ, "WEIR_THREADS": "2"})
        deadline = start + TIME_LIMIT
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                pytest.fail(f"weir {' '.join(args)[:200]} ran for more than {TIME_LIMIT} s")
            time.sleep(0.01)
    code = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss * 1024
    assert peak < LIMIT_BYTES, f"weir took {peak >> 20} MB"
    with open(os.path.join(cwd, "out"), "rb") as f:
        stdout = f.read()
    with open(os.path.join(cwd, "err"), "rb") as f:
        stderr = f.read().decode("utf-8", "replace")
    return code, stdout, stderr, peak


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return os.path.basename(path)


def first_line(text):
    return text.split("\n", 1)[0]


# ---------------------------------------------------------------- JSON


@quick
@pytest.mark.parametrize("open_,close", [("[", "]"), ('{"a":', "}")])
def test_deep_json(tmp_path, open_, close):
    depth = 100_000
    name = write(tmp_path / "deep.jsonl", (open_ * depth + "1" + close * depth + "\n").encode())
    code, out, err, _ = weir(["cat", name], tmp_path)
    assert code == 3
    assert out == b""
    col = 1000 if open_ == "[" else 5 * 999 + 1
    assert first_line(err) == f"weir: deep.jsonl:1:{col}: nested too deeply (more than 999 levels)"


@quick
def test_deep_json_skipped(tmp_path):
    depth = 5_000
    text = '{"a":1}\n' + "[" * depth + "]" * depth + '\n{"a":2}\n'
    name = write(tmp_path / "deep.jsonl", text.encode())
    code, out, err, _ = weir(["--on-error", "skip", "cat", name], tmp_path)
    assert (code, out) == (0, b'{"a":1}\n{"a":2}\n')
    assert "1 rejected (1 invalid-json)" in err


# ---------------------------------------------------------------- big records


@slow
def test_60mb_line(tmp_path):
    name = write(tmp_path / "big.txt", b"x" * (60 << 20) + b"\nshort\n")
    code, out, err, _ = weir(["--from", "lines", "derive", "n=len(line)", "then", "select", "n", name], tmp_path)
    assert (code, out, err) == (0, b"62914560\n5\n", "")


@slow
def test_60mb_line_over_the_limit(tmp_path):
    name = write(tmp_path / "big.txt", b"x" * (60 << 20) + b"\nshort\n")
    code, out, err, _ = weir(["--from", "lines", "--max-record-size", "1M", "cat", name], tmp_path)
    assert (code, out) == (3, b"")
    assert first_line(err) == "weir: big.txt:1:1: a record longer than 1048576 bytes (--max-record-size)"
    code, out, err, _ = weir(["--from", "lines", "--max-record-size", "1M", "--on-error", "skip", "cat", name],
                             tmp_path)
    assert (code, out) == (0, b"short\n")
    assert "1 rejected (1 too-large)" in err


@slow
def test_200000_columns(tmp_path):
    n = 200_000
    header = ",".join(f"c{i}" for i in range(n))
    row = ",".join(str(i) for i in range(n))
    name = write(tmp_path / "wide.csv", f"{header}\n{row}\n{row}\n".encode())
    code, out, err, _ = weir(["count", "then", "cat", name], tmp_path)
    assert (code, out, err) == (0, b"count\n2\n", "")
    code, out, err, _ = weir(["select", "c199999,c0", name], tmp_path)
    assert (code, out, err) == (0, b"c199999,c0\n199999,0\n199999,0\n", "")
    code, out, err, _ = weir(["--max-fields", "100000", "count", name], tmp_path)
    assert (code, out) == (3, b"")
    col = len(",".join(f"c{i}" for i in range(100_000))) + 2  # the first name past the limit
    assert first_line(err) == f"weir: wide.csv:1:{col}: a record with more than 100000 fields (--max-fields)"


@quick
@pytest.mark.parametrize("fmt,sep", [("tsv", "\t"), ("logfmt", " ")])
def test_200000_fields_other_formats(tmp_path, fmt, sep):
    n = 200_000
    if fmt == "tsv":
        text = sep.join("a" for _ in range(n)) + "\n" + sep.join("1" for _ in range(n)) + "\n"
    else:
        text = sep.join("a=1" for _ in range(n)) + "\n"  # one key, repeated: a, a_2, ... a_200000
    name = write(tmp_path / f"wide.{fmt}", text.encode())
    code, out, err, _ = weir(["--to", "jsonl", "cat", "then", "select", "a_200000", name], tmp_path)
    assert (code, out, err) == (0, b'{"a_200000":1}\n', "")


@quick
def test_200000_repeated_json_keys(tmp_path):
    text = "{" + ",".join('"a":1' for _ in range(200_000)) + ',"":2}\n'
    name = write(tmp_path / "wide.jsonl", text.encode())
    code, out, err, _ = weir(["select", "a_200000", name], tmp_path)
    assert (code, out, err) == (0, b'{"a_200000":1}\n', "")


@quick
def test_nul_bytes(tmp_path):
    name = write(tmp_path / "nul.csv", b"a,b\n1,x\x00y\n\x00,\x00\x00\n")
    code, out, err, _ = weir(["--to", "jsonl", "cat", name], tmp_path)
    assert (code, err) == (0, "")
    assert out == b'{"a":"1","b":"x\\u0000y"}\n{"a":"\\u0000","b":"\\u0000\\u0000"}\n'


@quick
def test_invalid_utf8(tmp_path):
    name = write(tmp_path / "bad.csv", b"a,b\n1,ok\n2,caf\xe9 au lait\n")
    code, out, err, _ = weir(["cat", name], tmp_path)
    assert (code, out) == (3, b"a,b\n1,ok\n")
    assert first_line(err) == ("weir: bad.csv:3:6: invalid UTF-8 (byte 0xE9); if the file is Latin-1 or "
                               "Windows-1252, read it with --encoding latin1 or --encoding cp1252")


@quick
def test_unterminated_quote_before_2m_lines(tmp_path):
    lines = 2_000_000
    name = write(tmp_path / "quote.csv", b'a,b\n"x,1\n' + b"1,2\n" * lines)
    code, out, err, _ = weir(["--strict", "count", name], tmp_path)
    assert (code, out) == (3, b"")
    assert first_line(err) == ("weir: quote.csv:2:1: unterminated quoted field (no closing quote before the "
                               "end of the input)")
    # sniffed: the sample grows while the quoted value that opens in its
    # first rows is open (up to 16 MiB), here to the end of the input, where
    # the quote is unterminated: the reader reads it as text, and says so
    code, out, err, _ = weir(["count", name], tmp_path)
    assert (code, out) == (0, f"count\n{lines + 1}\n".encode())
    assert err == (f"weir: read {lines + 1} rows: 1 written, {lines} left out by the verbs, 0 rejected; "
                   "1 repaired (1 unterminated-quote); --rejects FILE keeps each one\n")


@quick
@pytest.mark.parametrize("threads,before", [("1", 0), ("2", 0), ("1", 7), ("2", 300)])
def test_quoted_value_of_many_lines_longer_than_the_sample(tmp_path, threads, before):
    # A note of 1.5 MB (many lines, each of 7 words a space apart) in the
    # first record, or after a few: the first 256 KiB end inside it, where
    # splitting at spaces found 7 columns on every line. The sample grows
    # until the value closes, and the table is read as written.
    note = "\n".join(f"line {i} of the note, with words" for i in range(50_000))
    rows = "".join(f"{i},x,{i}\n" for i in range(-before, 0))
    name = write(tmp_path / "notes.csv",
                 f'id,note,n\n{rows}1,"{note}",5\n2,"short, quoted",6\n3,plain,7\n'.encode())
    code, out, err, _ = weir(["-j", threads, "count", name], tmp_path)
    assert (code, out, err) == (0, f"count\n{before + 3}\n".encode(), "")
    (tmp_path / "notes.csv").write_text(f'id,note,n\n1,"{note}",5\n2,"short, quoted",6\n3,plain,7\n')
    expected = b'{"id":1,"n":5}\n{"id":2,"n":6}\n{"id":3,"n":7}\n'
    code, out, err, _ = weir(["-j", threads, "--to", "jsonl", "cut", "-f", "id,n", name], tmp_path)
    assert (code, out, err) == (0, expected, "")
    code, out, err, _ = weir(["-j", threads, "--to", "jsonl", "cut", "-f", "id,n", "-"], tmp_path,
                             stdin=tmp_path / "notes.csv")
    assert (code, out, err) == (0, expected, "")
    code, out, err, _ = weir(["-j", threads, "--to", "jsonl", "derive", "len=strlen(note)", "then", "cut", "-f",
                              "id,len", name], tmp_path)
    assert (code, out, err) == (0, f'{{"id":1,"len":{len(note)}}}\n{{"id":2,"len":13}}\n{{"id":3,"len":5}}\n'
                                .encode(), "")


@quick
@pytest.mark.parametrize("threads", ["1", "2"])
def test_quoted_values_past_a_sample_without_quotes(tmp_path, threads):
    # The first 256 KiB hold no quote, so no quoting could be seen; the
    # quoted values after them are read as RFC 4180 writes them (they were
    # read with their quotes in them, and a quoted comma split the row)
    rows = "".join(f"{i},name{i},{i * 3}\n" for i in range(20_000))
    tail = '20000,"say ""hi""",7\n20001,"Smith, John",8\n20002,"two\nlines",9\n'
    name = write(tmp_path / "late.csv", ("id,name,val\n" + rows + tail).encode())
    code, out, err, _ = weir(["-j", threads, "--to", "jsonl", "tail", "-n", "3", name], tmp_path)
    assert (code, err) == (0, "")
    assert out == (b'{"id":20000,"name":"say \\"hi\\"","val":7}\n{"id":20001,"name":"Smith, John","val":8}\n'
                   b'{"id":20002,"name":"two\\nlines","val":9}\n')


# ---------------------------------------------------------------- compressed


def gzip_bomb(path, gigabytes):
    """gigabytes of zeros in a small file: one 16 MiB gzip member, repeated."""
    member = gzip.compress(b"\0" * (16 << 20), compresslevel=9)
    with open(path, "wb") as f:
        for _ in range(int(gigabytes * 64)):
            f.write(member)


@slow
def test_gzip_bomb(tmp_path):
    gzip_bomb(tmp_path / "bomb.csv.gz", 1)
    code, out, err, _ = weir(["count", "bomb.csv.gz"], tmp_path)
    assert (code, out) == (3, b"")
    assert first_line(err).startswith("weir: bomb.csv.gz: gzip data expanding more than 1000 times (")
    assert first_line(err).endswith("): a decompression bomb? (--max-ratio N raises the limit, 0 removes it)")


@slow
def test_zstd_bomb(tmp_path):
    plain = tmp_path / "zeros"
    write(plain, b"\0" * (16 << 20))
    subprocess.run(["zstd", "-q", "-19", str(plain), "-o", str(tmp_path / "one.zst")], check=True)
    member = (tmp_path / "one.zst").read_bytes()
    write(tmp_path / "bomb.zst", member * 64)
    code, out, err, _ = weir(["--from", "lines", "count", "bomb.zst"], tmp_path)
    assert (code, out) == (3, b"")
    assert first_line(err).startswith("weir: bomb.zst: zstd data expanding more than 1000 times (")


@quick
def test_truncated_gzip(tmp_path):
    data = gzip.compress("".join(f"{i},{random.Random(i).random()}\n" for i in range(20000)).encode())
    write(tmp_path / "cut.csv.gz", data[: len(data) // 2])
    code, out, err, _ = weir(["count", "cut.csv.gz"], tmp_path)
    assert (code, out) == (3, b"")
    assert first_line(err) == "weir: cut.csv.gz: truncated gzip data (the file ends in the middle of the stream)"


@quick
@pytest.mark.parametrize("threads", ["1", "2"])
def test_gzip_with_bytes_after_it(tmp_path, threads):
    # A small .gz with bytes after its one member: the records in it are
    # written before the error (its fault came with the sniffer's sample,
    # which lost them); zeros after it (a tar block's padding) are its end,
    # as gzip -d reads them
    data = gzip.compress(b"a,b\n1,2\n3,4\n")
    write(tmp_path / "zeros.csv.gz", data + bytes(512))
    write(tmp_path / "junk.csv.gz", data + b"junk")
    code, out, err, _ = weir(["-j", threads, "cat", "zeros.csv.gz"], tmp_path)
    assert (code, out, err) == (0, b"a,b\n1,2\n3,4\n", "")
    code, out, err, _ = weir(["-j", threads, "cat", "junk.csv.gz"], tmp_path)
    assert (code, out) == (3, b"a,b\n1,2\n3,4\n")
    assert err == (f"weir: junk.csv.gz: bytes after the gzip data that are not gzip (from byte {len(data)} on): "
                   "gzip -d drops them as trailing garbage; a member damaged at its start looks the same\n")
    write(tmp_path / "cut.csv.gz", data[:-3])
    code, out, err, _ = weir(["-j", threads, "cat", "cut.csv.gz"], tmp_path)
    assert (code, out) == (3, b"a,b\n1,2\n3,4\n")
    assert err == "weir: cut.csv.gz: truncated gzip data (the file ends in the middle of the stream)\n"


@slow
def test_1gib_line_in_small_gz(tmp_path):
    # known before: `weir head -n 1` took 5.2 GB; the ratio guard stops it
    # first, and with the guard off the record size bounds the memory
    gzip_bomb(tmp_path / "line.gz", 1)
    code, out, err, _ = weir(["--from", "lines", "head", "-n", "1", "line.gz"], tmp_path)
    assert code == 3 and out == b""
    assert "gzip data expanding more than 1000 times" in first_line(err)
    code, out, err, peak = weir(["--from", "lines", "--max-ratio", "0", "head", "-n", "1", "line.gz"], tmp_path)
    assert (code, out) == (3, b"")
    assert first_line(err) == "weir: line.gz:1:1: a record longer than 67108864 bytes (--max-record-size)"
    assert peak < 1 << 30


@slow
def test_1gib_line_skipped(tmp_path):
    # a 256 MiB line (a quarter of the one above: skipping means decompressing it all)
    gzip_bomb(tmp_path / "line.gz", 0.25)
    with open(tmp_path / "line.gz", "ab") as f:
        f.write(gzip.compress(b"\nafter\n"))
    code, out, err, peak = weir(["--from", "lines", "--max-ratio", "0", "--on-error", "skip", "cat", "line.gz"],
                                tmp_path)
    assert (code, out) == (0, b"after\n")
    assert "1 rejected (1 too-large)" in err


# ---------------------------------------------------------------- expressions


def config_with_filter(tmp_path, expr):
    """A config holding a filter: a command-line argument is limited to 128 KiB."""
    write(tmp_path / "in.csv", b"a\n1\n")
    write(tmp_path / "weir.json", json.dumps({"version": 1, "pipeline": [{"filter": expr}]}).encode())


@quick
def test_50000_deep_parentheses(tmp_path):
    config_with_filter(tmp_path, "(" * 50_000 + "a" + ")" * 50_000)
    code, out, err, _ = weir(["run", "-c", "weir.json", "in.csv"], tmp_path)
    assert (code, out) == (2, b"")
    assert err.split("\n")[:3] == [
        "weir: weir.json: pipeline[0].filter: the expression nests too deeply (more than 256 levels) (column 257)",
        "  ..." + "(" * 120 + "...",
        "  " + " " * 63 + "^",
    ]


@quick
def test_long_operator_chain(tmp_path):
    config_with_filter(tmp_path, "a" + "+1" * 100_000 + " > 0")
    code, out, err, _ = weir(["run", "-c", "weir.json", "in.csv"], tmp_path)
    assert (code, out) == (2, b"")
    assert first_line(err) == ("weir: weir.json: pipeline[0].filter: the expression is too deep to evaluate (more "
                               "than 2000 operations inside one another) (column 4000)")


@quick
def test_expression_too_long(tmp_path):
    config_with_filter(tmp_path, "a == '" + "x" * (1 << 20) + "'")
    code, out, err, _ = weir(["run", "-c", "weir.json", "in.csv"], tmp_path)
    assert (code, out) == (2, b"")
    assert first_line(err) == ("weir: weir.json: pipeline[0].filter: the expression is longer than 1048576 bytes "
                               "(column 1048577)")


@quick
def test_catastrophic_backtracking_regex(tmp_path):
    # (a+)+$ takes exponential time in a backtracking engine on a^n b; RE2 is linear
    name = write(tmp_path / "in.txt", ("a" * 20_000 + "b\n").encode() * 200)
    code, out, err, _ = weir(["--from", "lines", "filter", "line =~ '(a+)+$'", "then", "count", name], tmp_path)
    assert (code, out, err) == (0, b"0\n", "")
    code, out, err, _ = weir(["--from", "lines", "grep", "(x+x+)+y", "then", "count", name], tmp_path)
    assert (code, out, err) == (0, b"0\n", "")


@quick
def test_regex_too_big(tmp_path):
    name = write(tmp_path / "in.csv", b"a\n1\n")
    code, out, err, _ = weir(["filter", "a =~ '\\pL{1000}'", name], tmp_path)
    assert (code, out) == (2, b"")
    assert first_line(err) == ("weir: filter: invalid regular expression: pattern too large - compile failed "
                               "(column 6)")
