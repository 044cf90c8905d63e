"""Cross-check: weir's answers equal Miller's on 200,000 generated rows.

The data comes from bench/gen_data.py (deterministic, seed 1) into a
temporary folder. Records are compared as parsed CSV, so the two tools'
quoting and number spelling do not matter; means are compared as floats.
Needs Miller (Debian's `miller`), installed by .ci/deps.sh.
"""
import csv
import io
import json
import os
import random
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


# ---------------------------------------------------------------- Miller's verbs
# Each verb weir takes from Miller, on 3,000 generated rows (CSV and JSON
# Lines), its records compared with Miller's as parsed JSON: keys in order,
# values as JSON reads them.


SMALL_ROWS = 3000


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crosscheck-verbs")
    for fmt in ("csv", "jsonl"):
        subprocess.run([sys.executable, str(ROOT / "bench" / "gen_data.py"), "--rows", str(SMALL_ROWS),
                        "--seed", "3", "--format", fmt, "-o", str(folder / f"rows.{fmt}")], check=True)
    # a lookup table for join: most countries once, one twice, one absent from
    # the data, and a row without the join field's value
    (folder / "countries.csv").write_text(
        "country,name,region\nUS,United States,NA\nDE,Germany,EU\nGB,Britain,EU\nFR,France,EU\n"
        "JP,Japan,AS\nIN,India,AS\nBR,Brazil,SA\nCA,Canada,NA\nDE,Deutschland,EU\nXX,Nowhere,--\n"
        ",Blank,--\nNL,Netherlands,EU\n")
    return folder


def records(*args):
    """The JSON Lines output as lists of (key, value), numbers as their text:
    weir types a column by its values (200 is "200" in a column that also
    holds GET), Miller each value, so 200 and "200" are the same value here;
    and an empty CSV value is null in weir's typed JSON and "" in Miller's."""
    done = subprocess.run(list(args), capture_output=True, check=True)
    return [[(k, "" if v is None else v)
             for k, v in json.loads(line, object_pairs_hook=list, parse_float=str, parse_int=str)]
            for line in done.stdout.decode("utf-8").splitlines() if line]


def same(weir_args, mlr_args, data, fmt="csv", at_least=1):
    path = str(data / f"rows.{fmt}")
    ours = records(WEIR, "--from", fmt, "--to", "jsonl", *weir_args, path)
    theirs = records(MLR, f"--i{fmt}", "--ojsonl", *mlr_args, path)
    assert len(ours) >= at_least
    assert len(ours) == len(theirs)
    for i, (a, b) in enumerate(zip(ours, theirs)):
        assert a == b, f"record {i}: weir {a} != mlr {b}"


@pytest.mark.parametrize("flags", [[], ["--np", "--ul"], ["--np", "--ur"], ["--ul", "--ur"], ["--lp", "L_", "--rp", "R_"]])
def test_join(small, flags):
    left = str(small / "countries.csv")
    same(["join", *flags, "-j", "country", "-f", left], ["join", *flags, "-j", "country", "-f", left], small)


# After join, --ifs and --implicit-csv-header say how LEFT is read, not the
# input (weir read the input so, and paired nothing); --lk keeps some of
# LEFT's fields
@pytest.mark.parametrize("flags", [["--ifs", ";", "-j", "country", "-f", "semi"],
                                   ["--ifs", "semicolon", "--ur", "-j", "country", "-f", "semi"],
                                   ["--implicit-csv-header", "-l", "1", "-r", "country", "-j", "country", "-f", "bare"],
                                   ["--lk", "region", "--ul", "-j", "country", "-f", "left"],
                                   ["--lk", "region,name", "-s", "-j", "country", "-f", "left"],
                                   ["--left-keep-field-names", "nosuch", "--np", "--ul", "-j", "country", "-f", "left"]],
                         ids=lambda a: " ".join(a))
def test_join_left_file_options(small, tmp_path, flags):
    countries = (small / "countries.csv").read_text()
    lefts = {"left": small / "countries.csv", "semi": tmp_path / "semi.csv", "bare": tmp_path / "bare.csv"}
    lefts["semi"].write_text(countries.replace(",", ";"))
    lefts["bare"].write_text(countries.split("\n", 1)[1])
    args = ["join", *[str(lefts[f]) if f in lefts else f for f in flags]]
    if "-s" in flags:  # (both sides sorted by the join field)
        path = tmp_path / "sorted.csv"
        path.write_bytes(subprocess.run([MLR, "--csv", "sort", "-f", "country", str(small / "rows.csv")],
                                        capture_output=True, check=True).stdout)
        lefts["left"] = tmp_path / "left-sorted.csv"
        lefts["left"].write_bytes(subprocess.run([MLR, "--csv", "sort", "-f", "country", str(small / "countries.csv")],
                                                 capture_output=True, check=True).stdout)
        args = ["join", *[str(lefts[f]) if f in lefts else f for f in flags]]
        ours = subprocess.run([WEIR, "--icsv", "--ocsv", *args, str(path)], capture_output=True, check=True).stdout
        theirs = subprocess.run([MLR, "--icsv", "--ocsv", *args, str(path)], capture_output=True, check=True).stdout
        assert ours == theirs
        return
    same(args, args, small)


def test_join_jsonl_input_other_names(small):
    left = str(small / "countries.csv")
    # LEFT is csv, the input jsonl: -i names LEFT's format (Miller needs it; weir also reads the extension)
    same(["join", "--ul", "-j", "c", "-l", "country", "-r", "country", "-i", "csv", "-f", left],
         ["join", "--ul", "-j", "c", "-l", "country", "-r", "country", "-i", "csv", "-f", left], small, "jsonl")


