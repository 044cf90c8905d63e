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
import shutil
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


# GitHub's code scanning wants each rule's full description and help (the
# SARIF Multitool's rule GH2012 with --rule-kind "Sarif;Gh"): weir gives
# every rule a short and a full description and a help text.
def assert_rules_described(rules):
    assert rules
    for rule in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip(), (rule["id"], key)
        assert rule["fullDescription"]["text"].startswith(f"weir check rule '{rule['id']}' (")


def test_sarif_rules_have_descriptions_and_help(sarif):
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert_rules_described(rules.values())
    assert rules["bytes-positive"]["help"]["text"] == "Bytes must be positive."
    assert rules["no-nulls"]["shortDescription"]["text"] == "no-nulls"
    assert rules["no-nulls"]["fullDescription"]["text"] == "weir check rule 'no-nulls' (error)"
    assert rules["malformed"]["help"]["text"].startswith("A record breaks the rule 'malformed'.")


@pytest.mark.skipif(not WEIR, reason="WEIR (the weir binary) is not set")
def test_weir_check_sarif_rules_have_descriptions_and_help(tmp_path):
    sarif = json.loads(weir_check("sarif", tmp_path))
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert_rules_described(rules.values())
    # each kind of rule says what it asks: expression, hook, schema, the input's own
    assert rules["status-known"]["help"]["text"].startswith("Each record must make the expression `status in (")
    assert rules["valid-ip"]["help"]["text"].startswith("The Python function ")
    assert rules["schema.max"]["help"]["text"].startswith("The config's schema asks: at most their maximum: ")
    assert rules["ragged"]["help"]["text"].endswith(
        "The rule is weir's own: --ignore ragged (or check.ignore in the config) turns it off.")


def sarif_multitool():
    """Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool), when
    installed: $WEIR_SARIF_MULTITOOL or sarif-multitool on PATH. npm's
    wrapper runs the tool through a shell (which would split "Sarif;Gh"), so
    the tool itself is looked up beside it."""
    path = os.environ.get("WEIR_SARIF_MULTITOOL") or shutil.which("sarif-multitool")
    if not path:
        return None
    real = Path(path).resolve()
    if real.suffix == ".js":
        found = subprocess.run(["node", "-p", f"require({json.dumps(str(real.parent))})"],
                               capture_output=True, text=True)
        return found.stdout.strip() or None
    return str(real)


@pytest.mark.skipif(not WEIR or not sarif_multitool(), reason="the SARIF Multitool (npm) is not installed")
def test_sarif_multitool_with_githubs_rules_finds_no_error(tmp_path):
    # as a CI job runs it: from the repository's root, files named relative to it
    out = tmp_path / "weir.sarif"
    subprocess.run([WEIR, "check", "-c", "examples/check.json", "--fail-on", "never",
                    "--report", f"sarif:{out}", "examples"], check=True, capture_output=True, cwd=ROOT)
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1", DOTNET_CLI_TELEMETRY_OPTOUT="1")
    run = subprocess.run([sarif_multitool(), "validate", "--rule-kind", "Sarif;Gh", str(out)],
                         capture_output=True, text=True, env=env)
    errors = [line for line in run.stdout.splitlines() if re.search(r": error [A-Z]+[0-9]+:", line)]
    assert not errors, "\n".join(errors)
    assert "Analysis completed successfully" in run.stdout, run.stdout + run.stderr
