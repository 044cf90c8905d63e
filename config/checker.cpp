#include "config/checker.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "config/delimiter.hpp"
#include "core/expr/expression.hpp"
#include "core/formats/format.hpp"

namespace weir::config {

namespace {

const std::vector<std::string> kTopKeys = {"$schema",  "version", "input", "output",
                                           "pipeline", "rules",   "errors"};
const std::vector<std::string> kInputKeys = {"format", "delimiter",        "quote", "header", "comment",
                                             "trim",   "keep_blank_lines", "parse"};
const std::vector<std::string> kOutputKeys = {"format", "delimiter", "quote",
                                              "header", "path",      "format_hook"};
const std::vector<std::string> kErrorsKeys = {"policy"};
const std::vector<std::string> kRuleKeys = {"id", "expr", "hook", "severity", "message", "when", "tags"};
const std::vector<std::string> kSeverities = {"error", "warning", "info"};
const std::vector<std::string> kPolicies = {"fail", "skip"};

// "conf/" for "conf/weir.json", "" for "weir.json": how the user would name
// a file beside the config from where they ran weir.
std::string folder_as_written(const std::string& file) {
  std::string folder = std::filesystem::path(file).parent_path().string();
  return folder.empty() || folder.ends_with('/') ? folder : folder + "/";
}

}  // namespace

Checker::Checker(std::string file, std::string base_dir)
    : file_(std::move(file)), base_dir_(std::move(base_dir)), shown_dir_(folder_as_written(file_)) {
}

void Checker::problem(const std::string& path, const std::string& message) {
  problems_.push_back(path.empty() ? fmt::format("{}: {}", file_, message)
                                   : fmt::format("{}: {}: {}", file_, path, message));
}

Config Checker::check(const Json& root) {
  config_.path = file_;
  config_.pipeline.base_dir = base_dir_;
  if (!root.is_object()) {
    problem("", fmt::format("expected a JSON object ({{\"version\": 1, ...}}) at the top level, got {}",
                            describe(root)));
    return std::move(config_);
  }
  check_version(root);
  for (const auto& [key, value] : root.items()) {
    if (key == "version") {
      // checked first, above: a config from a newer weir is explained before its other keys
    } else if (key == "$schema") {
      string_at(value, key);  // for editors; weir does not read it
    } else if (key == "input") {
      check_input(value);
    } else if (key == "output") {
      check_output(value);
    } else if (key == "pipeline") {
      check_pipeline(value);
    } else if (key == "rules") {
      check_rules(value);
    } else if (key == "errors") {
      check_errors(value);
    } else {
      problem(member_path("", key), "unknown key" + unknown_key_hint(key, kTopKeys));
    }
  }
  return std::move(config_);
}

void Checker::check_version(const Json& root) {
  auto it = root.find("version");
  if (it == root.end()) {
    problem("version", fmt::format("missing; a config starts with \"version\": {}", kVersion));
  } else if (!it->is_number_integer() || it->get<std::int64_t>() != kVersion) {
    problem("version",
            fmt::format("expected {} (the config version this weir reads), got {}", kVersion, describe(*it)));
  }
}

void Checker::check_input(const Json& input) {
  if (!check_object(input, "input", kInputKeys)) return;
  PipelineSpec& p = config_.pipeline;
  for (const auto& [key, value] : input.items()) {
    std::string path = member_path("input", key);
    if (key == "format") {
      if (auto name = format_at(value, path, true)) p.from = *name;
    } else if (key == "delimiter") {
      if (auto c = delimiter_at(value, path)) p.read.delimiter = *c;
    } else if (key == "quote") {
      if (auto c = char_at(value, path)) p.read.quote = *c;
    } else if (key == "header") {
      if (auto b = bool_at(value, path)) p.read.header = *b;
    } else if (key == "comment") {
      if (auto c = char_at(value, path)) p.read.comment = *c;
    } else if (key == "trim") {
      if (auto b = bool_at(value, path)) p.read.trim = *b;
    } else if (key == "keep_blank_lines") {
      if (auto b = bool_at(value, path)) p.read.keep_blank_lines = *b;
    } else if (key == "parse") {
      config_.parse_hook = hook_at(value, path);
    }
  }
}

void Checker::check_output(const Json& output) {
  if (!check_object(output, "output", kOutputKeys)) return;
  PipelineSpec& p = config_.pipeline;
  for (const auto& [key, value] : output.items()) {
    std::string path = member_path("output", key);
    if (key == "format") {
      if (auto name = format_at(value, path, false)) p.to = *name;
    } else if (key == "delimiter") {
      if (auto c = delimiter_at(value, path)) p.write.delimiter = *c;
    } else if (key == "quote") {
      if (auto c = char_at(value, path)) p.write.quote = *c;
    } else if (key == "header") {
      if (auto b = bool_at(value, path)) p.write.header = *b;
    } else if (key == "path") {
      auto text = string_at(value, path);
      if (text && text->empty()) {
        problem(path, "expected a file name, got an empty string");
      } else if (text) {
        // relative to the config's folder, written as the user would name it from here
        p.output = std::filesystem::path(*text).is_absolute() ? *text : shown_dir_ + *text;
      }
    } else if (key == "format_hook") {
      config_.format_hook = hook_at(value, path);
    }
  }
}

void Checker::check_errors(const Json& errors) {
  if (!check_object(errors, "errors", kErrorsKeys)) return;
  auto it = errors.find("policy");
  if (it == errors.end()) return;
  auto text = string_at(*it, "errors.policy");
  if (!text) return;
  if (*text == "fail") {
    config_.pipeline.on_error = OnError::fail;
  } else if (*text == "skip") {
    config_.pipeline.on_error = OnError::skip;
  } else {
    problem("errors.policy", fmt::format("expected \"fail\" or \"skip\", got {}{}", describe(*it),
                                         did_you_mean(*text, kPolicies)));
  }
}

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
  Rule rule;
  for (const auto& [key, value] : json.items()) {
    std::string key_path = member_path(path, key);
    if (key == "id") {
      auto id = string_at(value, key_path);
      if (id && id->empty()) {
        problem(key_path, "expected a name for the rule, got an empty string");
      } else if (auto same = std::find(ids.begin(), ids.end(), id.value_or("")); id && same != ids.end()) {
        problem(key_path, fmt::format("{} is the id of {} already; ids must differ", describe(value),
                                      index_path("rules", static_cast<std::size_t>(same - ids.begin()))));
      } else if (id) {
        rule.id = ids.back() = *id;
      }
    } else if (key == "expr") {
      check_expression(value, key_path, rule.expr);
    } else if (key == "when") {
      check_expression(value, key_path, rule.when);
    } else if (key == "hook") {
      rule.hook = hook_at(value, key_path);
    } else if (key == "severity") {
      auto severity = string_at(value, key_path);
      if (severity && std::find(kSeverities.begin(), kSeverities.end(), *severity) == kSeverities.end()) {
        problem(key_path, fmt::format("expected \"error\", \"warning\" or \"info\", got {}{}",
                                      describe(value), did_you_mean(*severity, kSeverities)));
      } else if (severity) {
        rule.severity = *severity;
      }
    } else if (key == "message") {
      rule.message = string_at(value, key_path);
    } else if (key == "tags") {
      if (!value.is_array()) {
        problem(key_path, fmt::format("expected an array of strings, got {}", describe(value)));
        continue;
      }
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (auto tag = string_at(value[i], index_path(key_path, i))) rule.tags.push_back(*tag);
      }
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

bool Checker::check_object(const Json& object, const std::string& path,
                           const std::vector<std::string>& allowed) {
  if (!object.is_object()) {
    problem(path, fmt::format("expected an object, got {}", describe(object)));
    return false;
  }
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      problem(member_path(path, key), "unknown key" + unknown_key_hint(key, allowed));
    }
  }
  return true;
}

