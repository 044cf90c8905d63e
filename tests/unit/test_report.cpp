// The reports of `weir check`: every format's exact output over the fixture
// run (tests/check/report_fixture.hpp), escaping, colour, the format table.
// The SARIF and JUnit output is also validated against their schemas, by
// tests/check/test_report_schema.py.

#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "core/check/report.hpp"
#include "core/errors/error.hpp"
#include "tests/check/report_fixture.hpp"

namespace weir::check {
namespace {

using test::fixture_options;
using test::fixture_rules;
using test::fixture_summary;
using test::fixture_violations;

// Everything `format` writes for the rules, violations and summary.
std::string report(std::string_view format, const std::vector<RuleInfo>& rules,
                   const std::vector<Violation>& violations, const Summary& summary,
                   const ReportOptions& options = {}) {
  std::string out;
  auto sink = string_sink(out);
  auto reporter = make_reporter(format, *sink, options);
  reporter->begin(rules);
  for (const auto& v : violations) reporter->add(v);
  reporter->finish(summary);
  return out;
}

std::string fixture_report(std::string_view format, const ReportOptions& options = fixture_options()) {
  return report(format, fixture_rules(), fixture_violations(), fixture_summary(), options);
}

Violation violation(std::string file, std::int64_t line, std::int64_t column, std::string rule,
                    Severity severity, std::string message) {
  Violation v;
  v.file = std::move(file);
  v.line = line;
  v.column = column;
  v.rule = std::move(rule);
  v.severity = severity;
  v.message = std::move(message);
  return v;
}

std::string usage_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no UsageError)";
}

}  // namespace

TEST_CASE("report formats, in help order", "[report]") {
  CHECK(report_formats() == std::vector<std::string_view>{"text", "json", "sarif", "junit", "github"});
}

TEST_CASE("an unknown report format is a usage error with a did-you-mean", "[report]") {
  std::string out;
  auto sink = string_sink(out);
  CHECK(usage_error([&] { make_reporter("xml", *sink, {}); }) ==
        "unknown report format 'xml'; report formats are: text, json, sarif, junit, github");
  CHECK(usage_error([&] { make_reporter("sarf", *sink, {}); }) ==
        "unknown report format 'sarf' (did you mean 'sarif'?); report formats are: text, json, sarif, "
        "junit, github");
  CHECK(usage_error([&] { parse_report_target("jsn:out.json"); }) ==
        "unknown report format 'jsn' (did you mean 'json'?); report formats are: text, json, sarif, "
        "junit, github");
}

TEST_CASE("report targets: FORMAT[:PATH], split at the first colon", "[report]") {
  auto target = parse_report_target("sarif:out/r.sarif");
  CHECK(target.format == "sarif");
  CHECK(target.path == "out/r.sarif");

  target = parse_report_target("text");
  CHECK(target.format == "text");
  CHECK(target.path == std::nullopt);

  // a path may hold colons; "-" is standard output
  CHECK(parse_report_target("junit:C:/ci/junit.xml").path == "C:/ci/junit.xml");
  CHECK(parse_report_target("json:-").path == std::nullopt);

  CHECK(usage_error([] { parse_report_target("sarif:"); }) ==
        "--report sarif:: missing the file after ':' (or leave out ':' for standard output)");
}

TEST_CASE("text: FILE:LINE:COL: SEVERITY[RULE] MESSAGE, control characters made visible", "[report]") {
  CHECK(fixture_report("text") ==
        "access.csv:12:31: error[status-known] unexpected status 999\n"
        "access.csv:13:1: warning[bytes-positive] bytes is \"-1\"\\nsee docs\n"
        "logs/we:ird,name 100%.csv: error[malformed] not UTF-8 \\x01 at byte 7\n"
        "logs/we:ird,name 100%.csv:2:5: info[note-me] caf\xC3\xA9 <&> \xE2\x9C\x93 50%, a:b\n"
        "access.csv:20:31: error[status-known] unexpected status 0\n");

  // an escape sequence in the data does not reach the terminal
  CHECK(report("text", {}, {violation("a\r.csv", 1, 2, "r", Severity::error, "\x1b[2Jgone\ttab\x7f")}, {}) ==
        "a\\r.csv:1:2: error[r] \\x1b[2Jgone\ttab\\x7f\n");
}