@pytest.mark.parametrize("args", [
    ["top", "-n", "3", "-f", "latency_ms"],
    ["top", "-n", "2", "-f", "latency_ms,status", "-g", "method,country"],
    ["top", "-n", "2", "-f", "latency_ms", "-g", "country", "-a"],
    ["top", "-n", "4", "-f", "latency_ms", "--min", "-o", "rank"],
    ["head", "-n", "2", "-g", "country"],
    ["tail", "-n", "3", "-g", "method,status"],
    ["step", "-a", "delta,shift,shift_lag,from-first,ratio,counter,rsum", "-f", "latency_ms,id", "-g", "method"],
    # (-o: Miller's JSON output would nest a name with a dot, latency_ms_ewma_0.1)
    ["step", "-a", "ewma", "-d", "0.1,0.5", "-o", "slow,fast", "-f", "latency_ms"],
    ["cut", "-f", "status,id,note"],
    ["cut", "-o", "-f", "status,id,note"],
    ["cut", "-x", "-f", "status,id,note"],
    ["cut", "-r", "-f", "^(st|pa),\"ID\"i"],
    ["count-distinct", "-f", "method,status"],
    ["count-distinct", "-u", "-f", "method,status"],
    ["count-distinct", "-n", "-f", "country"],
    ["uniq", "-g", "method,status", "-c"],
    ["uniq", "-f", "country", "-n"],
    ["uniq", "-g", "country", "-c", "-o", "n"],
    ["uniq", "-a", "-c", "-o", "k"],
    ["uniq", "-a", "-n"],
    ["uniq", "-g", "method", "-c", "-n"],
    ["count-similar", "-g", "method"],
    ["fill-down", "-f", "bytes"],
    ["fill-down", "--all"],
    ["fill-down", "-a", "--all"],
    ["fill-empty", "-v", "none"],
    ["reorder", "-f", "status,id"],
    # grep matches the line k=v,k=v as Miller's does
    ["grep", "method=POST"],
    ["grep", "-i", "-v", "^ID=1"],
    ["grep", "status=5..,"],
    ["reorder", "-e", "-f", "id,status"],
    ["template", "-f", "status,zzz,id", "--fill-with", "0"],
    ["sort-within-records"],
    ["regularize"],
    ["unsparsify", "-f", "zzz,id"],
    ["nothing"],
    ["nest", "--evar", ",", "-f", "path"],
    ["nest", "--explode", "--values", "--across-fields", "--nested-fs", "/", "-f", "path"],
    ["nest", "--explode", "--pairs", "--across-fields", "--nested-fs", "space", "--nested-ps", "/", "-f", "user_agent"],
    ["nest", "--explode", "--pairs", "--across-records", "--nested-fs", "space", "--nested-ps", "/", "-f", "user_agent"],
    ["sec2gmt", "latency_ms,bytes"],
    ["sec2gmt", "-1", "latency_ms"],
    ["sec2gmt", "-3", "latency_ms"],
    ["sec2gmt", "-9", "latency_ms"],
    ["sec2gmt", "--millis", "-6", "bytes,latency_ms"],
    ["sec2gmtdate", "bytes"],
    ["merge-fields", "-a", "count,sum,mean,min,max,var,stddev,meaneb,kurtosis,minlen,maxlen",
     "-f", "status,bytes,latency_ms,method", "-o", "m"],
    ["merge-fields", "-a", "null_count,distinct_count,mode,antimode,median,p10,p90", "-f", "note,status,bytes", "-o", "m"],
    ["merge-fields", "-i", "-a", "p25,median,p75", "-f", "bytes,latency_ms,id", "-o", "m"],
    ["merge-fields", "-k", "-a", "sum,count,max", "-r", "^(by|lat),id$", "-o", "m"],
    ["merge-fields", "-a", "sum,count,min", "-c", "tes,_ms,id"],
    ["merge-fields", "-k", "-a", "sum,count", "-c", "tes,_ms,\"ID\"i"],
    # (skewness: Go's math.Pow can differ from C's in the last digit, see
    # test_skewness; uif, uof: Miller 6.6 adds the fences to p25, not p75)
    ["summary"],
    ["summary", "-x", "skewness,uif,uof"],
    ["summary", "-a", "minlen,field_type,p25,median,iqr,lof,mode"],
    ["summary", "-x", "mode,field_type,skewness,uif,uof"],
    ["summary", "--transpose", "-a", "mean,max,null_count"],
    ["having-fields", "--at-least", "status,id"],
    ["having-fields", "--which-are", "status,id"],
    ["having-fields", "--at-most", "status,id"],
    ["having-fields", "--any-matching", "^sta"],
    ["having-fields", "--all-matching", "\"^[a-z_]+$\"i"],
    ["having-fields", "--none-matching", "^zz"],
    ["step", "-a", "shift_lead,slwin_2_2,delta,rsum", "-f", "latency_ms,id"],
    ["step", "-a", "slwin_0_3,shift_lead", "-f", "latency_ms"],
    # (a window more than one ahead with -g: Miller 6.6 drops the records of
    # a group shorter than the window, so only windows of one ahead here)
    ["step", "-a", "slwin_1_1,shift_lead,counter,slwin_2_0", "-f", "latency_ms", "-g", "method,country"],
    ["sort-within-records", "-r"],
    ["stats1", "-a", "count,null_count,distinct_count,mode,antimode,sum,mean,var,stddev,meaneb,kurtosis,min,max,"
     "minlen,maxlen", "-f", "status,bytes,latency_ms,method,note", "-g", "method"],
    ["stats1", "-a", "median,p10,p90,p25,p100,min,max", "-f", "latency_ms,bytes,note,path"],
    ["stats1", "-i", "-a", "p25,median,p75", "-f", "latency_ms,bytes", "-g", "status,method"],
    # fields and group fields by name regexes, in each record's order
    ["stats1", "-a", "sum,count,p50", "--fr", "^(lat|by)"],
    ["stats1", "-a", "count,max", "--fx", "^(id|ts|note)$", "--gr", "^meth"],
    ["stats1", "-a", "mean", "--grfx", "^(method|status)$"],
    ["stats1", "-a", "count", "--gx", "^[a-l]|^[n-z]", "--fr", '"LATENCY"i,^status$'],
    ["stats1", "-a", "sum", "-f", "bytes", "--fr", "^lat", "-g", "method", "--gr", "^country$"],
    ["top", "-n", "3", "-f", "latency_ms", "-F"],
    ["stats1", "-s", "-a", "sum,count,p50,max", "-f", "latency_ms,bytes", "-g", "method"],
    ["reorder", "-a", "status", "-f", "latency_ms,id"],
    ["reorder", "-b", "method", "-f", "note,method,status"],
    ["reorder", "-e", "-a", "path", "-f", "id"],
    ["sort", "-rt", "path", "-nr", "id"],
    ["step", "-F", "-a", "counter,rsum,delta", "-f", "status"],
    ["uniq", "-g", "method", "-n", "-o", "N"],
    ["uniq", "-a", "-n", "-o", "N"],
    # (bytes has empty values, which Miller's fraction and histogram stop at)
    ["fraction", "-f", "latency_ms"],
    ["fraction", "-f", "latency_ms,status", "-g", "method", "-p", "-c"],
    ["histogram", "-f", "latency_ms,status", "--lo", "0", "--hi", "2000", "--nbins", "20"],
    ["histogram", "-f", "latency_ms", "--lo", "10", "--hi", "500", "--nbins", "7", "-o", "h_"],
    ["histogram", "-f", "latency_ms,status", "--auto", "--nbins", "5"],
], ids=lambda a: " ".join(a))
def test_verb(small, args):
    # (every generated record has the same fields: some having-fields keep none)
    at_least = 0 if args[0] in ("nothing", "having-fields") else 1
    same(args, args, small, at_least=at_least)


