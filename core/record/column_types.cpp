#include "core/record/column_types.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>

namespace weir {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_lower(std::string_view text, std::string_view lowercase) {
  if (text.size() != lowercase.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (lower(text[i]) != lowercase[i]) return false;
  }
  return true;
}

// What one value says about its column's type, from the narrowest.
ColumnType value_type(std::string_view text) {
  if (is_plain_integer(text)) return ColumnType::integer;
  if (is_finite_number(text)) return ColumnType::real;
  if (parse_bool_text(text)) return ColumnType::boolean;
  return ColumnType::str;
}

// What a field says about its column's type; unknown for a missing value.
ColumnType field_type(const Field& f) {
  switch (f.kind) {
    case ValueKind::text:
      return is_missing_mark(f.value) ? ColumnType::unknown : value_type(f.value);
    case ValueKind::string:
      return ColumnType::str;
    case ValueKind::json:
      break;
  }
  std::string_view v = f.value;
  if (v.empty() || v == "null") return ColumnType::unknown;
  if (v == "true" || v == "false") return ColumnType::boolean;
  if (v.front() == '-' || is_digit(v.front())) return is_plain_integer(v) ? ColumnType::integer : ColumnType::real;
  return ColumnType::str;  // a string, an object, an array
}

// The type of a column holding values of types a and b.
ColumnType widen(ColumnType a, ColumnType b) {
  if (a == ColumnType::unknown) return b;
  if (b == ColumnType::unknown || a == b) return a;
  const bool numbers = (a == ColumnType::integer || a == ColumnType::real) &&
                       (b == ColumnType::integer || b == ColumnType::real);
  return numbers ? ColumnType::real : ColumnType::str;
}

}  // namespace

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?: JSON's number grammar.
bool is_json_number(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i == n || !is_digit(s[i])) return false;
  if (s[i] == '0') {
    ++i;
  } else {
    while (i < n && is_digit(s[i])) ++i;
  }
  if (i < n && s[i] == '.') {
    ++i;
    if (i == n || !is_digit(s[i])) return false;
    while (i < n && is_digit(s[i])) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (i == n || !is_digit(s[i])) return false;
    while (i < n && is_digit(s[i])) ++i;
  }
  return i == n;
}


std::string_view column_type_name(ColumnType type) {
  switch (type) {
    case ColumnType::unknown: return "unknown";
    case ColumnType::str: return "str";
    case ColumnType::integer: return "int";
    case ColumnType::real: return "float";
    case ColumnType::boolean: return "bool";
  }
  return "unknown";
}

std::optional<ColumnType> column_type_from_name(std::string_view name) {
  if (name == "str" || name == "text" || name == "string") return ColumnType::str;
  if (name == "int" || name == "integer") return ColumnType::integer;
  if (name == "float" || name == "number") return ColumnType::real;
  if (name == "bool" || name == "boolean") return ColumnType::boolean;
  return std::nullopt;
}

bool is_missing_mark(std::string_view text) {
  static constexpr std::array<std::string_view, 11> kMarks = {"",    "NA",   "N/A",  "n/a",  "NaN", "nan",
                                                              "null", "NULL", "None", "#N/A", "<NA>"};
  if (text.size() > 4) return false;
  for (std::string_view mark : kMarks) {
    if (text == mark) return true;
  }
  return false;
}

bool is_plain_integer(std::string_view s) {
  std::size_t i = !s.empty() && s[0] == '-' ? 1 : 0;
  if (i == s.size()) return false;
  if (s[i] == '0') return s.size() == 1;  // "0"; not "-0" (it is -0.0) nor "012"
  for (; i < s.size(); ++i) {
    if (!is_digit(s[i])) return false;
  }
  return true;
}

bool parse_finite_number(std::string_view text, double& out) {
  if (!is_json_number(text)) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && std::isfinite(out);  // 1e400 is out of range: text
}

bool is_finite_number(std::string_view text) {
  double x = 0;
  return parse_finite_number(text, x);
}

std::optional<bool> parse_bool_text(std::string_view text) {
  if (equals_lower(text, "true")) return true;
  if (equals_lower(text, "false")) return false;
  return std::nullopt;
}