TEST_CASE("text: colours when asked for, none otherwise", "[report]") {
  std::vector<Violation> violations = {
      violation("a.csv", 3, 7, "r1", Severity::error, "bad"),
      violation("a.csv", 4, 1, "r2", Severity::warning, "odd"),
      violation("a.csv", 0, 1, "r3", Severity::info, "fyi"),
  };
  ReportOptions color;
  color.color = true;
  CHECK(report("text", {}, violations, {}, color) ==
        "\x1b[1ma.csv:3:7:\x1b[0m \x1b[31merror\x1b[0m\x1b[2m[r1]\x1b[0m bad\n"
        "\x1b[1ma.csv:4:1:\x1b[0m \x1b[33mwarning\x1b[0m\x1b[2m[r2]\x1b[0m odd\n"
        "\x1b[1ma.csv:\x1b[0m \x1b[36minfo\x1b[0m\x1b[2m[r3]\x1b[0m fyi\n");
  std::string plain = report("text", {}, violations, {});
  CHECK(plain ==
        "a.csv:3:7: error[r1] bad\n"
        "a.csv:4:1: warning[r2] odd\n"
        "a.csv: info[r3] fyi\n");
}

TEST_CASE("text: nothing at finish when nothing was found", "[report]") {
  CHECK(report("text", fixture_rules(), {}, fixture_summary()).empty());
}

TEST_CASE("json: a line per violation, then the summary", "[report]") {
  CHECK(
      fixture_report("json") ==
      R"({"file":"access.csv","line":12,"column":31,"rule":"status-known","severity":"error","message":"unexpected status 999","field":"status","record":"10.0.0.1,GET,999,512","fingerprint":"0123456789abcdef"}
{"file":"access.csv","line":13,"column":1,"rule":"bytes-positive","severity":"warning","message":"bytes is \"-1\"\nsee docs","field":null,"record":"10.0.0.2,GET,200,-1","fingerprint":"89abcdef01234567"}
{"file":"logs/we:ird,name 100%.csv","line":0,"column":1,"rule":"malformed","severity":"error","message":"not UTF-8 \u0001 at byte 7","field":null,"record":"","fingerprint":"fedcba9876543210"}
{"file":"logs/we:ird,name 100%.csv","line":2,"column":5,"rule":"note-me","severity":"info","message":"café <&> ✓ 50%, a:b","field":"naïve","record":"café,<&>","fingerprint":"00000000ffffffff"}
{"file":"access.csv","line":20,"column":31,"rule":"status-known","severity":"error","message":"unexpected status 0","field":"status","record":"10.0.0.3,GET,0,1","fingerprint":"1111222233334444"}
{"summary":{"errors":3,"warnings":1,"infos":1,"baselined":2,"files":3,"records":42,"seconds":0.25,"stopped_after":null}}
)");
}

TEST_CASE("json: the summary of a stopped run; text that is not UTF-8", "[report]") {
  Summary summary;
  summary.errors = 1;
  summary.files = {"a.csv"};
  summary.records = 7;
  summary.seconds = 1;
  summary.stopped_after = 1;
  Violation v = violation("a.csv", 7, 1, "r", Severity::error, "bad \xff byte");
  v.record = "\xe9t\xe9";  // Latin-1
  CHECK(
      report("json", {}, {v}, summary) ==
      R"({"file":"a.csv","line":7,"column":1,"rule":"r","severity":"error","message":"bad \ufffd byte","field":null,"record":"\ufffdt\ufffd","fingerprint":""}
{"summary":{"errors":1,"warnings":0,"infos":0,"baselined":0,"files":1,"records":7,"seconds":1,"stopped_after":1}}
)");
}

