// `weir config show`: a Config back to JSON, every default spelled out.
// Paths are shown relative to the config's folder, as a config has them, so
// the output is itself a config for that folder. The layout is the one a
// person would write: a key a line in the sections, a stage a line in the
// pipeline.

#include <filesystem>
#include <optional>

#include "config/config.hpp"
#include "config/json_util.hpp"

namespace weir::config {

namespace {

// `path` (absolute, or relative to the current folder) as seen from `base_dir`.
std::string shown_path(const std::string& base_dir, const std::string& path) {
  std::filesystem::path absolute = std::filesystem::absolute(path).lexically_normal();
  std::filesystem::path relative = absolute.lexically_relative(base_dir);
  if (relative.empty() || *relative.begin() == "..") return absolute.string();
  return relative.string();
}

// "/abs/hooks/x.py:f" -> "hooks/x.py:f"
std::string shown_hook(const std::string& base_dir, const std::string& arg) {
  std::size_t colon = arg.rfind(':');
  if (colon == std::string::npos) return arg;
  return shown_path(base_dir, arg.substr(0, colon)) + arg.substr(colon);
}

// Whole numbers as JSON numbers ({"lines": 10}), anything else as text.
Json option_value(const std::string& text) {
  bool whole = !text.empty() && text.size() < 16 && (text[0] != '0' || text.size() == 1);
  for (char c : text) whole = whole && c >= '0' && c <= '9';
  return whole ? Json(std::stoll(text)) : Json(text);
}

Json options_of(const StageSpec& stage, const StageInfo* info) {
  Json options = Json::object();
  for (const auto& [name, value] : stage.options) {
    bool flag = value.empty();
    if (info) {
      for (const auto& o : info->options) {
        if (o.long_name.substr(2) == name) flag = o.value_name.empty();
      }
    }
    options[name] = flag ? Json(true) : option_value(value);
  }
  return options;
}

// derive's ["api=split(path)", ...] as {"api": "split(path)", ...} when
// every argument splits cleanly at its first '=' (not part of == <= >= != =~).
std::optional<Json> assignments(const std::vector<std::string>& args) {
  Json object = Json::object();
  for (const auto& arg : args) {
    std::size_t eq = arg.find('=');
    if (eq == std::string::npos || eq == 0) return std::nullopt;
    char before = arg[eq - 1];
    char after = eq + 1 < arg.size() ? arg[eq + 1] : '\0';
    if (before == '!' || before == '<' || before == '>' || after == '=' || after == '~') return std::nullopt;
    std::string name = arg.substr(0, eq);
    if (object.contains(name)) return std::nullopt;
    object[name] = arg.substr(eq + 1);
  }
  return object;
}

Json stage_json(const StageSpec& stage, const std::string& base_dir) {
  const StageInfo* info = find_stage(stage.verb);
  Json entry = Json::object();
  Json options = options_of(stage, info);
  if (stage.verb == "hook" && stage.args.size() == 1) {
    entry["hook"] = shown_hook(base_dir, stage.args[0]);
  } else if (info && info->max_args == 0) {
    entry[stage.verb] = options;
    return entry;
  } else if (auto object = stage.verb == "derive" ? assignments(stage.args) : std::nullopt) {
    entry[stage.verb] = *object;
  } else if (stage.args.size() == 1) {
    entry[stage.verb] = stage.args[0];
  } else {
    entry[stage.verb] = stage.args;
  }
  for (auto& [name, value] : options.items()) entry[name] = value;
  return entry;
}

Json rule_json(const Rule& rule, const std::string& base_dir) {
  Json json = Json::object();
  json["id"] = rule.id;
  if (rule.expr) json["expr"] = *rule.expr;
  if (rule.hook) json["hook"] = shown_hook(base_dir, absolute_hook_arg(base_dir, *rule.hook));
  json["severity"] = rule.severity;
  if (rule.message) json["message"] = *rule.message;
  if (rule.when) json["when"] = *rule.when;
  if (!rule.tags.empty()) json["tags"] = rule.tags;
  return json;
}

std::string one_char(char c) {
  return std::string(1, c);
}

// A delimiter byte from the command line need not be UTF-8: show U+FFFD
// rather than fail.
std::string text_of(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// {"a": 1, "b": [2, 3]} on one line, with the spaces a person would put.
std::string one_line(const Json& value) {
  std::string out;
  if (value.is_object()) {
    out += '{';
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (it != value.begin()) out += ", ";
      out += text_of(Json(it.key())) + ": " + one_line(it.value());
    }
    return out + '}';
  }
  if (value.is_array()) {
    out += '[';
    for (std::size_t i = 0; i < value.size(); ++i) out += (i ? ", " : "") + one_line(value[i]);
    return out + ']';
  }
  return text_of(value);
}

// The top level a key a line; its objects a key a line; its arrays an
// element a line, each element on one line.
std::string layout(const Json& root) {
  std::string out = "{\n";
  std::size_t i = 0;
  for (const auto& [key, value] : root.items()) {
    out += "  " + text_of(Json(key)) + ": ";
    bool nested = (value.is_object() || value.is_array()) && !value.empty();
    if (!nested) {
      out += one_line(value);
    } else {
      out += value.is_object() ? "{\n" : "[\n";
      std::size_t j = 0;
      for (auto it = value.begin(); it != value.end(); ++it, ++j) {
        out += "    ";
        if (value.is_object()) out += text_of(Json(it.key())) + ": ";
        out += one_line(it.value());
        out += j + 1 < value.size() ? ",\n" : "\n";
      }
      out += value.is_object() ? "  }" : "  ]";
    }
    out += ++i < root.size() ? ",\n" : "\n";
  }
  return out + "}\n";
}

}  // namespace

std::string show_config(const Config& config) {
  const PipelineSpec& p = config.pipeline;
  const std::string& base = p.base_dir;
  Json root = Json::object();
  root["version"] = kVersion;

  Json input = Json::object();
  if (p.from) input["format"] = *p.from;
  if (p.read.delimiter != '\0') input["delimiter"] = one_char(p.read.delimiter);
  input["quote"] = one_char(p.read.quote);
  input["header"] = p.read.header;
  if (p.read.comment != '\0') input["comment"] = one_char(p.read.comment);
  input["trim"] = p.read.trim;
  input["keep_blank_lines"] = p.read.keep_blank_lines;
  if (config.parse_hook) input["parse"] = shown_hook(base, absolute_hook_arg(base, *config.parse_hook));
  root["input"] = input;

  Json output = Json::object();
  if (p.to) output["format"] = *p.to;
  if (p.write.delimiter != '\0') output["delimiter"] = one_char(p.write.delimiter);
  output["quote"] = one_char(p.write.quote);
  output["header"] = p.write.header;
  if (p.output) output["path"] = shown_path(base, *p.output);
  if (config.format_hook)
    output["format_hook"] = shown_hook(base, absolute_hook_arg(base, *config.format_hook));
  root["output"] = output;

  Json pipeline = Json::array();
  for (const auto& stage : p.stages) pipeline.push_back(stage_json(stage, base));
  root["pipeline"] = pipeline;

  if (!config.rules.empty()) {
    Json rules = Json::array();
    for (const auto& rule : config.rules) rules.push_back(rule_json(rule, base));
    root["rules"] = rules;
  }
  root["errors"] = Json{{"policy", p.on_error == OnError::skip ? "skip" : "fail"}};
  return layout(root);
}

}  // namespace weir::config