@pytest.mark.parametrize("args", [["unsparsify"], ["fill-down", "-a", "-f", "bytes"],
                                  ["count-distinct", "-f", "bytes"], ["summary", "-x", "skewness,uif,uof"],
                                  ["merge-fields", "-a", "sum,max,mode", "-f", "status,bytes,method", "-o", "m"],
                                  ["having-fields", "--at-least", "note"],
                                  ["step", "-a", "shift_lead,slwin_1_1", "-f", "latency_ms", "-g", "status"],
                                  ["stats1", "-a", "count,null_count,sum,min,max,mode,p50", "-f", "bytes,note,latency_ms",
                                   "-g", "status"]],
                         ids=lambda a: " ".join(a))
def test_verb_jsonl(small, args):
    same(args, args, small, "jsonl")


# Numbers as Miller reads them from data, in every verb that reads them:
# 0x1F, -0x10, 0b101 and 0o17 are integers; 007, +5 and an integer past 64
# bits are text. (sort -nf, top, step, fraction, histogram and sec2gmt took
# 0x05 for text and 007 for 7.)
PREFIXED = "x,g\n10,a\n0x05,a\n2,b\n0x1F,b\n-0x10,a\n0b101,b\n0o17,a\n1.5,b\n"
SPELLED_AS_TEXT = "x\n10\n007\n2\n+5\n99999999999999999999\n1e1\n-007\n"


@pytest.mark.parametrize("args", [["sort", "-nf", "x"], ["sort", "-nr", "x"], ["top", "-f", "x", "-g", "g", "-a"],
                                  ["top", "-f", "x", "-n", "3", "--min"], ["step", "-a", "delta,rsum,ratio,counter", "-f", "x"],
                                  ["step", "-a", "ewma,slwin_1_1", "-d", "0.5", "-f", "x", "-g", "g"],
                                  ["fraction", "-f", "x", "-g", "g"], ["fraction", "-f", "x", "-p", "-c"],
                                  ["histogram", "-f", "x", "--lo", "-16", "--hi", "32", "--nbins", "6"],
                                  ["sec2gmt", "x"], ["sec2gmt", "-3", "x"], ["sec2gmtdate", "x"],
                                  ["format-values"], ["format-values", "-n"], ["format-values", "-i", "%08llx"],
                                  ["format-values", "-s", "[%s]"], ["json-stringify"]],
                         ids=lambda a: " ".join(a))
def test_prefixed_integers_are_numbers(tmp_path, args):
    (tmp_path / "rows.csv").write_text(PREFIXED)
    same_csv(args, tmp_path / "rows.csv")


# -s with Go's flags, width and precision, in characters (naïve is 5)
@pytest.mark.parametrize("spec", ["%08s", "%-6s|", "%6s", "%.2s", "%-8.3s]", "<%s>"])
def test_format_values_string_width(tmp_path, spec):
    (tmp_path / "rows.csv").write_text("a,b,n\nabc,3,1.5\nhello world,x,\nnaïve,é,7\n", encoding="utf-8")
    same_csv(["format-values", "-s", spec], tmp_path / "rows.csv")


def same_csv(args, path):
    """As same(), in CSV: Miller writes 0x05 into JSON as it came, unquoted."""
    ours = run(WEIR, "--icsv", "--ocsv", *args, str(path))
    theirs = run(MLR, "--icsv", "--ocsv", *args, str(path))
    assert ours and ours == theirs


@pytest.mark.parametrize("args", [["sort", "-nf", "x"], ["sort", "-nr", "x"], ["sort", "-nf", "x", "-f", "x"],
                                  ["sec2gmt", "x"], ["sec2gmt", "--millis", "x"]],
                         ids=lambda a: " ".join(a))
def test_leading_zeros_and_plus_are_text(tmp_path, args):
    (tmp_path / "rows.csv").write_text(SPELLED_AS_TEXT)
    same_csv(args, tmp_path / "rows.csv")


def test_json_strings_are_text_to_sort(tmp_path):
    (tmp_path / "rows.jsonl").write_text('{"b":"5"}\n{"b":3}\n{"b":"10"}\n{"b":16}\n')
    same(["sort", "-nf", "b"], ["sort", "-nf", "b"], tmp_path, "jsonl")


# rename by name, as Miller does it: each field of a record once, in
# order; a field whose new name another field has takes that field's place
# (weir renamed pair after pair: `rename a,b,b,c` made a into c)
RENAME_RECORDS = '{"a":1,"b":2,"z":3}\n{"c":6,"a":7}\n{"z":1,"b":2,"a":3}\n{"q":0}\n'


# (not `rename a,a`: Miller 6.6 drops the field, weir keeps it)
@pytest.mark.parametrize("pairs", ["a,b,b,c", "a,b,b,a", "b,a,a,b", "a,c,b,c", "x,a,a,b", "a,x,a,y", "z,a",
                                   "b,z,z,q", "c,z,z,c"])