TEST_CASE("sarif: the tool, its rules (with those only violations name), a result per violation",
          "[report]") {
  CHECK(fixture_report("sarif") == R"sarif({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "weir",
          "version": "0.1.0",
          "informationUri": "https://example.org/weir",
          "rules": [
            {
              "id": "status-known",
              "shortDescription": {
                "text": "status in [200, 301, 404]"
              },
              "fullDescription": {
                "text": "weir check rule 'status-known' (error): status in [200, 301, 404]"
              },
              "help": {
                "text": "A record breaks the rule 'status-known' when this does not hold: status in [200, 301, 404]. Fix the record, or change the rule in the config (weir-config(5), RULES)."
              },
              "defaultConfiguration": {
                "level": "error"
              },
              "properties": {
                "tags": [
                  "http"
                ]
              }
            },
            {
              "id": "bytes-positive",
              "shortDescription": {
                "text": "bytes > 0"
              },
              "fullDescription": {
                "text": "weir check rule 'bytes-positive' (warning): bytes > 0"
              },
              "help": {
                "text": "Bytes must be positive."
              },
              "defaultConfiguration": {
                "level": "warning"
              }
            },
            {
              "id": "note-me",
              "shortDescription": {
                "text": "a \"quoted\" note"
              },
              "fullDescription": {
                "text": "weir check rule 'note-me' (info): a \"quoted\" note"
              },
              "help": {
                "text": "A record breaks the rule 'note-me' when this does not hold: a \"quoted\" note. Fix the record, or change the rule in the config (weir-config(5), RULES)."
              },
              "defaultConfiguration": {
                "level": "note"
              },
              "properties": {
                "tags": [
                  "style"
                ]
              }
            },
            {
              "id": "no-nulls",
              "shortDescription": {
                "text": "no-nulls"
              },
              "fullDescription": {
                "text": "weir check rule 'no-nulls' (error)"
              },
              "help": {
                "text": "A record breaks the rule 'no-nulls'. Fix the record, or change the rule in the config (weir-config(5), RULES)."
              },
              "defaultConfiguration": {
                "level": "error"
              }
            },
            {
              "id": "malformed",
              "shortDescription": {
                "text": "malformed"
              },
              "fullDescription": {
                "text": "weir check rule 'malformed' (error)"
              },
              "help": {
                "text": "A record breaks the rule 'malformed'. Fix the record, or change the rule in the config (weir-config(5), RULES)."
              },
              "defaultConfiguration": {
                "level": "error"
              }
            }
          ]
        }
      },
      "columnKind": "unicodeCodePoints",
      "results": [
        {
          "ruleId": "status-known",
          "ruleIndex": 0,
          "level": "error",
          "message": {
            "text": "unexpected status 999"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "access.csv"
                },
                "region": {
                  "startLine": 12,
                  "startColumn": 31,
                  "snippet": {
                    "text": "10.0.0.1,GET,999,512"
                  }
                }
              }
            }
          ],
          "partialFingerprints": {
            "weir/v1": "0123456789abcdef"
          }
        },
        {
          "ruleId": "bytes-positive",
          "ruleIndex": 1,
          "level": "warning",
          "message": {
            "text": "bytes is \"-1\"\nsee docs"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "access.csv"
                },
                "region": {
                  "startLine": 13,
                  "startColumn": 1,
                  "snippet": {
                    "text": "10.0.0.2,GET,200,-1"
                  }
                }
              }
            }
          ],
          "partialFingerprints": {
            "weir/v1": "89abcdef01234567"
          }
        },
        {
          "ruleId": "malformed",
          "ruleIndex": 4,
          "level": "error",
          "message": {
            "text": "not UTF-8 \u0001 at byte 7"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "logs/we%3Aird,name%20100%25.csv"
                }
              }
            }
          ],
          "partialFingerprints": {
            "weir/v1": "fedcba9876543210"
          }
        },
        {
          "ruleId": "note-me",
          "ruleIndex": 2,
          "level": "note",
          "message": {
            "text": "café <&> ✓ 50%, a:b"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "logs/we%3Aird,name%20100%25.csv"
                },
                "region": {
                  "startLine": 2,
                  "startColumn": 5,
                  "snippet": {
                    "text": "café,<&>"
                  }
                }
              }
            }
          ],
          "partialFingerprints": {
            "weir/v1": "00000000ffffffff"
          }
        },
        {
          "ruleId": "status-known",
          "ruleIndex": 0,
          "level": "error",
          "message": {
            "text": "unexpected status 0"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "access.csv"
                },
                "region": {
                  "startLine": 20,
                  "startColumn": 31,
                  "snippet": {
                    "text": "10.0.0.3,GET,0,1"
                  }
                }
              }
            }
          ],
          "partialFingerprints": {
            "weir/v1": "1111222233334444"
          }
        }
      ]
    }
  ]
}
)sarif");
}

TEST_CASE("sarif: an empty run; artifact URIs", "[report]") {
  ReportOptions no_version;
  CHECK(report("sarif", {}, {}, {}, no_version) == R"({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "weir",
          "rules": []
        }
      },
      "columnKind": "unicodeCodePoints",
      "results": []
    }
  ]
}
)");

  auto uri_of = [](std::string file) {
    std::string out = report("sarif", {}, {violation(std::move(file), 0, 1, "r", Severity::error, "m")}, {});
    auto at = out.find("\"uri\": \"");
    REQUIRE(at != std::string::npos);
    at += 8;
    return out.substr(at, out.find('"', at) - at);
  };
  CHECK(uri_of("(stdin)") == "stdin");
  CHECK(uri_of("./data/a b.csv") == "data/a%20b.csv");
  CHECK(uri_of("/srv/data/x.csv") == "file:///srv/data/x.csv");
  CHECK(uri_of("c:d.csv") == "c%3Ad.csv");  // not a scheme
  CHECK(uri_of("caf\xC3\xA9#1?.csv") == "caf%C3%A9%231%3F.csv");
  CHECK(uri_of("a\\b[1].csv") == "a%5Cb%5B1%5D.csv");
}

TEST_CASE("sarif: a column of 0 is reported as 1 (SARIF counts from 1)", "[report]") {
  std::string out = report("sarif", {}, {violation("a.csv", 3, 0, "r", Severity::error, "m")}, {});
  CHECK(out.find("\"startColumn\": 1\n") != std::string::npos);
}

