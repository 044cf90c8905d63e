"""`weir check` reports against their published schemas.

report_demo (built from report_demo.cpp) writes a fixed check run in each
report format; the SARIF report must validate against the OASIS SARIF 2.1.0
JSON Schema and the JUnit report against the XSD Jenkins' xUnit plugin uses.
Run by ctest (check/report_schema), which sets WEIR_REPORT_DEMO and
WEIR_TEST_DATA.
"""

import json
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from lxml import etree

DEMO = os.environ["WEIR_REPORT_DEMO"]
DATA = Path(os.environ["WEIR_TEST_DATA"])


def report(fmt: str) -> bytes:
    return subprocess.run([DEMO, fmt], check=True, capture_output=True).stdout


@pytest.fixture(scope="module")
def sarif():
    return json.loads(report("sarif"))


def test_sarif_is_valid_against_the_schema(sarif):
    schema = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_sarif_results_point_at_their_rules(sarif):
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    assert "malformed" in ids  # only in a violation, not among the rules begun with
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"access.csv", "logs/we%3Aird,name%20100%25.csv"}
    # relative references (the schema's "uri-reference" format is not checked
    # without rfc3987): only URI characters, no scheme
    for uri in uris:
        assert re.fullmatch(r"[A-Za-z0-9._~!$&'()*+,;=@/%-]+", uri), uri
        assert urlsplit(uri).scheme == ""


def test_junit_is_valid_against_the_xsd():
    schema = etree.XMLSchema(etree.parse(str(DATA / "junit" / "junit-10.xsd")))
    document = etree.fromstring(report("junit"))
    schema.assertValid(document)
    suites = document.findall("testsuite")
    assert [s.get("name") for s in suites] == ["access.csv", "logs/we:ird,name 100%.csv", "clean.csv"]
    failures = document.findall("testsuite/testcase/failure")
    assert int(document.get("failures")) == len(failures) == 4
    # the message survives XML escaping
    assert any("café <&> ✓ 50%, a:b" in f.text for f in failures)


def test_json_lines_parse_and_end_with_the_summary():
    lines = report("json").decode().splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["rule"] for o in objects[:-1]] == [
        "status-known", "bytes-positive", "malformed", "note-me", "status-known"]
    assert objects[-1]["summary"]["errors"] == 3
    assert objects[1]["message"] == 'bytes is "-1"\nsee docs'


# The same schemas over what the weir binary itself writes: the example
# config (schema, expression and Python hook rules) over the bundled data.
WEIR = os.environ.get("WEIR")
ROOT = Path(__file__).resolve().parents[2]


def weir_check(fmt: str, tmp_path: Path) -> bytes:
    out = tmp_path / f"report.{fmt}"
    subprocess.run([WEIR, "check", "-c", str(ROOT / "examples" / "check.json"), "--fail-on", "never",
                    "--report", f"{fmt}:{out}", str(ROOT / "examples")],
                   check=True, capture_output=True, cwd=tmp_path)
    return out.read_bytes()


@pytest.mark.skipif(not WEIR, reason="WEIR (the weir binary) is not set")
def test_weir_check_sarif_is_valid(tmp_path):
    sarif = json.loads(weir_check("sarif", tmp_path))
    schema = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    results = sarif["runs"][0]["results"]
    rules = {r["ruleId"] for r in results}
    # the config's rules of every kind fail somewhere in the bundled data
    assert {"schema.max", "status-known", "slow-api", "valid-ip", "bots-only-read"} <= rules


@pytest.mark.skipif(not WEIR, reason="WEIR (the weir binary) is not set")
def test_weir_check_junit_is_valid(tmp_path):
    schema = etree.XMLSchema(etree.parse(str(DATA / "junit" / "junit-10.xsd")))
    document = etree.fromstring(weir_check("junit", tmp_path))
    assert schema.validate(document), schema.error_log
    suites = [suite.get("name") for suite in document.iter("testsuite")]
    assert [Path(s).name for s in suites] == ["access.csv", "access.jsonl.gz"]
