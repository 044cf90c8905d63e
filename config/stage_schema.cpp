// The verbs part of the config's JSON Schema (definitions.stage), made from
// the stage registry's rows: a verb's argument and each option's kind decide
// what the schema accepts. The rest of the schema is written by hand
// (schema_base.json, embedded at build time by schema_text.cpp.in).
//
//   {"title": "head", "required": ["head"], "properties": {
//      "head": {"type": "object", "properties": {"lines": ...}},   (no argument: options inside)
//      "lines": {"$ref": "#/definitions/count", ...}}}             (or beside the verb)

#include <limits>

#include <fmt/format.h>

#include "config/checker.hpp"

namespace weir::config {

std::string_view schema_base_text();  // schema_text.cpp (generated)

namespace {

Json ref(std::string_view definition) { return Json{{"$ref", fmt::format("#/definitions/{}", definition)}}; }

Json option_schema(const OptionInfo& o) {
  Json schema;
  switch (o.takes_value() ? o.kind : OptionKind::flag) {
    case OptionKind::flag: schema = Json{{"type", "boolean"}}; break;
    case OptionKind::count:
      if (o.least == 0 && o.most == std::numeric_limits<std::int64_t>::max()) {
        schema = ref("count");
      } else {  // the row's bounds (split -n: at least 1)
        Json number = Json{{"type", "integer"}, {"minimum", o.least}};
        if (o.most != std::numeric_limits<std::int64_t>::max()) number["maximum"] = o.most;
        schema = Json{{"anyOf", Json::array({number, Json{{"type", "string"}, {"pattern", "^[0-9]+$"}}})}};
      }
      break;
    case OptionKind::fields:
    case OptionKind::list: schema = ref("fieldList"); break;
    case OptionKind::choice: schema = Json{{"enum", Json(o.choices)}}; break;
    default: schema = ref("optionValue"); break;
  }
  schema["description"] = o.help;
  return schema;
}

Json argument_schema(const StageInfo& info) {
  Json schema;
  if (info.name == "hook") return ref("hookRef");
  switch (info.arg_kind) {
    case OptionKind::fields: schema = ref("fieldList"); break;
    case OptionKind::expression: schema = ref("expression"); break;
    case OptionKind::pairs: schema = ref("pairs"); break;
    default: schema = Json{{"type", "string"}, {"minLength", 1}}; break;
  }
  schema["description"] = info.usage;
  return schema;
}

Json verb_schema(const StageInfo& info) {
  std::string name(info.name);
  Json options = Json::object();
  for (const auto& o : info.options) options[std::string(o.long_name.substr(2))] = option_schema(o);
  Json properties = Json::object();
  Json options_object = Json{{"type", "object"},
                              {"description", fmt::format("the options of {}", name)},
                              {"properties", options},
                              {"additionalProperties", false}};
  if (info.max_args == 0) {
    properties[name] = options_object;
  } else if (!info.arg_options.empty()) {
    // the arguments, or options that stand for them ({"uniq": {"all": true}}):
    // one of those at least
    Json any = Json::array();
    for (std::string_view o : info.arg_options) any.push_back(Json{{"required", {std::string(o)}}});
    options_object["anyOf"] = any;
    properties[name] = Json{{"oneOf", {argument_schema(info), options_object}}};
  } else {
    properties[name] = argument_schema(info);
  }
  for (const auto& [key, value] : options.items()) properties[key] = value;
  return Json{{"title", name},          {"description", info.summary}, {"type", "object"},
              {"required", {name}},     {"properties", properties},    {"additionalProperties", false}};
}

}  // namespace

std::string_view schema_text() {
  static const std::string text = [] {
    Json schema = Json::parse(schema_base_text());
    Json& verbs = schema["definitions"]["stage"]["oneOf"];
    verbs = Json::array();
    for (const auto& info : stages()) {
      if (info.name != "hook") verbs.push_back(verb_schema(info));
    }
    verbs.push_back(verb_schema(hook_info()));
    return schema.dump(2) + "\n";
  }();
  return text;
}

}  // namespace weir::config