std::optional<std::string> Checker::string_at(const Json& value, const std::string& path) {
  if (value.is_string()) return value.get<std::string>();
  problem(path, fmt::format("expected a string, got {}", describe(value)));
  return std::nullopt;
}

std::optional<bool> Checker::bool_at(const Json& value, const std::string& path) {
  if (value.is_boolean()) return value.get<bool>();
  problem(path, fmt::format("expected true or false, got {}", describe(value)));
  return std::nullopt;
}

std::optional<char> Checker::char_at(const Json& value, const std::string& path) {
  if (value.is_string() && value.get_ref<const std::string&>().size() == 1) {
    return value.get_ref<const std::string&>()[0];
  }
  problem(path, fmt::format("expected one character, got {}", describe(value)));
  return std::nullopt;
}

std::optional<char> Checker::delimiter_at(const Json& value, const std::string& path) {
  if (value.is_string()) {
    if (auto c = delimiter_named(value.get_ref<const std::string&>())) return c;
  }
  problem(path, fmt::format("expected one character (or tab, comma, semicolon, pipe, space), got {}",
                            describe(value)));
  return std::nullopt;
}

std::optional<std::string> Checker::format_at(const Json& value, const std::string& path, bool for_reading) {
  auto name = string_at(value, path);
  if (!name) return std::nullopt;
  try {
    const FormatInfo& format = format_named(*name);
    if (for_reading && !format.make_reader) {
      problem(path, fmt::format("format '{}' can be written but not read", format.name));
      return std::nullopt;
    }
    if (!for_reading && !format.make_writer) {
      problem(path, fmt::format("format '{}' can be read but not written", format.name));
      return std::nullopt;
    }
    return std::string(format.name);
  } catch (const UsageError& e) {
    problem(path, e.what());
    return std::nullopt;
  }
}

std::optional<HookRef> Checker::hook_at(const Json& value, const std::string& path) {
  std::optional<HookRef> ref;
  if (value.is_string()) ref = parse_hook_ref(value.get_ref<const std::string&>());
  if (!ref) {
    problem(path, fmt::format("expected \"file.py:function\", got {}", describe(value)));
    return std::nullopt;
  }
  std::error_code error;
  auto status = std::filesystem::status(absolute_in(base_dir_, ref->file), error);
  std::string shown = std::filesystem::path(ref->file).is_absolute() ? ref->file : shown_dir_ + ref->file;
  if (!std::filesystem::exists(status)) {
    problem(path, fmt::format("no such file: {} (hook paths start at the config's folder)", shown));
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(status)) {
    problem(path, fmt::format("not a file: {}", shown));
    return std::nullopt;
  }
  return ref;
}

}  // namespace weir::config
