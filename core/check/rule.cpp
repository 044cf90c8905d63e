// Expression rules, message templates, --rule parsing, and the door through
// which the Python bridge supplies hook rules.

#include "core/check/rule.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/expr/expression.hpp"
#include "core/expr/field_watch.hpp"
#include "core/formats/json_text.hpp"
#include "core/record/nested.hpp"

namespace weir::check {

namespace {

HookRuleFactory hook_rule_factory = nullptr;

// The field `name` of the record, or the value it names in nested JSON (a.b).
std::optional<Field> find_field(const RecordRef& record, std::string_view name, Batch* batch) {
  if (const Field* field = record.find(name)) return *field;
  if (batch && is_nested_path(name)) return lookup_nested(record, name, *batch);
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

expr::Expression compile_rule_expression(const RuleSpec& spec, const std::string& source, std::string_view key) {
  try {
    return expr::Expression::compile(source);
  } catch (const expr::ExprError& e) {
    std::string where = spec.origin.empty() ? fmt::format("rule '{}'", spec.id)
                                            : fmt::format("{}: rule '{}'", spec.origin, spec.id);
    throw UsageError(expr::format_expr_error(fmt::format("{} {}", where, key), source, e));
  }
}

/// `expr` must hold for every record (where `when` holds).
class ExprRule final : public Rule {
 public:
  ExprRule(const RuleSpec& spec, const DeclaredTypes& types)
      : expression_(compile_rule_expression(spec, *spec.expr, "expr")), message_(spec.message) {
    if (spec.when) when_.emplace(compile_rule_expression(spec, *spec.when, "when"));
    // text reads by its column's type, as in filter and hooks: N/A in a
    // number column is null, a zip declared str compares as text
    expression_.use_types(types);
    if (when_) when_->use_types(types);
    RuleInfo info;
    info.id = spec.id;
    info.severity = spec.severity;
    info.description = spec.when ? fmt::format("{} (where {})", *spec.expr, *spec.when) : *spec.expr;
    info.tags = spec.tags;
    info.help = fmt::format("Each record{} must make the expression `{}` true; one that does not is reported{}. "
                            "Fix the record, or the rule '{}' in the config (weir-config(5), RULES).",
                            spec.when ? fmt::format(" where `{}` holds", *spec.when) : "", *spec.expr,
                            spec.message ? fmt::format(" as \"{}\"", *spec.message) : "", spec.id);
    info_.push_back(std::move(info));
    if (!expression_.fields().empty()) field_ = expression_.fields().front();
    std::vector<std::string> read;
    for (const expr::Expression* e : {&expression_, when_ ? &*when_ : nullptr}) {
      if (!e) continue;
      for (const auto& name : e->fields()) {
        // a.b may be inside nested JSON: not watched
        if (!is_nested_path(name) && std::find(read.begin(), read.end(), name) == read.end()) {
          read.push_back(name);
        }
      }
    }
    watch_ = expr::FieldWatch(std::move(read), {});
  }

  void notes(std::vector<std::string>& out) const override {
    if (!watch_.saw_record()) return;  // no records at all: said once, for the files
    for (const auto& name : watch_.unseen()) {
      out.push_back(fmt::format("rule '{}' reads the field '{}', which no record has{}", info_.front().id, name,
                                watch_.suggestion(name)));
    }
  }

  const std::vector<RuleInfo>& rules() const override { return info_; }

  void check(Batch& batch, std::vector<Finding>& out) override {
    expression_.prepare(batch);
    if (when_) when_->prepare(batch);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      watch_.see(record);
      if (when_ && !when_->evaluate(record, batch).truthy()) continue;
      if (expression_.evaluate(record, batch).truthy()) continue;
      Finding finding;
      finding.record = static_cast<std::uint32_t>(r);
      finding.field = field_;
      finding.message = message_ ? render_message(*message_, record, &batch) : default_message(record, batch);
      out.push_back(std::move(finding));
    }
  }

 private:
  // "expected latency_ms < 10000 (latency_ms: 12000)"
  std::string default_message(const RecordRef& record, Batch& batch) const {
    std::string message = fmt::format("expected {}", expression_.source());
    if (field_.empty()) return message;
    std::optional<Field> field = find_field(record, field_, &batch);
    if (!field) return message + fmt::format(" ({}: missing)", field_);
    if (field->is_null()) return message + fmt::format(" ({}: empty)", field_);
    std::string value;
    if (field->number() || field->kind == ValueKind::json) {
      value = field->value;
    } else {
      auto sink = string_sink(value);
      write_json_string(*sink, field->value);
      sink->flush();
    }
    return message + fmt::format(" ({}: {})", field_, value);
  }

  expr::Expression expression_;
  std::optional<expr::Expression> when_;
  expr::FieldWatch watch_;  // fields read that no record has had yet
  std::optional<std::string> message_;
  std::string field_;  // the first field the expression reads: where the column points
  std::vector<RuleInfo> info_;
};

}  // namespace

std::unique_ptr<Rule> make_expr_rule(const RuleSpec& spec, const DeclaredTypes& types) {
  WEIR_ASSERT(spec.expr.has_value());
  return std::make_unique<ExprRule>(spec, types);
}

bool is_rule_id(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

void set_hook_rule_factory(HookRuleFactory factory) { hook_rule_factory = factory; }

std::unique_ptr<Rule> make_hook_rule(const RuleSpec& spec, const StageContext& context) {
  // the plugin that holds the hook verb holds hook rules too (set_stage_plugin)
  if (!hook_rule_factory) find_stage("hook");
  if (!hook_rule_factory) {
    throw UsageError(fmt::format("rule '{}' runs a Python hook, and this weir was built without Python", spec.id));
  }
  return hook_rule_factory(spec, context);
}

std::string render_message(std::string_view message, const RecordRef& record, Batch* batch) {
  std::string out;
  out.reserve(message.size() + 16);
  for (std::size_t i = 0; i < message.size(); ++i) {
    char c = message[i];
    if ((c == '{' || c == '}') && i + 1 < message.size() && message[i + 1] == c) {
      out += c;  // {{ and }}
      ++i;
      continue;
    }
    std::size_t close = c == '{' ? message.find('}', i + 1) : std::string_view::npos;
    if (close == std::string_view::npos) {
      out += c;
      continue;
    }
    std::string_view name = message.substr(i + 1, close - i - 1);
    if (std::optional<Field> field = find_field(record, name, batch)) out += field->value;
    i = close;
  }
  return out;
}

RuleSpec parse_rule_option(std::string_view text) {
  RuleSpec spec;
  spec.origin = "--rule";
  std::size_t colon = text.find(':');
  std::string_view id = colon == std::string_view::npos ? std::string_view() : trim(text.substr(0, colon));
  if (!is_rule_id(id)) {
    throw UsageError(fmt::format(
        "--rule '{}': expected 'ID: EXPR' (an id of letters, digits, '_', '-' or '.', a colon, an "
        "expression), as in --rule 'status-known: status < 600'",
        text));
  }
  spec.id = std::string(id);
  std::string_view rest = trim(text.substr(colon + 1));
  for (Severity severity : {Severity::error, Severity::warning, Severity::info}) {
    std::string_view name = severity_name(severity);
    if (rest.size() > name.size() && rest.substr(0, name.size()) == name && rest[name.size()] == ':') {
      spec.severity = severity;
      rest = trim(rest.substr(name.size() + 1));
      break;
    }
  }
  // 'ID:warn: EXPR': a word and a colon can only be meant as a severity
  std::size_t word = 0;
  while (word < rest.size() && ((rest[word] >= 'a' && rest[word] <= 'z') || (rest[word] >= 'A' && rest[word] <= 'Z')))
    ++word;
  if (word > 0 && word < rest.size() && rest[word] == ':') {
    std::string_view name = rest.substr(0, word);
    throw UsageError(fmt::format("--rule '{}': unknown severity '{}'{}; a severity is error, warning or info", text,
                                 name, did_you_mean(std::string(name), {"error", "warning", "info"})));
  }
  if (rest.empty()) throw UsageError(fmt::format("--rule '{}': the rule has no expression", text));
  spec.expr = std::string(rest);
  return spec;
}

}  // namespace weir::check
