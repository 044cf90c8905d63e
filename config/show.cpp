// `weir config show`: a Config back to JSON, every default spelled out
// (except the input keys sniffed from each file when unset).
// Paths are shown relative to the config's folder, as a config has them, so
// the output is itself a config for that folder. The layout is the one a
// person would write: a key a line in the sections, a stage a line in the
// pipeline.

#include <cstdint>
#include <filesystem>
#include <optional>

#include "config/config.hpp"
#include "config/json_util.hpp"
#include "core/formats/csv/dialect.hpp"
#include "core/io/transcode.hpp"

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

// (a file's path as seen from the config's folder, as a hook's is)
Json options_of(const StageSpec& stage, const StageInfo* info, const std::string& base_dir) {
  Json options = Json::object();
  for (const auto& [name, value] : stage.options) {
    bool flag = value.empty();
    bool file = false;
    if (info) {
      for (const auto& o : info->options) {
        if (o.long_name.substr(2) == name) flag = !o.takes_value(), file = o.kind == OptionKind::file;
      }
    }
    options[name] = flag ? Json(true) : file && value != "-" ? Json(shown_path(base_dir, value)) : option_value(value);
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
  Json options = options_of(stage, info, base_dir);
  if (stage.verb == "hook" && stage.args.size() == 1) {
    entry["hook"] = shown_hook(base_dir, stage.args[0]);
  } else if (info && (info->max_args == 0 || (stage.args.empty() && !info->arg_options.empty()))) {
    // (options only: sort -nr x, uniq -a -c)
    entry[stage.verb] = options;
    return entry;
  } else if (auto object = stage.verb == "derive" ? assignments(stage.args) : std::nullopt) {
    entry[stage.verb] = *object;
  } else if (stage.args.size() == 1) {
    const bool file = info && info->arg_kind == OptionKind::file && stage.args[0] != "-";
    entry[stage.verb] = file ? shown_path(base_dir, stage.args[0]) : stage.args[0];
  } else {
    entry[stage.verb] = stage.args;
  }
  for (auto& [name, value] : options.items()) entry[name] = value;
  return entry;
}

Json rule_json(const check::RuleSpec& rule, const std::string& base_dir) {
  Json json = Json::object();
  json["id"] = rule.id;
  if (rule.expr) json["expr"] = *rule.expr;
  if (rule.hook) json["hook"] = shown_hook(base_dir, *rule.hook);
  json["severity"] = check::severity_name(rule.severity);
  if (rule.message) json["message"] = *rule.message;
  if (rule.when) json["when"] = *rule.when;
  if (!rule.tags.empty()) json["tags"] = rule.tags;
  return json;
}

// 1 rather than 1.0 for a whole bound.
Json number(double n) {
  if (n == static_cast<double>(static_cast<std::int64_t>(n)) && n > -1e15 && n < 1e15) {
    return Json(static_cast<std::int64_t>(n));
  }
  return Json(n);
}

std::string_view header_name(check::HeaderRule header) {
  switch (header) {
    case check::HeaderRule::any:
      return "any";
    case check::HeaderRule::present:
      return "present";
    case check::HeaderRule::ordered:
      return "ordered";
    case check::HeaderRule::exact:
      return "exact";
  }
  return "any";
}

Json field_json(const check::FieldSchema& field) {
  Json json = Json::object();
  json["name"] = field.name;
  if (field.type) json["type"] = check::field_type_name(*field.type);
  if (field.format) json["format"] = *field.format;
  json["required"] = field.required;
  if (field.min) json["min"] = number(*field.min);
  if (field.max) json["max"] = number(*field.max);
  if (field.min_length) json["min_length"] = *field.min_length;
  if (field.max_length) json["max_length"] = *field.max_length;
  if (!field.values.empty()) json["values"] = field.values;
  if (field.pattern) json["pattern"] = *field.pattern;
  json["unique"] = field.unique;
  return json;
}

Json schema_json(const check::SchemaSpec& schema) {
  Json json = Json::object();
  json["header"] = header_name(schema.header);
  if (schema.constant_columns) {
    json["columns"] = "constant";
  } else if (schema.columns) {
    json["columns"] = *schema.columns;
  }
  json["severity"] = check::severity_name(schema.severity);
  Json fields = Json::array();
  for (const auto& field : schema.fields) fields.push_back(field_json(field));
  json["fields"] = fields;
  json["unique"] = schema.unique;
  return json;
}

Json check_json(const CheckSettings& check) {
  Json json = Json::object();
  json["include"] = check.include;
  json["exclude"] = check.exclude;
  Json ignore = Json::array();
  for (const auto& entry : check.ignore)
    ignore.push_back(Json{{"files", entry.files}, {"rules", entry.rules}});
  json["ignore"] = ignore;
  json["fail_on"] = check.fail_on.value_or("error");
  if (check.max_violations) json["max_violations"] = *check.max_violations;
  return json;
}

bool is_default(const CheckSettings& check) {
  return check.include.empty() && check.exclude.empty() && check.ignore.empty() && !check.fail_on &&
         !check.max_violations;
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

// An array of objects inside a section (schema.fields, check.ignore) is
// written an element a line too.
bool expanded(const Json& value, int depth) {
  if (!(value.is_object() || value.is_array()) || value.empty()) return false;
  if (depth < 2) return true;
  return depth == 2 && value.is_array() && value.front().is_object();
}

// The top level a key a line; its objects a key a line; its arrays an
// element a line, each element on one line (but see expanded()).
void write(std::string& out, const Json& value, int depth) {
  if (!expanded(value, depth)) {
    out += one_line(value);
    return;
  }
  std::string indent(static_cast<std::size_t>(2 * (depth + 1)), ' ');
  out += value.is_object() ? "{\n" : "[\n";
  std::size_t i = 0;
  for (auto it = value.begin(); it != value.end(); ++it, ++i) {
    out += indent;
    if (value.is_object()) out += text_of(Json(it.key())) + ": ";
    write(out, it.value(), depth + 1);
    out += i + 1 < value.size() ? ",\n" : "\n";
  }
  out += std::string(static_cast<std::size_t>(2 * depth), ' ') + (value.is_object() ? "}" : "]");
}

std::string layout(const Json& root) {
  std::string out;
  write(out, root, 0);
  return out + "\n";
}

}  // namespace

std::string show_config(const Config& config) {
  const PipelineSpec& p = config.pipeline;
  const std::string& base = p.base_dir;
  Json root = Json::object();
  root["version"] = kVersion;

  // What input leaves unset is sniffed from each file, so it has no default
  // to spell out; newline changes nothing and is not kept. types are every
  // declared type, those of the schema's fields and --types included.
  Json input = Json::object();
  if (p.from) input["format"] = *p.from;
  if (p.read.delimiter != '\0') input["delimiter"] = one_char(p.read.delimiter);
  if (p.read.quote) input["quote"] = *p.read.quote == '\0' ? std::string() : one_char(*p.read.quote);
  if (p.read.escape) input["escape"] = escape_name(*p.read.escape);
  if (p.read.header) input["header"] = *p.read.header;
  if (p.read.header_rows) input["header_rows"] = *p.read.header_rows;
  if (p.read.skip_lines) input["skip_lines"] = *p.read.skip_lines;
  if (p.read.comment) input["comment"] = *p.read.comment == '\0' ? std::string() : one_char(*p.read.comment);
  if (p.read.ragged) input["ragged"] = ragged_name(*p.read.ragged);
  if (p.read.strict) input["strict"] = true;
  input["trim"] = p.read.trim;
  input["keep_blank_lines"] = p.read.keep_blank_lines;
  if (p.read.encoding) input["encoding"] = encoding_name(*p.read.encoding);
  if (p.read.max_record_size != ReadOptions{}.max_record_size)
    input["max_record_size"] = p.read.max_record_size;
  if (p.read.max_fields != ReadOptions{}.max_fields) input["max_fields"] = p.read.max_fields;
  if (p.read.max_ratio != ReadOptions{}.max_ratio) input["max_ratio"] = p.read.max_ratio;
  if (!p.types.empty()) {
    Json types = Json::object();
    for (const auto& [name, type] : p.types) types[name] = column_type_name(type);
    input["types"] = types;
  }
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
  if (config.schema) root["schema"] = schema_json(*config.schema);
  // the settings of `weir check`, for a config meant for it
  if (!config.rules.empty() || config.schema || !is_default(config.check))
    root["check"] = check_json(config.check);
  Json errors = Json{{"policy", p.on_error == OnError::skip ? "skip" : "fail"}};
  if (p.rejects) errors["rejects"] = shown_path(base, *p.rejects);
  if (p.max_rejects) errors["max_rejects"] = *p.max_rejects;
  root["errors"] = errors;
  return layout(root);
}

}  // namespace weir::config