Reading read_as(ColumnType type, std::string_view text) {
  switch (type) {
    case ColumnType::unknown:
    case ColumnType::str:
      return Reading::value;
    case ColumnType::integer:
      if (is_plain_integer(text)) return Reading::value;
      break;
    case ColumnType::real:
      if (is_finite_number(text)) return Reading::value;
      break;
    case ColumnType::boolean:
      if (parse_bool_text(text)) return Reading::value;
      break;
  }
  return is_missing_mark(text) ? Reading::missing : Reading::misfit;
}

ColumnTypes::ColumnTypes(const DeclaredTypes& declared) : declared_(declared) {
  for (const auto& [name, type] : declared_) types_.emplace(name, type);
  if (auto it = declared_.find(kAnyColumn); it != declared_.end()) any_column_ = it->second;
}

void ColumnTypes::learn(Batch& batch) {
  std::map<std::string_view, ColumnType, std::less<>> found;  // columns without a type, seen here
  std::map<std::string_view, std::int64_t, std::less<>> blank;  // their empty or missing text values
  for (std::size_t r = 0; r < batch.size(); ++r) {
    RecordRef record = batch[r];
    const Header* header = record.header();
    if (header && header == header_ && header->id == header_id_ && header_complete_) continue;
    for (std::size_t i = 0; i < record.size(); ++i) {
      if (type_of(record, i) != ColumnType::unknown) continue;
      const Field& f = record[i];
      ColumnType seen = field_type(f);
      if (seen == ColumnType::unknown) {
        if (f.kind == ValueKind::text) ++blank[f.name];
        continue;
      }
      ColumnType& type = found[f.name];
      type = widen(type, seen);
    }
  }
  // (a column decided in this batch has its blanks written with its type)
  for (const auto& [name, n] : blank) {
    if (found.find(name) == found.end()) blank_before_[std::string(name)] += n;
  }
  if (found.empty()) return;
  for (const auto& [name, type] : found) {
    types_.emplace(std::string(name), type);
    auto it = blank_before_.find(name);
    if (it == blank_before_.end()) continue;
    if (type != ColumnType::str) late_.push_back(LateType{it->first, it->second, type});
    blank_before_.erase(it);
  }
  header_ = nullptr;  // the cached header types are stale
}

std::vector<std::string> ColumnTypes::late_type_notes(std::string_view shown, std::string_view null) const {
  std::vector<std::string> out;
  for (const LateType& late : late_) {
    const bool one = late.before == 1;
    const std::string_view type = column_type_name(late.type);
    out.push_back(fmt::format("column '{}': its first {} value{} (empty, or marks such as NA) came before its "
                              "type was known and {} {} as text (\"\", \"NA\"); it is {}, and such values after "
                              "{} are {}; --types {}:{} {} them all as {}",
                              late.name, late.before, one ? "" : "s", one ? "was" : "were", shown, type,
                              one ? "it" : "them", null, late.name, type, shown == "written" ? "writes" : "gives",
                              null));
  }
  return out;
}

ColumnType ColumnTypes::type_of(std::string_view name) const {
  auto it = types_.find(name);
  // with "*" declared no column is unknown, so learn() never classifies a value
  return it == types_.end() ? any_column_ : it->second;
}

void ColumnTypes::learn_header(const Header* header) const {
  header_ = header;
  header_id_ = header->id;
  header_types_.clear();
  header_complete_ = true;
  for (const std::string& name : header->names) {
    header_types_.push_back(type_of(name));
    header_complete_ &= header_types_.back() != ColumnType::unknown;
  }
}

ColumnType ColumnTypes::type_of(const RecordRef& record, std::size_t i) const {
  return type_of(record.header(), i, record[i].name);
}

ColumnType ColumnTypes::type_of(const Header* header, std::size_t i, std::string_view name) const {
  if (header && i < header->names.size()) {
    if (header != header_ || header->id != header_id_) learn_header(header);
    return header_types_[i];
  }
  return type_of(name);
}

bool ColumnTypes::declared(std::string_view name) const {
  return any_column_ != ColumnType::unknown || declared_.find(name) != declared_.end();
}

}  // namespace weir