def test_rename_pairs(tmp_path, pairs):
    (tmp_path / "rows.jsonl").write_text(RENAME_RECORDS)
    same(["rename", pairs], ["rename", pairs], tmp_path, "jsonl")


@pytest.mark.parametrize("pattern", ["d=null", "d=,", "e=$", "a=x,d"])
def test_grep_sees_json_null_as_miller_writes_it(tmp_path, pattern):
    # (weir's line held JSON null as an empty value: d=, where Miller's holds d=null)
    (tmp_path / "rows.jsonl").write_text('{"a":"x","d":null,"e":""}\n{"a":"y","d":1,"e":"z"}\n')
    ours = records(WEIR, "--from", "jsonl", "--to", "jsonl", "grep", pattern, str(tmp_path / "rows.jsonl"))
    theirs = records(MLR, "--ijsonl", "--ojsonl", "grep", pattern, str(tmp_path / "rows.jsonl"))
    assert ours == theirs


def test_fill_empty_number_in_a_text_column(tmp_path):
    # (weir wrote "0" in a column of text, as its text; its help and Miller say 0)
    (tmp_path / "rows.jsonl").write_text('{"a":1,"b":"x"}\n{"a":"","b":""}\n')
    done = subprocess.run([WEIR, "--ijsonl", "--ojsonl", "fill-empty", "-v", "0", str(tmp_path / "rows.jsonl")],
                          capture_output=True, check=True)
    assert done.stdout == b'{"a":1,"b":"x"}\n{"a":0,"b":0}\n'
    theirs = subprocess.run([MLR, "--ijsonl", "--ojsonl", "fill-empty", "-v", "0", str(tmp_path / "rows.jsonl")],
                            capture_output=True, check=True)
    assert [json.loads(line) for line in theirs.stdout.splitlines()] == [{"a": 1, "b": "x"}, {"a": 0, "b": 0}]


# %g without a precision as Miller (Go) writes it: the fewest digits that
# read back (weir wrote C's 6: 3.14159 for 3.14159265358979)
G_VALUES = "x\n3.14159265358979\n123456789.5\n0.0001\n0.00001\n1e21\n100000\n1000000\n1234567\n0.1\n1e-7\n-2.5\n100\n-0.0\n"


@pytest.mark.parametrize("spec", ["%g", "%.3g", "%10g", "%+g", "%lg", "%-12g"])
def test_fmtnum_g(tmp_path, spec):
    (tmp_path / "rows.csv").write_text(G_VALUES)
    same_csv(["put", f'$y = fmtnum($x, "{spec}")'], tmp_path / "rows.csv")


def test_format_values_g(tmp_path):
    (tmp_path / "rows.csv").write_text(G_VALUES)
    same_csv(["format-values", "-f", "%g"], tmp_path / "rows.csv")


def test_fill_empty_jsonl_nulls(small):
    # Miller's fill-empty fills empty text and leaves JSON null; weir's fills
    # null too unless --only-if-blank (weir help fill-empty)
    same(["fill-empty", "--only-if-blank"], ["fill-empty"], small, "jsonl")


def test_seqgen():
    for flags in (["--start", "1", "--stop", "10"], ["-f", "x", "--start", "5", "--stop", "-3", "--step", "-2"],
                  ["--start", "1", "--stop", "2", "--step", "0.1"], ["--start", "1", "--stop", "1", "--step", "0"]):
        ours = records(WEIR, "--to", "jsonl", "seqgen", *flags)
        theirs = records(MLR, "--ojsonl", "seqgen", *flags)
        assert ours == theirs, flags


def test_seqgen_then_a_verb():
    ours = records(WEIR, "--to", "jsonl", "seqgen", "--stop", "50", "then", "step", "-a", "shift_lead,rsum", "-f", "i")
    theirs = records(MLR, "--ojsonl", "seqgen", "--stop", "50", "then", "step", "-a", "shift_lead,rsum", "-f", "i")
    assert len(ours) == 50 and ours == theirs


def test_fill_empty_only_if_blank_is_millers_fill_empty(small):
    # Miller's fill-empty leaves JSON null alone; weir's does so with --only-if-blank
    path = str(small / "rows.jsonl")
    ours = records(WEIR, "--to", "jsonl", "fill-empty", "--only-if-blank", "-v", "X", path)
    theirs = records(MLR, "--ijsonl", "--ojsonl", "fill-empty", "-v", "X", path)
    assert ours == theirs


@pytest.mark.parametrize("args", [[], ["-n", "-f", "%.3lf", "-s", "[%s]"], ["-i", "%08llx", "-f", "%.2le"]],
                         ids=lambda a: " ".join(a))
def test_format_values_csv(small, args):
    # compared as CSV text: Miller's JSON output writes 00000001 and [] unquoted
    path = str(small / "rows.csv")
    ours = subprocess.run([WEIR, "format-values", *args, path], capture_output=True, check=True).stdout
    theirs = subprocess.run([MLR, "--csv", "format-values", *args, path], capture_output=True, check=True).stdout
    assert ours == theirs


def test_skewness(small):
    # the same formula and sums as Miller; Go's math.Pow may give a last digit apart
    path = str(small / "rows.csv")
    ours = records(WEIR, "--to", "jsonl", "summary", "-a", "skewness", path)
    theirs = records(MLR, "--icsv", "--ojsonl", "summary", "-a", "skewness", path)
    assert len(ours) == len(theirs) == 11
    for a, b in zip(ours, theirs):
        assert a[0] == b[0]
        if b[1][1] == "":
            assert a[1][1] == ""
        else:
            assert float(a[1][1]) == pytest.approx(float(b[1][1]), rel=1e-14)


def test_stats_percentiles_as_written(small):
    # weir's stats gives a percentile, and the min or max of one number, as
    # the input wrote it (latency_ms 13.460 stays 13.460), as Miller's stats1
    aggregates = "p10,p50,p90,min,max,count"
    same(["stats", "-a", aggregates, "-f", "latency_ms,bytes", "-g", "method,status"],
         ["stats1", "-a", aggregates, "-f", "latency_ms,bytes", "-g", "method,status"], small)


