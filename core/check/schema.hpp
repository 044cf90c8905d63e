#pragma once
/// The `schema` section of a config, checked natively.
///
///   "schema": {
///     "header": "exact",                 // any (default) | present | ordered | exact
///     "columns": "constant",             // or a number: every record has that many fields
///     "severity": "error",               // of every schema violation
///     "fields": [
///       {"name": "id", "type": "int", "required": true, "unique": true, "min": 1},
///       {"name": "ts", "type": "datetime", "format": "%Y-%m-%dT%H:%M:%SZ"},
///       {"name": "method", "type": "enum", "values": ["GET", "POST"]},
///       {"name": "path", "pattern": "^/", "max_length": 2048}
///     ],
///     "unique": [["user", "day"]]        // combined keys
///   }
///
/// Rule ids of its violations: schema.header, schema.columns, schema.required,
/// schema.type, schema.enum, schema.pattern, schema.min, schema.max,
/// schema.min_length, schema.max_length, schema.unique.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/check/rule.hpp"

namespace weir::check {

enum class FieldType : std::uint8_t { string, int_, float_, bool_, date, datetime, enum_ };

struct FieldSchema {
  std::string name;
  std::optional<FieldType> type;            ///< unset: any text
  std::optional<std::string> format;        ///< date/datetime: strftime-style; default ISO 8601
  bool required = false;                    ///< present and not empty in every record
  std::optional<double> min, max;           ///< numeric bounds (int, float), inclusive
  std::optional<std::size_t> min_length, max_length;  ///< in characters
  std::vector<std::string> values;          ///< enum: the allowed values
  std::optional<std::string> pattern;       ///< RE2, must match somewhere (anchor with ^ $)
  bool unique = false;
};

enum class HeaderRule : std::uint8_t { any, present, ordered, exact };

struct SchemaSpec {
  std::vector<FieldSchema> fields;
  HeaderRule header = HeaderRule::any;
  bool constant_columns = false;            ///< "columns": "constant"
  std::optional<std::size_t> columns;       ///< "columns": N
  std::vector<std::vector<std::string>> unique;  ///< combined keys
  Severity severity = Severity::error;
};

/// Compiles the schema (patterns, formats). Throws UsageError for a bad
/// pattern or format, naming the field.
std::unique_ptr<Rule> make_schema_rule(const SchemaSpec& spec);

std::string_view field_type_name(FieldType type);
std::optional<FieldType> parse_field_type(std::string_view name);

}  // namespace weir::check
