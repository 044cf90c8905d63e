#pragma once
/// What `weir check` finds and reports: rules (what is checked), violations
/// (where a record breaks a rule) and the summary of a run.
///
///   rules (expr, hook, schema) --check(batch)--> Finding (record, rule, message)
///     --> CheckStage locates it --> Violation (file, line, column, text, fingerprint)
///     --> baseline? --> every Reporter (text, json, sarif, junit, github)

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weir::check {

/// Ordered: a violation fails the run when its severity >= --fail-on.
enum class Severity : std::uint8_t { info, warning, error };

std::string_view severity_name(Severity severity);  ///< "error", "warning", "info"
std::optional<Severity> parse_severity(std::string_view name);

/// One rule as reports describe it.
struct RuleInfo {
  std::string id;                  ///< "status-known", "schema.type"
  Severity severity = Severity::error;
  std::string description;         ///< one line: the expression, the hook, the constraint
  std::vector<std::string> tags;
  /// A few sentences: what the rule asks and what to do about a violation
  /// (SARIF's help, which GitHub shows beside an alert). Empty: made from
  /// the description.
  std::string help;
};

/// One rule broken by one record, located in its source.
struct Violation {
  std::string file;          ///< as given on the command line or found in a folder; "(stdin)"
  std::int64_t line = 0;     ///< 1-based source line of the record (0: the file as a whole)
  std::int64_t column = 1;   ///< 1-based, in characters, of the field at fault (1: the record)
  std::string rule;          ///< the rule's id
  Severity severity = Severity::error;
  std::string message;
  std::string field;         ///< the field at fault, or empty
  std::string record;        ///< the record's source text, without its line end
  std::string fingerprint;   ///< 16 hex digits: rule, file and record text (not the line)
};

/// The run as a whole, for the closing line and the report summaries.
struct Summary {
  std::int64_t errors = 0;     ///< counts of reported violations by severity
  std::int64_t warnings = 0;
  std::int64_t infos = 0;
  std::int64_t baselined = 0;  ///< violations found but known to the baseline (not reported)
  std::int64_t records = 0;
  std::vector<std::string> files;  ///< every file checked, in order
  double seconds = 0;
  /// --max-violations N stopped the check after N violations.
  std::optional<std::int64_t> stopped_after;
  /// Things the user should know: a rule that reads a field no record has.
  std::vector<std::string> notes;

  std::int64_t total() const { return errors + warnings + infos; }
};

}  // namespace weir::check
