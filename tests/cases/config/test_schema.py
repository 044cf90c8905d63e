"""The JSON Schema (printed by `weir config schema`: config/schema_base.json with
the verbs from the stage registry; config/weir.schema.json is its copy) agrees with weir's own checks, with Debian's python3-jsonschema:

- every config weir accepts (examples/, the case folders here) the schema accepts;
- every config weir rejects the schema rejects too, except for the problems a
  schema cannot see (listed in SCHEMA_BLIND, with the reason);
- the schema names exactly the verbs and options of `weir help VERB`;
- small configs for each section, one mistake each, are rejected by both, and
  good ones accepted by both (test_schema_rejects, test_schema_accepts).

Run by ctest (config/schema) with WEIR (the binary) and WEIR_ROOT (the source).
"""
import json
import os
import pathlib
import re
import subprocess

import jsonschema
import pytest

WEIR = os.environ.get("WEIR", "weir")
ROOT = pathlib.Path(os.environ.get("WEIR_ROOT", pathlib.Path(__file__).resolve().parents[3]))
CASES = ROOT / "tests" / "cases" / "config"

# Configs weir rejects for reasons beyond a schema: expression syntax, files
# that do not exist, values a stage checks (counts, aggregates), key order,
# duplicate keys, unique rule ids and field names, min above max, RE2
# patterns, a message's unclosed '{', check.ignore naming no rule or tag.
SCHEMA_BLIND = {
    "0021-key-given-twice/weir.json": "a key given twice (JSON parsers keep the last one)",
    "0084-rule-expressions/weir.json": "expression syntax, and a message's unclosed '{'",
    "0101-hook-modes-exclude-each-other/weir.json": "more than one of a hook's batch, decode and encode set true",
}


def schema():
    text = subprocess.run([WEIR, "config", "schema"], check=True, capture_output=True, text=True).stdout
    shipped = (ROOT / "config" / "weir.schema.json").read_text()
    assert text == shipped, "config/weir.schema.json is stale: weir config schema > config/weir.schema.json"
    parsed = json.loads(text)
    jsonschema.Draft7Validator.check_schema(parsed)
    return parsed


SCHEMA = schema()


def configs():
    found = sorted(ROOT.glob("examples/**/*.json")) + sorted(CASES.glob("*/**/*.json"))
    return [p for p in found if p.is_file()]


def weir_accepts(path):
    result = subprocess.run([WEIR, "config", "validate", "-c", str(path)], capture_output=True, text=True)
    assert result.returncode in (0, 2), result.stderr
    return result.returncode == 0


def schema_errors(document):
    return [e.message for e in jsonschema.Draft7Validator(SCHEMA).iter_errors(document)]


