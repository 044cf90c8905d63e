#pragma once
// A fixed check run for the report tests: the rules, the violations and the
// summary that tests/unit/test_report.cpp pins every format's output over,
// and that report_demo writes for tests/check/test_report_schema.py to
// validate against the SARIF and JUnit schemas.

#include <string>
#include <vector>

#include "core/check/report.hpp"

namespace weir::check::test {

/// The rules the run announces; "malformed" is not among them (it only
/// shows up in a violation) and "no-nulls" breaks nowhere.
inline std::vector<RuleInfo> fixture_rules() {
  return {
      {"status-known", Severity::error, "status in [200, 301, 404]", {"http", "http"}, ""},
      {"bytes-positive", Severity::warning, "bytes > 0", {}, "Bytes must be positive."},
      {"note-me", Severity::info, "a \"quoted\" note", {"style"}, ""},
      {"no-nulls", Severity::error, "", {}, ""},
  };
}

/// Violations with what each format must escape: quotes, a line break, %,
/// ',' and ':' in a file name, <&>, non-ASCII text, a control character.
inline std::vector<Violation> fixture_violations() {
  return {
      {"access.csv", 12, 31, "status-known", Severity::error, "unexpected status 999", "status",
       "10.0.0.1,GET,999,512", "0123456789abcdef"},
      {"access.csv", 13, 1, "bytes-positive", Severity::warning, "bytes is \"-1\"\nsee docs", "",
       "10.0.0.2,GET,200,-1", "89abcdef01234567"},
      {"logs/we:ird,name 100%.csv", 0, 1, "malformed", Severity::error, "not UTF-8 \x01 at byte 7", "", "",
       "fedcba9876543210"},
      {"logs/we:ird,name 100%.csv", 2, 5, "note-me", Severity::info, "caf\xC3\xA9 <&> \xE2\x9C\x93 50%, a:b",
       "na\xC3\xAFve", "caf\xC3\xA9,<&>", "00000000ffffffff"},
      {"access.csv", 20, 31, "status-known", Severity::error, "unexpected status 0", "status",
       "10.0.0.3,GET,0,1", "1111222233334444"},
  };
}

inline Summary fixture_summary() {
  Summary summary;
  summary.errors = 3;
  summary.warnings = 1;
  summary.infos = 1;
  summary.baselined = 2;
  summary.records = 42;
  summary.files = {"access.csv", "logs/we:ird,name 100%.csv", "clean.csv"};
  summary.seconds = 0.25;
  return summary;
}

inline ReportOptions fixture_options() {
  ReportOptions options;
  options.tool_version = "0.1.0";
  options.information_uri = "https://example.org/weir";
  return options;
}

/// Everything `format` writes for the fixture run.
inline void write_fixture_report(std::string_view format, Sink& sink, const ReportOptions& options) {
  auto reporter = make_reporter(format, sink, options);
  reporter->begin(fixture_rules());
  for (const auto& v : fixture_violations()) reporter->add(v);
  reporter->finish(fixture_summary());
}

}  // namespace weir::check::test