# Miller's main flags for formats, given to weir as they are: the same bytes
@pytest.mark.parametrize("flags", [
    ["--icsv", "--ojson", "head", "-n", "40", "then", "cut", "-f", "id,method,status,path"],
    ["--c2j", "sort", "-nr", "status", "then", "head", "-n", "5", "then", "cut", "-o", "-f", "status,id"],
    ["--c2p", "head", "-n", "20", "then", "cut", "-f", "id,method,path,status"],
    ["--icsv", "--opprint", "count", "-g", "method"],
    ["--c2x", "head", "-n", "5"],
    ["--c2m", "head", "-n", "5", "then", "cut", "-f", "id,path,user_agent"],
    ["--csv", "--implicit-csv-header", "--headerless-csv-output", "head", "-n", "3", "then", "cut", "-f", "1,4"],
], ids=lambda a: " ".join(a))
def test_miller_format_flags(small, flags):
    path = str(small / "rows.csv")
    ours = subprocess.run([WEIR, *flags, path], capture_output=True, check=True).stdout
    theirs = subprocess.run([MLR, *flags, path], capture_output=True, check=True).stdout
    assert ours == theirs


# Miller's default format, dkvp, read and written: the same bytes
@pytest.mark.parametrize("flags", [
    ["--d2c", "cat"],
    ["--idkvp", "--ojson", "head", "-n", "30"],
    ["--dkvp", "sort", "-nr", "status", "then", "head", "-n", "50"],
    ["--d2c", "stats1", "-a", "mean,count,max", "-f", "latency_ms", "-g", "method"],
    ["--dkvp", "--ifs", ";", "--ofs", "|", "cat"],
], ids=lambda a: " ".join(a))
def test_dkvp(small, flags, tmp_path):
    dkvp = tmp_path / "rows.dkvp"
    # (without note, whose "slow upstream, retried" splits at its comma: a field
    # named 12 that Miller's csv writer starts a new header for, and weir's
    # writes under the old one, as a CSV row's extra value)
    dkvp.write_bytes(subprocess.run([MLR, "--c2d", "cut", "-x", "-f", "note", str(small / "rows.csv")],
                                    capture_output=True, check=True).stdout)
    ours = subprocess.run([WEIR, *flags, str(dkvp)], capture_output=True, check=True).stdout
    theirs = subprocess.run([MLR, *flags, str(dkvp)], capture_output=True, check=True).stdout
    assert len(ours) > 100 and ours == theirs


# Miller's nidx: values by position, read and written: the same bytes
@pytest.mark.parametrize("flags", [
    # (JSON out: a csv writer gives records of more values than the first
    # a new header in Miller and puts them under the old one in weir)
    ["--inidx", "--ifs", " ", "--ojson", "head", "-n", "40"],
    ["--inidx", "--ojson", "head", "-n", "40"],
    ["--nidx", "cut", "-f", "1,3", "then", "head", "-n", "20"],
    ["--inidx", "--ifs", ",", "--ojson", "tail", "-n", "30"],
], ids=lambda a: " ".join(a))
def test_nidx(small, flags, tmp_path):
    nidx = tmp_path / "rows.nidx"
    # (values with spaces, user_agent and note, split into more values, as in Miller)
    nidx.write_bytes(subprocess.run([MLR, "--icsv", "--onidx", "--ofs", "," if "," in flags else " ", "cat",
                                     str(small / "rows.csv")], capture_output=True, check=True).stdout)
    ours = subprocess.run([WEIR, *flags, str(nidx)], capture_output=True, check=True).stdout
    theirs = subprocess.run([MLR, *flags, str(nidx)], capture_output=True, check=True).stdout
    assert len(ours) > 100
    if "--ojson" in flags:
        # (a position that holds a word in one of the records, where a value
        # with a comma moved the rest, is text in all of them in weir, as in
        # records(): the same bytes but for the quotes around its numbers)
        ours, theirs = (json.loads(text, object_pairs_hook=list, parse_float=str, parse_int=str)
                        for text in (ours, theirs))
    assert ours == theirs


def test_csv_to_nidx(small):
    path = str(small / "rows.csv")
    ours = subprocess.run([WEIR, "--c2n", "cat", path], capture_output=True, check=True).stdout
    theirs = subprocess.run([MLR, "--c2n", "cat", path], capture_output=True, check=True).stdout
    assert ours == theirs


def test_csv_to_dkvp(small):
    path = str(small / "rows.csv")
    ours = subprocess.run([WEIR, "--c2d", "cat", path], capture_output=True, check=True).stdout
    theirs = subprocess.run([MLR, "--c2d", "cat", path], capture_output=True, check=True).stdout
    assert ours == theirs


@pytest.mark.parametrize("args", [
    ["most-frequent", "-f", "method"],
    ["most-frequent", "-f", "method,status", "-n", "4", "-o", "N"],
    ["least-frequent", "-f", "country", "-b"],
    ["label", "a,b,c"],
], ids=lambda a: " ".join(a))
def test_frequent_and_label(small, args):
    path = str(small / "rows.csv")
    ours = subprocess.run([WEIR, *args, path], capture_output=True, check=True).stdout
    theirs = subprocess.run([MLR, "--csv", *args, path], capture_output=True, check=True).stdout
    assert ours == theirs


def test_miller_ojson_of_nested_json(tmp_path):
    # objects over lines, arrays of plain values on one line, as Miller lays them out
    path = tmp_path / "nested.jsonl"
    path.write_text('{"a":1,"b":{"x":2,"y":[1,2,{"z":3}]},"c":"s","d":[],"e":{},"f":[[1,2],[3]],"g":1.50}\n'
                    '{"a":2,"b":{"x":[]},"c":true,"d":null}\n')
    flags = ["--ijsonl", "--ojson", "cat"]
    ours = subprocess.run([WEIR, *flags, str(path)], capture_output=True, check=True).stdout
    theirs = subprocess.run([MLR, *flags, str(path)], capture_output=True, check=True).stdout
    assert ours == theirs