@pytest.mark.parametrize("path", configs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_schema_agrees_with_weir(path):
    name = str(path.relative_to(CASES)) if CASES in path.parents else str(path)
    try:
        document = json.loads(path.read_text())
    except ValueError:
        assert not weir_accepts(path), "weir accepts a file that is not JSON"
        return
    errors = schema_errors(document)
    if weir_accepts(path):
        assert errors == [], f"weir accepts {name}, the schema does not"
    elif name in SCHEMA_BLIND:
        assert errors == [], f"{name} is listed in SCHEMA_BLIND but the schema rejects it"
    else:
        assert errors, f"weir rejects {name}, the schema accepts it"


def test_examples_exist():
    assert list(ROOT.glob("examples/**/*.json")), "no example config in examples/"


def registry():
    """{verb: {option: takes_value}} from `weir --help` and `weir help VERB`."""
    main_help = subprocess.run([WEIR, "--help"], check=True, capture_output=True, text=True).stdout
    verbs_section = main_help.split("\nVerbs:\n", 1)[1].split("\n\n", 1)[0]
    verbs = {}
    for line in verbs_section.splitlines():
        verb = line.split()[0]
        text = subprocess.run([WEIR, "help", verb], check=True, capture_output=True, text=True).stdout
        options = {}
        if "\nOptions:\n" in text:
            for opt in text.split("\nOptions:\n", 1)[1].split("\n\n", 1)[0].splitlines():
                m = re.match(r"\s+(?:-\w+, )?\s*--([\w-]+)( [A-Z]+)?", opt)
                if m:
                    options[m.group(1)] = bool(m.group(2))
        verbs[verb] = options
    # known to the config even without Python
    verbs.setdefault("hook", {"batch": False, "decode": False, "encode": False})
    return verbs


def test_schema_names_every_verb_and_option():
    entries = {e["title"]: e for e in SCHEMA["definitions"]["stage"]["oneOf"]}
    verbs = registry()
    assert sorted(entries) == sorted(verbs)
    for verb, options in verbs.items():
        props = entries[verb]["properties"]
        siblings = {k: v for k, v in props.items() if k != verb}
        if props[verb].get("type") == "object":  # a verb without arguments: options in its object
            assert set(props[verb]["properties"]) == set(options), verb
        assert set(siblings) == set(options), verb
        for option, takes_value in options.items():
            assert (siblings[option].get("type") == "boolean") != takes_value, f"{verb}.{option}"


@pytest.mark.parametrize(
    "document",
    [
        {"version": 1, "pipeline": [{"fliter": "x"}]},
        {"version": 1, "input": {"delimter": ";"}},
        {"version": 1, "pipeline": [{"hook": "enrich"}]},
        {"version": 1, "pipeline": [{"filter": "x", "invrt": True}]},
        {"version": 1, "pipeline": [{"head": 5}]},
        {"version": 1, "errors": {"policy": "quarantine"}},
        {"version": 2},
        {"pipeline": []},
        {"version": 1, "rules": [{"id": "r", "expr": "x", "hook": "a.py:f"}]},
        # rules
        {"version": 1, "rules": [{"id": "slow api", "expr": "x"}]},
        {"version": 1, "rules": [{"id": "schema.type", "expr": "x"}]},
        {"version": 1, "rules": [{"id": "malformed", "expr": "x"}]},
        {"version": 1, "rules": [{"id": "r", "expr": "x", "severity": "fatal"}]},
        {"version": 1, "rules": [{"id": "r", "expr": "x", "tags": "http"}]},
        # schema
        {"version": 1, "schema": {"headers": "exact"}},
        {"version": 1, "schema": {"header": "strict"}},
        {"version": 1, "schema": {"header": "exact"}},
        {"version": 1, "schema": {"header": "ordered", "fields": []}},
        {"version": 1, "schema": {"columns": 0}},
        {"version": 1, "schema": {"columns": 2.5}},
        {"version": 1, "schema": {"fields": [{"name": "a", "max_length": 1.5}]}},
        {"version": 1, "schema": {"columns": "same"}},
        {"version": 1, "schema": {"severity": "warn"}},
        {"version": 1, "schema": {"fields": [{"type": "int"}]}},
        {"version": 1, "schema": {"fields": [{"name": "a", "typ": "int"}]}},
        {"version": 1, "schema": {"fields": [{"name": "a", "type": "text"}]}},
        {"version": 1, "schema": {"fields": [{"name": "a", "type": "enum"}]}},
        {"version": 1, "schema": {"fields": [{"name": "a", "type": "enum", "values": []}]}},
        {"version": 1, "schema": {"fields": [{"name": "a", "type": "string", "values": ["x"]}]}},
        {"version": 1, "schema": {"fields": [{"name": "a", "values": ["x"]}]}},
        {"version": 1, "schema": {"fields": [{"name": "a", "type": "string", "min": 1}]}},
        {"version": 1, "schema": {"fields": [{"name": "a", "max": 1}]}},
        {"version": 1, "schema": {"fields": [{"name": "a", "type": "int", "format": "%Y"}]}},
        {"version": 1, "schema": {"fields": [{"name": "a", "min_length": -1}]}},
        {"version": 1, "schema": {"fields": [{"name": "a", "required": "yes"}]}},
        {"version": 1, "schema": {"unique": ["a"]}},
        {"version": 1, "schema": {"unique": [[]]}},
        {"version": 1, "schema": {"unique": [["a", "a"]]}},
        # check
        {"version": 1, "check": {"fail-on": "error"}},
        {"version": 1, "check": {"fail_on": "warnings"}},
        {"version": 1, "check": {"include": "*.csv"}},
        {"version": 1, "check": {"exclude": [""]}},
        {"version": 1, "check": {"max_violations": 0}},
        {"version": 1, "check": {"ignore": [{"rules": ["r"]}]}},
        {"version": 1, "check": {"ignore": [{"files": "a/**"}]}},
        {"version": 1, "check": {"ignore": [{"files": "a/**", "rules": []}]}},
        {"version": 1, "check": {"ignore": [{"files": "a/**", "rules": ["r"], "why": "old"}]}},
    ],
)
def test_schema_rejects(document, tmp_path):
    """The schema rejects each of these, and so does weir."""
    assert schema_errors(document)
    path = tmp_path / "weir.json"
    path.write_text(json.dumps(document))
    assert not weir_accepts(path), f"the schema rejects {document}, weir accepts it"


@pytest.mark.parametrize(
    "document",
    [
        {"version": 1, "rules": [{"id": "a.b_c-1", "expr": "x > 1", "severity": "info", "when": "y", "tags": []}]},
        {"version": 1, "schema": {}},
        {"version": 1, "schema": {"header": "present", "columns": "constant", "severity": "info", "unique": []}},
        {"version": 1, "schema": {"header": "exact", "columns": 3, "fields": [{"name": "a"}]}},
        {"version": 1, "schema": {"fields": [
            {"name": "a", "type": "integer", "min": 0, "max": 1.5, "required": True, "unique": True},
            {"name": "b", "type": "enum", "values": ["x", "y"]},
            {"name": "c", "type": "date", "format": "%d/%m/%Y"},
            {"name": "d", "pattern": "^[a-z]+$", "min_length": 0, "max_length": 8},
            {"name": "e", "type": "boolean"},
        ], "unique": [["a", "b"], ["zz"]]}},
        {"version": 1, "schema": {"columns": 3.0, "fields": [{"name": "a", "max_length": 8.0}]},
         "check": {"max_violations": 10.0}},
        {"version": 1, "check": {}},
        {"version": 1, "check": {"include": [], "exclude": ["vendor/**"], "fail_on": "never", "max_violations": 1}},
        {"version": 1, "schema": {"fields": [{"name": "a"}]},
         "check": {"ignore": [{"files": "legacy/**", "rules": ["schema", "schema.type", "malformed"]}]}},
    ],
)
def test_schema_accepts(document, tmp_path):
    """The schema accepts each of these, and so does weir."""
    assert schema_errors(document) == []
    path = tmp_path / "weir.json"
    path.write_text(json.dumps(document))
    assert weir_accepts(path), f"the schema accepts {document}, weir rejects it"
