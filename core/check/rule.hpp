#pragma once
/// Rules: what `weir check` holds each record to.
///
/// A Rule object checks whole batches (so a Python rule takes the GIL once
/// per batch) and appends a Finding per broken rule per record. One object
/// may check several rule ids: the schema checks schema.required,
/// schema.type, ... ; an expression or hook rule checks one.
///
/// Findings name the record by its index in the batch; CheckStage turns them
/// into located Violations (file, line, column of the field, record text).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/check/violation.hpp"
#include "core/record/batch.hpp"
#include "core/stages/stage.hpp"

namespace weir::check {

struct Finding {
  std::uint32_t record = 0;  ///< index in the batch checked
  std::uint32_t rule = 0;    ///< index into Rule::rules()
  std::string message;
  std::string field;                  ///< the field at fault; empty: the record
  std::optional<Severity> severity;   ///< overrides the rule's (a hook's weir.Violation)
  std::optional<std::int64_t> line;   ///< overrides the record's line (a header problem: the header line)
  std::optional<std::int64_t> column; ///< overrides the column found from `field`
};

class Rule {
 public:
  virtual ~Rule() = default;
  /// The rule ids this object checks; a Finding's `rule` indexes it.
  virtual const std::vector<RuleInfo>& rules() const = 0;
  /// A new input file starts (per-file state: its header, unique keys).
  virtual void begin_file(const std::string& file) { (void)file; }
  /// Checks every record of `batch`, appending one Finding per failure.
  virtual void check(Batch& batch, std::vector<Finding>& out) = 0;
  /// After the last record (hook rules' teardown).
  virtual void finish() {}
  /// True for a rule that must run on the thread that runs the check (a
  /// Python hook: Stage::keeps_to_caller_thread).
  virtual bool keeps_to_caller_thread() const { return false; }
  /// Notes for the user after the run, such as a field that no record had
  /// (a misspelt name makes a rule pass silently).
  virtual void notes(std::vector<std::string>& out) const { (void)out; }
};

/// A rule as written in the config's `rules` or by --rule 'ID: EXPR'.
struct RuleSpec {
  std::string id;
  std::optional<std::string> expr;   ///< exactly one of expr and hook
  std::optional<std::string> hook;   ///< "path/file.py:function" (absolute, or relative to the current folder)
  Severity severity = Severity::error;
  /// "unexpected status {status}": {NAME} is the record's field NAME ({{ and }} for braces).
  std::optional<std::string> message;
  std::optional<std::string> when;   ///< the rule applies only where this expression is true
  std::vector<std::string> tags;
  std::string origin;                ///< "rules[2]" or "--rule" (for error messages)
};

/// An expression rule (spec.expr set). Throws UsageError naming the rule
/// and showing the expression with a caret when it does not compile.
std::unique_ptr<Rule> make_expr_rule(const RuleSpec& spec, const DeclaredTypes& types);

/// A hook rule (spec.hook set): made by the Python bridge, when weir has one.
using HookRuleFactory = std::unique_ptr<Rule> (*)(const RuleSpec& spec, const StageContext& context);
void set_hook_rule_factory(HookRuleFactory factory);
/// Throws UsageError when weir was built without Python, SetupError when
/// --no-hooks forbids it.
std::unique_ptr<Rule> make_hook_rule(const RuleSpec& spec, const StageContext& context);

/// Fills a message template: {NAME} becomes the value of field NAME of
/// `record` (empty when missing), {{ and }} become braces.
/// With `batch`, {a.b} also reaches into nested JSON (see nested.hpp).
std::string render_message(std::string_view message, const RecordRef& record, Batch* batch = nullptr);

/// A rule id is letters, digits, '_', '-' and '.' (it is written in reports
/// and on the command line).
bool is_rule_id(std::string_view id);

/// Parses --rule 'ID: EXPR' (also 'ID:warning: EXPR' for a severity).
/// Throws UsageError when there is no id.
RuleSpec parse_rule_option(std::string_view text);

}  // namespace weir::check