NESTED = (
    '{"id":1,"m":{"p":1,"q":{"r":[1,2,{"s":null}]},"e":{},"f":[]},"t":"{\\"a\\":[1,{\\"b\\":2}]}","u":"x"}\n'
    '{"id":2,"m":{"p":"two","q":{"r":[]}},"t":"[1, 2.50, true]","u":3}\n'
    '{"id":3,"m":[{"a":1},{"a":2}],"t":"7","u":null}\n')


# verbs over nested JSON, written as Miller's --ojson writes it: the same bytes
@pytest.mark.parametrize("args", [
    ["flatten"],
    ["flatten", "-s", ":"],
    ["flatten", "-f", "m"],
    ["flatten", "then", "unflatten"],
    ["flatten", "-s", ":", "then", "unflatten", "-s", ":"],
    ["json-stringify", "-f", "m"],
    ["json-stringify"],
    ["json-stringify", "then", "json-parse"],
    ["json-stringify", "--jvstack"],
    ["json-stringify", "--jvstack", "-f", "m", "then", "json-parse", "-f", "m"],
    ["json-stringify", "--jvstack", "--no-jvstack"],
    ["json-parse", "-f", "t"],
], ids=lambda a: " ".join(a))
def test_nested_json_verbs(tmp_path, args):
    path = tmp_path / "nested.jsonl"
    path.write_text(NESTED)
    ours = subprocess.run([WEIR, "--ijsonl", "--ojson", *args, str(path)], capture_output=True, check=True).stdout
    theirs = subprocess.run([MLR, "--ijsonl", "--ojson", *args, str(path)], capture_output=True, check=True).stdout
    assert ours == theirs


def test_flatten_to_csv_and_unflatten_back(tmp_path):
    path = tmp_path / "nested.jsonl"
    path.write_text(NESTED.splitlines()[0] + "\n")
    flat = subprocess.run([WEIR, "--ijsonl", "--ocsv", "flatten", str(path)], capture_output=True, check=True).stdout
    assert flat == subprocess.run([MLR, "--ijsonl", "--ocsv", "flatten", str(path)], capture_output=True, check=True).stdout
    (tmp_path / "flat.csv").write_bytes(flat)
    back = [subprocess.run([tool, "--icsv", "--ojson", "unflatten", str(tmp_path / "flat.csv")], capture_output=True,
                           check=True).stdout for tool in (WEIR, MLR)]
    assert back[0] == back[1]


@pytest.mark.parametrize("args", [
    ["split", "-g", "method"],
    ["split", "-g", "method,status", "--prefix", "part"],
    ["split", "-n", "1000"],
    # --suffix names the files; their format is the run's, or after split --otsv's
    ["split", "-n", "1000", "--suffix", "txt"],
    ["split", "-m", "3", "--otsv", "-v"],
], ids=lambda a: " ".join(a))
def test_split_writes_millers_files(small, tmp_path, args):
    path = str(small / "rows.csv")
    stdout = {}
    for tool in ("weir", "mlr"):
        (tmp_path / tool).mkdir()
        stdout[tool] = subprocess.run([WEIR if tool == "weir" else MLR, "--csv", *args, path], cwd=tmp_path / tool,
                                      check=True, capture_output=True).stdout
    ours = {p.name: p.read_bytes() for p in (tmp_path / "weir").iterdir()}
    theirs = {p.name: p.read_bytes() for p in (tmp_path / "mlr").iterdir()}
    assert len(ours) > 1 and ours == theirs
    assert stdout["weir"] == stdout["mlr"]


def test_tee_writes_millers_file(small, tmp_path):
    path = str(small / "rows.csv")
    outs = []
    for tool, exe in (("weir", WEIR), ("mlr", MLR)):
        folder = tmp_path / tool
        folder.mkdir()
        stdout = subprocess.run([exe, "--icsv", "--ocsv", "head", "-n", "300", "then", "tee", "copy.csv", "then",
                                 "count", "-g", "method", path], cwd=folder, capture_output=True, check=True).stdout
        outs.append((stdout, (folder / "copy.csv").read_bytes()))
    assert outs[0] == outs[1] and len(outs[0][1]) > 1000


# A verb's empty value for one it has not (no earlier value for shift, a
# group short of N, an aggregate of no numbers) is "" in JSON, as in Miller
@pytest.mark.parametrize("args", [
    ["step", "-a", "shift,shift_lag,shift_lead,delta,slwin_1_1", "-f", "a"],
    ["step", "-a", "shift", "-f", "a", "-g", "g", "then", "sort", "-nr", "a"],
    ["top", "-n", "3", "-f", "a", "-g", "g"],
    ["stats1", "-a", "mean,var,min,max,minlen,p50", "-f", "a,b", "-g", "g"],
    ["merge-fields", "-a", "mean,var,min,max", "-f", "a,b", "-o", "m"],
    ["summary"],
], ids=lambda a: " ".join(a))
def test_placeholders_in_json(tmp_path, args):
    path = tmp_path / "in.jsonl"
    path.write_text('{"a":1,"g":"x","b":"w"}\n{"a":4,"g":"x"}\n{"a":2,"g":"y","b":""}\n')
    ours = subprocess.run([WEIR, "--ijsonl", "--ojson", *args, str(path)], capture_output=True, check=True).stdout
    theirs = subprocess.run([MLR, "--ijsonl", "--ojson", *args, str(path)], capture_output=True, check=True).stdout
    assert ours == theirs


