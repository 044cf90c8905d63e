#pragma once
/// Reports of `weir check`: one Reporter per --report FORMAT[:PATH].
///
///   begin(rules) -> add(violation)... -> finish(summary)
///
/// Formats:
///   text    FILE:LINE:COL: SEVERITY[RULE] MESSAGE, one per line (the default;
///           coloured when `color` is set)
///   json    JSON Lines: one object per violation, then one summary object
///   sarif   SARIF 2.1.0, one run: the tool with its rules, a result per violation
///   junit   JUnit XML: a testsuite per file, a testcase per rule per file
///   github  GitHub Actions workflow commands: ::error file=F,line=L,col=C,title=RULE::MESSAGE
///
/// Streaming formats (text, json, github) write each violation as it comes;
/// sarif and junit keep them until finish().

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/check/violation.hpp"
#include "core/io/sink.hpp"

namespace weir::check {

class Reporter {
 public:
  virtual ~Reporter() = default;
  /// Every rule that runs (reports that list rules: sarif, junit).
  virtual void begin(const std::vector<RuleInfo>& rules) { (void)rules; }
  virtual void add(const Violation& violation) = 0;
  /// After the last violation; the reporter flushes its sink.
  virtual void finish(const Summary& summary) = 0;
};

struct ReportOptions {
  bool color = false;               ///< text: ANSI colours (a terminal without NO_COLOR)
  std::string tool_version;         ///< sarif: tool.driver.version (left out when empty)
  std::string information_uri;      ///< sarif: tool.driver.informationUri (left out when empty)
};

/// The report formats, in help order.
const std::vector<std::string_view>& report_formats();

/// A reporter for `format` writing to `sink` (which must outlive it).
/// Throws UsageError for an unknown format (with a did-you-mean).
std::unique_ptr<Reporter> make_reporter(std::string_view format, Sink& sink, const ReportOptions& options);

/// `--report FORMAT[:PATH]`, split. No PATH (or "-"): standard output.
struct ReportTarget {
  std::string format;
  std::optional<std::string> path;
};
/// Throws UsageError for an unknown format.
ReportTarget parse_report_target(std::string_view text);

}  // namespace weir::check
