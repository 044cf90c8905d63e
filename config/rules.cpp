// The "rules" section: what `weir check` holds each record to. Each entry
// becomes a check::RuleSpec, checked as far as a config can be: its id, its
// expressions (compiled now, so a typo is reported before any data is read,
// with a caret), its hook file, its severity.
//
//   {"id": "status-known", "expr": "status in (200, 404)", "severity": "error",
//    "message": "unexpected status {status}", "when": "method == 'GET'", "tags": ["http"]}
//   {"id": "no-email", "hook": "hooks/rules.py:no_email", "severity": "warning"}

#include <algorithm>

#include <fmt/format.h>

#include "config/checker.hpp"
#include "core/check/rule.hpp"
#include "core/expr/expression.hpp"

namespace weir::config {

namespace {

const std::vector<std::string> kRuleKeys = {"id", "expr", "hook", "severity", "message", "when", "tags"};

// The column (1-based) of the first '{' of `message` that no '}' closes, or 0.
std::size_t unclosed_brace(std::string_view message) {
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] != '{') continue;
    if (i + 1 < message.size() && message[i + 1] == '{') {
      ++i;  // "{{": a brace
      continue;
    }
    std::size_t close = message.find('}', i);
    if (close == std::string_view::npos) return i + 1;
    i = close;
  }
  return 0;
}

}  // namespace

void Checker::check_rules(const Json& rules) {
  if (!rules.is_array()) {
    problem("rules", fmt::format("expected an array of rules, got {}", describe(rules)));
    return;
  }
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < rules.size(); ++i) check_rule(rules[i], index_path("rules", i), ids);
}

void Checker::check_rule(const Json& json, const std::string& path, std::vector<std::string>& ids) {
  ids.emplace_back();  // this rule's id, kept at its index
  if (!check_object(json, path, kRuleKeys)) return;
  check::RuleSpec rule;
  rule.origin = path;
  for (const auto& [key, value] : json.items()) {
    std::string key_path = member_path(path, key);
    if (key == "id") {
      auto id = string_at(value, key_path);
      if (!id) continue;
      if (id->empty()) {
        problem(key_path, "expected a name for the rule, got an empty string");
      } else if (!check::is_rule_id(*id)) {
        problem(key_path, fmt::format("expected letters, digits, '_', '.' and '-' only (the id is written in "
                                      "reports and on the command line), got {}",
                                      describe(value)));
      } else if (id->starts_with("schema.") || *id == "malformed") {
        problem(key_path, fmt::format("{} is the id of weir's own {} checks; choose another", describe(value),
                                      *id == "malformed" ? "malformed-input" : "schema"));
      } else if (auto same = std::find(ids.begin(), ids.end(), *id); same != ids.end()) {
        problem(key_path, fmt::format("{} is the id of {} already; ids must differ", describe(value),
                                      index_path("rules", static_cast<std::size_t>(same - ids.begin()))));
      } else {
        rule.id = ids.back() = *id;
      }
    } else if (key == "expr") {
      check_expression(value, key_path, rule.expr);
    } else if (key == "when") {
      check_expression(value, key_path, rule.when);
    } else if (key == "hook") {
      if (auto ref = hook_at(value, key_path)) rule.hook = absolute_hook_arg(base_dir_, *ref);
    } else if (key == "severity") {
      if (auto severity = severity_at(value, key_path)) rule.severity = *severity;
    } else if (key == "message") {
      auto message = string_at(value, key_path);
      if (std::size_t column = message ? unclosed_brace(*message) : 0) {
        problem(key_path, fmt::format("'{{' at column {} is not closed: {{NAME}} is the value of field NAME, "
                                      "{{{{ is a brace",
                                      column));
      } else {
        rule.message = std::move(message);
      }
    } else if (key == "tags") {
      if (auto tags = strings_at(value, key_path)) rule.tags = std::move(*tags);
    }
  }
  if (!json.contains("id")) problem(path, "missing \"id\": every rule needs a name for reports");
  bool has_expr = json.contains("expr");
  bool has_hook = json.contains("hook");
  if (!has_expr && !has_hook) {
    problem(path, "needs \"expr\" (an expression) or \"hook\" (\"file.py:function\")");
  } else if (has_expr && has_hook) {
    problem(path, "has both \"expr\" and \"hook\"; give one of them");
  }
  config_.rules.push_back(std::move(rule));
}

void Checker::check_expression(const Json& value, const std::string& path, std::optional<std::string>& out) {
  auto source = string_at(value, path);
  if (!source) return;
  try {
    expr::Expression::compile(*source);
    out = std::move(source);
  } catch (const expr::ExprError& e) {
    problems_.push_back(fmt::format("{}: {}", file_, expr::format_expr_error(path, *source, e)));
  }
}

}  // namespace weir::config