# Miller's sort flags on a column mixing numbers, empty values and other
# text, and records without it: the same order (-nf: numbers, empty, text by
# its bytes; -nr: all of that the other way round; the records without the
# field last, in input order)
@pytest.mark.parametrize("flags", [
    ["-nf", "x"], ["-nr", "x"], ["-f", "x"], ["-r", "x"], ["-c", "x"], ["-cr", "x"], ["-t", "x"], ["-tr", "x"],
    ["-nr", "x", "-f", "i"], ["-f", "g", "-nr", "x"],
    ["-nr", "x", "then", "head", "-n", "7"],
], ids=lambda a: " ".join(a))
def test_sort_flags_on_a_mixed_column(tmp_path, flags):
    lines = ['{"x": "zz", "i": 1, "g": "a"}', '{"x": 3, "i": 2, "g": "b"}', '{"i": 3, "g": "a"}',
             '{"x": "abc", "i": 4, "g": "a"}', '{"x": "", "i": 5, "g": "b"}', '{"x": -1.5, "i": 6, "g": "a"}',
             '{"x": "Mm", "i": 7, "g": "b"}', '{"x": 10, "i": 8, "g": "a"}', '{"x": "abc", "i": 9, "g": "b"}',
             '{"x": "", "i": 10, "g": "a"}', '{"i": 11, "g": "b"}', '{"x": "0x1F", "i": 12, "g": "a"}']
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    for spill in ([], ["--max-memory", "200"]):
        verb = ["sort", *spill, *flags] if spill and "then" not in flags else ["sort", *flags]
        ours = subprocess.run([WEIR, "--ijsonl", "--ojson", *verb, str(path)], capture_output=True, check=True).stdout
        theirs = subprocess.run([MLR, "--ijsonl", "--ojson", "sort", *flags, str(path)],
                                capture_output=True, check=True).stdout
        assert ours == theirs


# Miller's DSL in put and filter, as a Miller user writes it: the same CSV
@pytest.mark.parametrize("args", [
    ["put", "$sum = $status .+ $bytes; $diff = $bytes .- $status; $prod = $status .* 2"],
    ["put", "$a = substr($path, 0, 3); $b = substr0($method, -2, -1); $c = substr1($method, 1, 2)"],
    ["filter", "substr($path, 0, 3) == \"/api\""],
    ["filter", "$method !=~ \"^G\""],
    ["put", "$tau = M_PI * 2; $e = M_E"],
    # =~'s captures in the texts after it, for the rest of the record
    ["put", "$m = $path =~ \"^/([a-z]+)/v([0-9])(.*)$\"; $v = \"\\2-\\1\"; $all = \"<\\0>\"; $none = \"\\9\""],
    ["put", "$o = $method =~ \"^(P)(.*)$\" ? \"\\2/\\1\" : \"no:\\1\""],
    ["filter", "$path =~ \"/api/v([0-9])/\" && \"\\1\" == \"1\""],
    # Miller's fractional seconds in strftime: %1S to %9S
    ["put", "$t3 = strftime($id * 1000.125, \"%Y-%m-%dT%H:%M:%3SZ\"); $t6 = strftime($id + 0.5, \"%6S|%1S\")"],
    # a field the record does not have assigns nothing (Miller's absent)
    ["put", "$bytes = $Bytes; $z = $nosuch; $s2 = $status"],
], ids=lambda a: " ".join(a))
def test_dsl_as_miller_writes_it(small, args):
    path = str(small / "rows.csv")
    ours = subprocess.run([WEIR, "--icsv", "--ocsv", *args, "then", "head", "-n", "30", path],
                          capture_output=True, check=True).stdout
    theirs = subprocess.run([MLR, "--icsv", "--ocsv", *args, "then", "head", "-n", "30", path],
                            capture_output=True, check=True).stdout
    assert len(ours) > 100 and ours == theirs


# put on JSON Lines, as Miller runs it: the same JSON
@pytest.mark.parametrize("lines,statements", [
    # $f2 = $f keeps 1.50 and 1e3 as the input wrote them; a record without b keeps y
    ('{"f": 1.50, "e": 1e3, "n": -0.0, "y": "keep"}\n{"f": 2, "e": 0.1e-2, "b": 7, "y": "keep"}\n',
     "$f2 = $f; $e2 = $e; $n2 = $n; $y = $b; $c = $f > 1 ? $f : $e"),
    # a field the record lacks is Miller's absent: absent + x is x, and
    # assigning it assigns nothing (summing optional fields); not a . b alone:
    # Miller's result is text, "12", weir's reads as the number 12
    ('{"a": 5}\n{"a": 1, "b": 2}\n{"b": 3, "y": "keep"}\n{"y": "keep"}\n',
     "$c = $a + $b; $d = $b - $a; $e = $a * $b; $t = ($a . $b) . \"x\"; $y = $b; $n = -$b"),
], ids=["json-numbers-as-written", "absent-fields"])
def test_put_on_json_lines(tmp_path, lines, statements):
    path = tmp_path / "in.jsonl"
    path.write_text(lines)
    args = ["--ijsonl", "--ojson", "put", statements]
    ours = subprocess.run([WEIR, *args, str(path)], capture_output=True, check=True).stdout
    theirs = subprocess.run([MLR, *args, str(path)], capture_output=True, check=True).stdout
    assert ours == theirs


# tac, group-by, group-like and reshape: the same records in the same order
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize("args", [
    ["tac"],
    ["tac", "then", "head", "-n", "5"],
    ["group-by", "country"],
    ["group-by", "method,status"],
    ["group-by", "note"],
    ["group-like"],
    ["reshape", "-i", "status,bytes,latency_ms", "-o", "k,v"],
    ["reshape", "-r", "^(st|by)", "-r", "\"MS$\"i", "-o", "k,v"],
    ["cut", "-f", "country,method,status", "then", "reshape", "-s", "method,status"],
    ["reshape", "-i", "status,bytes", "-o", "k,v", "then", "reshape", "-s", "k,v"],
    ["reshape", "-s", "method,status"],
], ids=lambda a: " ".join(a))
def test_tac_group_by_group_like_reshape(small, fmt, args):
    same(args, args, small, fmt)


# the same on records of varying fields (missing, empty, null, in another
# order, a key naming another field): the same JSON
@pytest.mark.parametrize("args", [
    ["tac"],
    ["group-by", "a"],
    ["group-by", "b,a"],
    ["group-like"],
    ["reshape", "-i", "a,c", "-o", "k,v"],
    ["reshape", "-r", "^[bc]$", "-o", "k,b"],
    ["reshape", "-s", "k,v"],
    ["reshape", "-s", "k,v", "then", "group-like"],
], ids=lambda a: " ".join(a))
def test_tac_group_reshape_on_varying_records(tmp_path, args):
    import random
    rng = random.Random(7)
    lines = []
    for i in range(400):
        fields = [("a", rng.choice([1, 2, "", None, "x"])), ("b", rng.choice(["p", "q", ""])),
                  ("c", rng.choice([3, 4.5, "z"])), ("k", rng.choice(["a", "m", "n", "", "c"])),
                  ("v", rng.choice([i, "", None]))]
        fields = [f for f in fields if rng.random() < 0.8]
        if rng.random() < 0.3:
            rng.shuffle(fields)
        lines.append(json.dumps(dict(fields)))
    path = tmp_path / "varying.jsonl"
    path.write_text("\n".join(lines) + "\n")
    ours = subprocess.run([WEIR, "--ijsonl", "--ojson", *args, str(path)], capture_output=True, check=True).stdout
    theirs = subprocess.run([MLR, "--ijsonl", "--ojson", *args, str(path)], capture_output=True, check=True).stdout
    assert ours == theirs


