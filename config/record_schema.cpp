// The "schema" section: the shape every record of `weir check` must have,
// checked natively (core/check/schema.hpp). Each constraint is checked for
// the type it applies to, so that {"type": "string", "min": 1} is a mistake
// reported now rather than a rule that silently never fires; patterns (RE2)
// and date formats are compiled here too. A field's type also declares its
// column's type (declare_schema_types), as hooks and JSON output see it.
//
//   "schema": {
//     "header": "exact", "columns": "constant", "severity": "error",
//     "fields": [{"name": "id", "type": "int", "required": true, "unique": true, "min": 1}, ...],
//     "unique": [["user", "day"]]
//   }

#include <algorithm>

#include <fmt/format.h>
#include <re2/re2.h>

#include "config/checker.hpp"
#include "core/check/schema_types.hpp"
#include "core/record/column_types.hpp"

namespace weir::config {

namespace {

const std::vector<std::string> kSchemaKeys = {"header", "columns", "severity", "fields", "unique"};
const std::vector<std::string> kFieldKeys = {"name",       "type",       "format", "required", "min",   "max",
                                             "min_length", "max_length", "values", "pattern",  "unique"};
const std::vector<std::string> kHeaderModes = {"any", "present", "ordered", "exact"};
const std::vector<std::string> kFieldTypes = {"string", "int", "float", "bool", "date", "datetime", "enum"};

check::HeaderRule header_rule(std::string_view name) {
  if (name == "present") return check::HeaderRule::present;
  if (name == "ordered") return check::HeaderRule::ordered;
  if (name == "exact") return check::HeaderRule::exact;
  return check::HeaderRule::any;
}

bool is_numeric(const std::optional<check::FieldType>& type) {
  return type == check::FieldType::int_ || type == check::FieldType::float_;
}

bool is_temporal(const std::optional<check::FieldType>& type) {
  return type == check::FieldType::date || type == check::FieldType::datetime;
}

}  // namespace

void Checker::check_schema(const Json& schema) {
  if (!check_object(schema, "schema", kSchemaKeys)) return;
  check::SchemaSpec spec;
  for (const auto& [key, value] : schema.items()) {
    std::string path = member_path("schema", key);
    if (key == "header") {
      if (auto mode = choice_at(value, path, kHeaderModes)) spec.header = header_rule(*mode);
    } else if (key == "columns") {
      if (value.is_string() && value.get_ref<const std::string&>() == "constant") {
        spec.constant_columns = true;
      } else if (auto n = whole_number(value); n && *n >= 1) {
        spec.columns = static_cast<std::size_t>(*n);
      } else {
        problem(path,
                fmt::format("expected \"constant\" (every record has as many fields as the first) or a "
                            "number of fields (1 or more), got {}{}",
                            describe(value),
                            value.is_string() ? did_you_mean(value.get<std::string>(), {"constant"}) : ""));
      }
    } else if (key == "severity") {
      if (auto severity = severity_at(value, path)) spec.severity = *severity;
    } else if (key == "fields") {
      if (!value.is_array()) {
        problem(path,
                fmt::format("expected an array of fields such as [{{\"name\": \"id\", \"type\": \"int\"}}], "
                            "got {}",
                            describe(value)));
        continue;
      }
      std::vector<std::string> names;  // each field's name, at its index
      for (std::size_t i = 0; i < value.size(); ++i) {
        std::string field_path = index_path(path, i);
        const Json& entry = value[i];
        auto name = entry.is_object() ? entry.find("name") : entry.end();
        names.push_back(name != entry.end() && name->is_string() ? name->get<std::string>() : "");
        if (!names.back().empty()) {
          auto same = std::find(names.begin(), names.end() - 1, names.back());
          if (same != names.end() - 1) {
            problem(member_path(field_path, "name"),
                    fmt::format("{} is the name of {} already; give each field once", name->dump(),
                                index_path(path, static_cast<std::size_t>(same - names.begin()))));
          }
        }
        if (auto field = check_field(entry, field_path)) spec.fields.push_back(std::move(*field));
      }
    } else if (key == "unique") {
      // combined keys: [["user", "day"], ...]; a name need not be in "fields"
      if (!value.is_array()) {
        problem(path, fmt::format("expected an array of keys, each an array of field names such as "
                                  "[[\"user\", \"day\"]], got {}",
                                  describe(value)));
        continue;
      }
      for (std::size_t i = 0; i < value.size(); ++i) {
        std::string key_path = index_path(path, i);
        if (!value[i].is_array()) {
          problem(key_path,
                  fmt::format("expected an array of field names such as [\"user\", \"day\"], got {}",
                              describe(value[i])));
          continue;
        }
        auto fields = strings_at(value[i], key_path);
        if (!fields) continue;
        if (fields->empty()) {
          problem(key_path, "expected at least one field name, got an empty array");
          continue;
        }
        std::vector<std::string> seen;
        bool twice = false;
        for (std::size_t j = 0; j < fields->size(); ++j) {
          if (std::find(seen.begin(), seen.end(), (*fields)[j]) != seen.end()) {
            problem(index_path(key_path, j),
                    fmt::format("{} is named twice in this key", value[i][j].dump()));
            twice = true;
          }
          seen.push_back((*fields)[j]);
        }
        if (!twice) spec.unique.push_back(std::move(*fields));
      }
    }
  }
  auto fields = schema.find("fields");
  bool no_fields = fields == schema.end() || (fields->is_array() && fields->empty());
  if ((spec.header == check::HeaderRule::ordered || spec.header == check::HeaderRule::exact) && no_fields) {
    problem("schema.header", fmt::format("{} compares the header with \"fields\", and there are none",
                                         schema.find("header")->dump()));
  }
  config_.schema = std::move(spec);
}

void Checker::declare_schema_types() {
  if (!config_.schema) return;
  for (const check::FieldSchema& field : config_.schema->fields) {
    if (!field.type) continue;  // any text: its values decide
    ColumnType type = ColumnType::str;
    if (field.type == check::FieldType::int_) type = ColumnType::integer;
    if (field.type == check::FieldType::float_) type = ColumnType::real;
    if (field.type == check::FieldType::bool_) type = ColumnType::boolean;
    config_.pipeline.types.emplace(field.name, type);  // input.types, read already, wins
  }
}

std::optional<check::FieldSchema> Checker::check_field(const Json& json, const std::string& path) {
  if (!check_object(json, path, kFieldKeys)) return std::nullopt;
  std::size_t problems_before = problems_.size();
  check::FieldSchema field;
  // the type first: which other keys apply depends on it
  if (auto it = json.find("type"); it != json.end()) {
    std::string type_path = member_path(path, "type");
    // parse_field_type also knows the JSON Schema names (integer, number, boolean)
    if (it->is_string()) field.type = check::parse_field_type(it->get<std::string>());
    if (!field.type) {
      std::vector<std::string> also = kFieldTypes;
      also.insert(also.end(), {"integer", "number", "boolean"});
      problem(type_path,
              fmt::format("expected \"string\", \"int\", \"float\", \"bool\", \"date\", \"datetime\" or "
                          "\"enum\", got {}{}",
                          describe(*it), it->is_string() ? did_you_mean(it->get<std::string>(), also) : ""));
    }
  }
  bool type_known = !json.contains("type") || field.type.has_value();
  auto type_is = [&](const char* wanted) {
    return fmt::format("applies to fields of \"type\": {}{}", wanted,
                       json.contains("type") ? fmt::format(", and this one is {}", json["type"].dump())
                                             : ", and this one has no type");
  };
  for (const auto& [key, value] : json.items()) {
    std::string key_path = member_path(path, key);
    if (key == "name") {
      auto name = string_at(value, key_path);
      if (name && name->empty()) {
        problem(key_path, "expected a field name, got an empty string");
      } else if (name) {
        field.name = std::move(*name);
      }
    } else if (key == "format") {
      auto format = string_at(value, key_path);
      if (format && format->empty()) {
        problem(key_path, "expected a date format such as \"%Y-%m-%d\", got an empty string");
      } else if (format && type_known && !is_temporal(field.type)) {
        problem(key_path, type_is("\"date\" or \"datetime\""));
      } else if (std::string error; format && !check::TimeFormat::compile(*format, error)) {
        problem(key_path, error);
      } else {
        field.format = std::move(format);
      }
    } else if (key == "required") {
      if (auto b = bool_at(value, key_path)) field.required = *b;
    } else if (key == "unique") {
      if (auto b = bool_at(value, key_path)) field.unique = *b;
    } else if (key == "min" || key == "max") {
      auto bound = number_at(value, key_path);
      if (bound && type_known && !is_numeric(field.type)) {
        problem(key_path,
                type_is("\"int\" or \"float\"") + (key == "min" ? " (min_length bounds the length of text)"
                                                                : " (max_length bounds the length of text)"));
      } else {
        (key == "min" ? field.min : field.max) = bound;
      }
    } else if (key == "min_length" || key == "max_length") {
      if (auto length = count_at(value, key_path, 0)) {
        (key == "min_length" ? field.min_length : field.max_length) = static_cast<std::size_t>(*length);
      }
    } else if (key == "values") {
      if (!value.is_array() || value.empty()) {
        problem(key_path,
                fmt::format("expected a non-empty array of the allowed values, got {}", describe(value)));
        continue;
      }
      auto values = strings_at(value, key_path);
      if (values && type_known && field.type != check::FieldType::enum_) {
        problem(key_path, type_is("\"enum\""));
      } else if (values) {
        field.values = std::move(*values);
      }
    } else if (key == "pattern") {
      auto pattern = string_at(value, key_path);
      if (!pattern) continue;
      RE2::Options options;
      options.set_log_errors(false);
      RE2 re(*pattern, options);
      if (!re.ok()) {
        problem(key_path, fmt::format("not a valid regular expression (RE2): {}", re.error()));
      } else {
        field.pattern = std::move(pattern);
      }
    }
  }
  if (!json.contains("name")) problem(path, "missing \"name\": the field these constraints are for");
  if (field.type == check::FieldType::enum_ && !json.contains("values")) {
    problem(path, "\"type\": \"enum\" needs \"values\": the array of allowed values");
  }
  if (field.min && field.max && *field.min > *field.max) {
    problem(member_path(path, "min"),
            fmt::format("min ({}) is greater than max ({})", json["min"].dump(), json["max"].dump()));
  }
  if (field.min_length && field.max_length && *field.min_length > *field.max_length) {
    problem(member_path(path, "min_length"), fmt::format("min_length ({}) is greater than max_length ({})",
                                                         *field.min_length, *field.max_length));
  }
  if (problems_.size() != problems_before) return std::nullopt;
  return field;
}

}  // namespace weir::config