TEST_CASE("junit: a testsuite per file, a testcase per rule per file", "[report]") {
  CHECK(fixture_report("junit") == R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="weir check" tests="15" failures="4" errors="0" time="0.250">
  <testsuite name="access.csv" tests="5" failures="2" errors="0">
    <testcase name="status-known" classname="access.csv">
      <failure message="2 violations" type="error">12:31: unexpected status 999
20:31: unexpected status 0</failure>
    </testcase>
    <testcase name="bytes-positive" classname="access.csv">
      <failure message="1 violation" type="warning">13:1: bytes is "-1"
see docs</failure>
    </testcase>
    <testcase name="note-me" classname="access.csv"/>
    <testcase name="no-nulls" classname="access.csv"/>
    <testcase name="malformed" classname="access.csv"/>
  </testsuite>
  <testsuite name="logs/we:ird,name 100%.csv" tests="5" failures="2" errors="0">
    <testcase name="status-known" classname="logs/we:ird,name 100%.csv"/>
    <testcase name="bytes-positive" classname="logs/we:ird,name 100%.csv"/>
    <testcase name="note-me" classname="logs/we:ird,name 100%.csv">
      <failure message="1 violation" type="info">2:5: café &lt;&amp;&gt; ✓ 50%, a:b</failure>
    </testcase>
    <testcase name="no-nulls" classname="logs/we:ird,name 100%.csv"/>
    <testcase name="malformed" classname="logs/we:ird,name 100%.csv">
      <failure message="1 violation" type="error">not UTF-8 � at byte 7</failure>
    </testcase>
  </testsuite>
  <testsuite name="clean.csv" tests="5" failures="0" errors="0">
    <testcase name="status-known" classname="clean.csv"/>
    <testcase name="bytes-positive" classname="clean.csv"/>
    <testcase name="note-me" classname="clean.csv"/>
    <testcase name="no-nulls" classname="clean.csv"/>
    <testcase name="malformed" classname="clean.csv"/>
  </testsuite>
</testsuites>
)");
}

TEST_CASE("junit: XML escaping of names and messages; a file only violations name", "[report]") {
  std::vector<RuleInfo> rules = {{"a<&>\"b", Severity::error, "", {}, ""}};
  std::vector<Violation> violations = {
      violation("x\"<&>\x02\xff.csv", 1, 1, "a<&>\"b", Severity::warning, "tab\there\r\n\x0b]]>"),
      violation("x\"<&>\x02\xff.csv", 2, 3, "a<&>\"b", Severity::error, "\xEF\xBF\xBF \xF0\x9F\x98\x80"),
  };
  Summary summary;
  summary.seconds = 1234.5;
  CHECK(report("junit", rules, violations, summary) == R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="weir check" tests="1" failures="1" errors="0" time="1234.500">
  <testsuite name="x&quot;&lt;&amp;&gt;��.csv" tests="1" failures="1" errors="0">
    <testcase name="a&lt;&amp;&gt;&quot;b" classname="x&quot;&lt;&amp;&gt;��.csv">
      <failure message="2 violations" type="error">1:1: tab	here&#13;
�]]&gt;
2:3: � 😀</failure>
    </testcase>
  </testsuite>
</testsuites>
)");

  CHECK(report("junit", {}, {}, {}) ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites name=\"weir check\" tests=\"0\" failures=\"0\" errors=\"0\" time=\"0.000\"/>\n");
  Summary one_file;
  one_file.files = {"a.csv"};
  CHECK(report("junit", {}, {}, one_file) ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites name=\"weir check\" tests=\"0\" failures=\"0\" errors=\"0\" time=\"0.000\">\n"
        "  <testsuite name=\"a.csv\" tests=\"0\" failures=\"0\" errors=\"0\"/>\n"
        "</testsuites>\n");
}

TEST_CASE("github: workflow commands, escaped as the runner expects", "[report]") {
  CHECK(fixture_report("github") ==
        "::error file=access.csv,line=12,col=31,title=status-known::unexpected status 999\n"
        "::warning file=access.csv,line=13,col=1,title=bytes-positive::bytes is \"-1\"%0Asee docs\n"
        "::error file=logs/we%3Aird%2Cname 100%25.csv,title=malformed::not UTF-8 \x01 at byte 7\n"
        "::notice file=logs/we%3Aird%2Cname 100%25.csv,line=2,col=5,title=note-me::caf\xC3\xA9 <&> "
        "\xE2\x9C\x93 50%25, a:b\n"
        "::error file=access.csv,line=20,col=31,title=status-known::unexpected status 0\n");
  CHECK(report("github", {}, {violation("a.csv", 1, 2, "x:y,z%", Severity::error, "a\r\nb")}, {}) ==
        "::error file=a.csv,line=1,col=2,title=x%3Ay%2Cz%25::a%0D%0Ab\n");
}

}  // namespace weir::check