# ---------------------------------------------------------------- remove-empty-columns, clean-whitespace, unspace,
# skip-trivial-records, altkv, gap, decimate, repeat, fill-down: on the generated rows (CSV and
# JSON Lines), and on JSON records made awkward: fields missing, empty or
# null, names with runs of spaces, values with tabs and line ends, names that
# clean or unspace into one another, numbers, objects


MORE_VERBS = [
    ["remove-empty-columns"], ["clean-whitespace"], ["clean-whitespace", "-k"], ["clean-whitespace", "-v"],
    ["clean-whitespace", "-k", "-v"], ["unspace"], ["unspace", "-k"], ["unspace", "-v", "-f", "."],
    ["unspace", "-f", ""], ["skip-trivial-records"], ["altkv"],
    ["gap", "-n", "7"], ["gap", "-g", "method"], ["gap", "-g", "method,status", "-n", "2"],
    ["decimate"], ["decimate", "-n", "7", "-b"], ["decimate", "-n", "3", "-g", "method,status"],
    ["decimate", "-n", "2", "-b", "-e", "-g", "status"],
    ["repeat", "-n", "3"], ["repeat", "-n", "2", "then", "cat", "-n"],
    # (awkward: a field missing after an empty one, which -a gives on)
    ["fill-down", "-f", "note,status,a"], ["fill-down", "-a", "-f", "note,status,a"],
]


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    rng = random.Random(5)
    # (no tab in a name: Miller's JSON output writes names unescaped)
    names = ["method", "status", " a", "a ", "a", "b  c", "b_c", " d  e ", "note"]
    values = ["", " ", "x", "  x  y ", "\tz\n", "1", " 2 ", "u v", "GET", "POST", 3, 2.5, None, True, {"k": " v "}]
    path = tmp_path_factory.mktemp("crosscheck-awkward") / "awkward.jsonl"
    with open(path, "w") as out:
        for _ in range(400):
            chosen = rng.sample(names, rng.randint(0, len(names)))
            out.write(json.dumps({name: rng.choice(values) for name in chosen}) + "\n")
    return path


@pytest.mark.parametrize("args", MORE_VERBS, ids=lambda a: " ".join(a))
def test_more_verbs_as_miller(small, awkward, args):
    # (altkv's names hold dots: Miller's JSON output of CSV input would nest them)
    theirs = ["--no-auto-unflatten", *args] if args[0] == "altkv" else args
    same(args, theirs, small)
    same(args, args, small, "jsonl")
    if args[0] == "altkv":
        return  # (an object as a name: Miller names it by its multi-line JSON text)
    ours = records(WEIR, "--ijsonl", "--ojsonl", *args, str(awkward))
    theirs = records(MLR, "--ijsonl", "--ojsonl", *args, str(awkward))
    assert len(ours) >= 3 and ours == theirs


@pytest.mark.parametrize("args", [["repeat", "-f", "n"], ["repeat", "-n", "2", "-f", "n"], ["repeat", "-f", "n", "-n", "2"]],
                         ids=lambda a: " ".join(a))
def test_repeat_counts_as_miller(tmp_path, args):
    # the count from a field: what Miller takes for an int (0x2, not 2.0, "2" in
    # JSON, " 2" or 007), as text (CSV) and as JSON values; a missing field
    rng = random.Random(11)
    counts = [2, "2", 2.0, "3.0", "0x2", "0b11", "007", "+2", " 2", -1, 0, "", None, True, "abc", 1, 3, "1e0"]
    rows = [{"i": i, **({} if i % 9 == 4 else {"n": rng.choice(counts)})} for i in range(300)]
    jsonl = tmp_path / "counts.jsonl"
    jsonl.write_text("".join(json.dumps(row) + "\n" for row in rows))
    text = tmp_path / "counts.csv"  # (None and True as the text null, true)
    text.write_text("i,n\n" + "".join(f"{row['i']},{json.dumps(row['n']).strip(chr(34)) if 'n' in row else ''}\n"
                                      for row in rows))
    ours = records(WEIR, "--from", "jsonl", "--to", "jsonl", *args, str(jsonl))
    theirs = records(MLR, "--ijsonl", "--ojsonl", *args, str(jsonl))
    assert len(ours) > 50 and ours == theirs
    # (CSV out: Miller's JSON would write the text 0x2 as a bare 0x2)
    ours = subprocess.run([WEIR, "--icsv", "--ocsv", *args, str(text)], capture_output=True, check=True).stdout
    theirs = subprocess.run([MLR, "--icsv", "--ocsv", *args, str(text)], capture_output=True, check=True).stdout
    assert ours.count(b"\n") > 50 and ours == theirs


def test_remove_empty_columns_as_miller(tmp_path):
    # columns empty in every row, in some, and in none; a header-only input writes nothing in both
    path = tmp_path / "in.csv"
    path.write_text("a,b,c,d\n" + "".join(f"{i},,{'x' if i % 5 == 0 else ''},{i % 3}\n" for i in range(50)))
    for verb in (["remove-empty-columns"], ["head", "-n", "4", "then", "remove-empty-columns"]):
        ours = subprocess.run([WEIR, "--icsv", "--ocsv", *verb, str(path)], capture_output=True, check=True).stdout
        theirs = subprocess.run([MLR, "--icsv", "--ocsv", *verb, str(path)], capture_output=True, check=True).stdout
        assert ours == theirs
