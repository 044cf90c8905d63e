#include "config/checker.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <limits>

#include <fmt/format.h>

#include "core/formats/delimiter_name.hpp"
#include "core/expr/expression.hpp"
#include "core/formats/csv/cell_types.hpp"
#include "core/formats/csv/dialect.hpp"
#include "core/formats/format.hpp"
#include "core/io/transcode.hpp"
#include "core/record/column_types.hpp"

namespace weir::config {

namespace {

const std::vector<std::string> kTopKeys = {"$schema", "version", "input", "output", "pipeline",
                                           "rules",   "schema",  "check", "errors"};
const std::vector<std::string> kInputKeys = {
    "format",     "delimiter",       "quote",   "escape", "header", "header_rows",
    "skip_lines", "comment",         "ragged",  "strict", "trim",   "keep_blank_lines",
    "encoding",   "max_record_size", "newline", "types",  "parse", "max_fields", "max_ratio"};
const std::vector<std::string> kOutputKeys = {"format", "delimiter", "quote",
                                              "header", "path",      "format_hook"};
const std::vector<std::string> kErrorsKeys = {"policy", "rejects", "max_rejects"};
const std::vector<std::string> kPolicies = {"fail", "skip"};
// input.newline is what `weir sniff` found; weir reads every line end, so it is only checked.
const std::vector<std::string> kNewlines = {"lf", "crlf", "cr"};

// The names of the core's enums, so the config takes exactly what the
// command line (--escape, --ragged) and `weir sniff` (types) spell.
const std::vector<std::string>& escape_choices() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (Escape e : {Escape::doubled, Escape::backslash, Escape::none}) out.emplace_back(escape_name(e));
    return out;
  }();
  return names;
}

const std::vector<std::string>& ragged_choices() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (Ragged r : {Ragged::keep, Ragged::pad, Ragged::skip, Ragged::error})
      out.emplace_back(ragged_name(r));
    return out;
  }();
  return names;
}

// input.types: the names `weir sniff` writes, and "str" as --types spells it.
const std::vector<std::string>& input_type_choices() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (CellType t : {CellType::integer, CellType::decimal, CellType::boolean}) {
      out.emplace_back(cell_type_name(t));
    }
    out.emplace_back(column_type_name(ColumnType::str));
    for (CellType t : {CellType::date, CellType::time, CellType::datetime, CellType::text, CellType::empty}) {
      out.emplace_back(cell_type_name(t));
    }
    return out;
  }();
  return names;
}

// The column type an input.types name declares: int, float and bool as such,
// text, dates and times as str; nullopt for "empty" (no value in the sample:
// nothing to declare).
std::optional<ColumnType> declared_type(std::string_view name) {
  if (name == cell_type_name(CellType::empty)) return std::nullopt;
  if (auto type = column_type_from_name(name)) return type;  // int, float, bool, str, text
  return ColumnType::str;                                    // date, time, datetime
}

// "conf/" for "conf/weir.json", "" for "weir.json": how the user would name
// a file beside the config from where they ran weir.
std::string folder_as_written(const std::string& file) {
  std::string folder = std::filesystem::path(file).parent_path().string();
  return folder.empty() || folder.ends_with('/') ? folder : folder + "/";
}

// "\"a\", \"b\" or \"c\""
std::string quoted_choices(const std::vector<std::string>& choices) {
  std::string expected;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) expected += i + 1 == choices.size() ? " or " : ", ";
    expected += Json(choices[i]).dump();
  }
  return expected;
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
    } else if (key == "schema") {
      check_schema(value);
    } else if (key == "check") {
      check_settings(value);
    } else if (key == "errors") {
      check_errors(value);
    } else {
      problem(member_path("", key), "unknown key" + unknown_key_hint(key, kTopKeys));
    }
  }
  check_ignore_rules();
  declare_schema_types();
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
      // "": fields are never quoted, as `weir sniff` writes it for such a file
      if (value.is_string() && value.get_ref<const std::string&>().size() <= 1) {
        const auto& text = value.get_ref<const std::string&>();
        p.read.quote = text.empty() ? '\0' : text[0];
      } else {
        problem(path, fmt::format("expected one character, or \"\" for no quoting, got {}", describe(value)));
      }
    } else if (key == "escape") {
      if (auto name = choice_at(value, path, escape_choices())) p.read.escape = escape_named(*name);
    } else if (key == "header") {
      if (auto b = bool_at(value, path)) p.read.header = *b;
    } else if (key == "header_rows") {
      if (auto n = count_at(value, path, 0, std::numeric_limits<int>::max())) {
        p.read.header_rows = static_cast<int>(*n);
      }
    } else if (key == "skip_lines") {
      if (auto n = count_at(value, path, 0)) p.read.skip_lines = *n;
    } else if (key == "comment") {
      // "": no comment lines, as `weir sniff` writes it for such a file
      if (value.is_string() && value.get_ref<const std::string&>().empty()) p.read.comment = '\0';
      else if (auto c = char_at(value, path)) p.read.comment = *c;
    } else if (key == "ragged") {
      if (auto name = choice_at(value, path, ragged_choices())) p.read.ragged = ragged_named(*name);
    } else if (key == "strict") {
      if (auto b = bool_at(value, path)) p.read.strict = *b;
    } else if (key == "trim") {
      if (auto b = bool_at(value, path)) p.read.trim = *b;
    } else if (key == "keep_blank_lines") {
      if (auto b = bool_at(value, path)) p.read.keep_blank_lines = *b;
    } else if (key == "encoding") {
      if (auto encoding = encoding_at(value, path)) p.read.encoding = *encoding;
    } else if (key == "max_record_size") {
      std::optional<std::int64_t> n = whole_number(value);
      if (n && *n >= 1) {
        p.read.max_record_size = static_cast<std::size_t>(*n);
      } else {
        problem(path, fmt::format("expected a size in bytes (a whole number >= 1), got {}", describe(value)));
      }
    } else if (key == "max_fields") {
      std::optional<std::int64_t> n = whole_number(value);
      if (n && *n >= 1) {
        p.read.max_fields = static_cast<std::size_t>(*n);
      } else {
        problem(path, fmt::format("expected a number of fields (a whole number >= 1), got {}", describe(value)));
      }
    } else if (key == "max_ratio") {
      std::optional<std::int64_t> n = whole_number(value);
      if (n && *n >= 0) {
        p.read.max_ratio = static_cast<std::uint64_t>(*n);
      } else {
        problem(path, fmt::format("expected a ratio (a whole number >= 0; 0: no limit), got {}", describe(value)));
      }
    } else if (key == "newline") {
      check_newline(value, path);
    } else if (key == "types") {
      check_types(value, path);
    } else if (key == "parse") {
      config_.parse_hook = hook_at(value, path);
    }
  }
  // header_rows 0 is no header, 1 or more is a header: it must not say the opposite of header
  if (p.read.header && p.read.header_rows) {
    if (*p.read.header && *p.read.header_rows == 0) {
      problem("input.header_rows", "expected 1 or more when input.header is true (0 means no header), got 0");
    } else if (!*p.read.header && *p.read.header_rows > 0) {
      problem("input.header_rows",
              fmt::format("expected 0 when input.header is false, got {}", *p.read.header_rows));
    }
  }
}

void Checker::check_newline(const Json& value, const std::string& path) {
  // the line end itself ("\r\n") rather than its name: say which name it is
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    std::string_view name = text == "\n" ? "lf" : text == "\r\n" ? "crlf" : text == "\r" ? "cr" : "";
    if (!name.empty()) {
      problem(path, fmt::format("expected {}, got {} (did you mean '{}'?)", quoted_choices(kNewlines),
                                describe(value), name));
      return;
    }
  }
  choice_at(value, path, kNewlines);
}

void Checker::check_types(const Json& types, const std::string& path) {
  if (!types.is_object()) {
    problem(path, fmt::format("expected an object of column types such as {{\"id\": \"int\"}}, got {}",
                              describe(types)));
    return;
  }
  for (const auto& [name, type] : types.items()) {
    auto choice = choice_at(type, member_path(path, name), input_type_choices());
    if (!choice) continue;
    if (auto declared = declared_type(*choice)) config_.pipeline.types.insert_or_assign(name, *declared);
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
      if (auto file = file_at(value, path)) p.output = *file;
    } else if (key == "format_hook") {
      config_.format_hook = hook_at(value, path);
    }
  }
}

void Checker::check_errors(const Json& errors) {
  if (!check_object(errors, "errors", kErrorsKeys)) return;
  PipelineSpec& p = config_.pipeline;
  for (const auto& [key, value] : errors.items()) {
    std::string path = member_path("errors", key);
    if (key == "policy") {
      auto text = string_at(value, path);
      if (!text) continue;
      if (*text == "fail") {
        p.on_error = OnError::fail;
      } else if (*text == "skip") {
        p.on_error = OnError::skip;
      } else {
        problem(path, fmt::format("expected \"fail\" or \"skip\", got {}{}", describe(value),
                                  did_you_mean(*text, kPolicies)));
      }
    } else if (key == "rejects") {
      if (auto file = file_at(value, path)) p.rejects = *file;
    } else if (key == "max_rejects") {
      if (auto n = count_at(value, path, 0)) p.max_rejects = *n;
    }
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

std::optional<std::string> Checker::choice_at(const Json& value, const std::string& path,
                                              const std::vector<std::string>& choices) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (std::find(choices.begin(), choices.end(), text) != choices.end()) return text;
  }
  problem(path, fmt::format("expected {}, got {}{}", quoted_choices(choices), describe(value),
                            value.is_string() ? did_you_mean(value.get<std::string>(), choices) : ""));
  return std::nullopt;
}

std::optional<check::Severity> Checker::severity_at(const Json& value, const std::string& path) {
  static const std::vector<std::string> kSeverities = {"error", "warning", "info"};
  auto name = choice_at(value, path, kSeverities);
  return name ? check::parse_severity(*name) : std::nullopt;
}

std::optional<std::vector<std::string>> Checker::strings_at(const Json& value, const std::string& path) {
  if (!value.is_array()) {
    problem(path, fmt::format("expected an array of strings, got {}", describe(value)));
    return std::nullopt;
  }
  std::vector<std::string> strings;
  bool good = true;
  for (std::size_t i = 0; i < value.size(); ++i) {
    auto text = string_at(value[i], index_path(path, i));
    good = good && text.has_value();
    if (text) strings.push_back(std::move(*text));
  }
  if (!good) return std::nullopt;
  return strings;
}

std::optional<double> Checker::number_at(const Json& value, const std::string& path) {
  if (value.is_number()) return value.get<double>();
  problem(path, fmt::format("expected a number, got {}", describe(value)));
  return std::nullopt;
}

std::optional<std::int64_t> Checker::count_at(const Json& value, const std::string& path, std::int64_t min,
                                              std::int64_t max) {
  std::optional<std::int64_t> n = whole_number(value);
  if (n && *n >= min && *n <= max) return n;
  if (n && *n > max) {
    problem(path, fmt::format("expected a whole number from {} to {}, got {}", min, max, describe(value)));
  } else {
    problem(path, fmt::format("expected a whole number >= {}, got {}", min, describe(value)));
  }
  return std::nullopt;
}

std::optional<std::string> Checker::file_at(const Json& value, const std::string& path) {
  auto text = string_at(value, path);
  if (!text) return std::nullopt;
  if (text->empty()) {
    problem(path, "expected a file name, got an empty string");
    return std::nullopt;
  }
  // relative to the config's folder, written as the user would name it from here
  return std::filesystem::path(*text).is_absolute() ? *text : shown_dir_ + *text;
}

std::optional<Encoding> Checker::encoding_at(const Json& value, const std::string& path) {
  if (value.is_string()) {
    if (auto encoding = encoding_named(value.get_ref<const std::string&>())) return encoding;
  }
  std::string hint;
  if (value.is_string()) {
    std::string lower = value.get<std::string>();
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    hint = did_you_mean(lower, encoding_names());
  }
  std::vector<std::string> canonical;
  for (Encoding e : {Encoding::utf8, Encoding::latin1, Encoding::cp1252, Encoding::utf16, Encoding::utf16le,
                     Encoding::utf16be}) {
    canonical.emplace_back(encoding_name(e));
  }
  problem(path, fmt::format("expected {}, got {}{}", quoted_choices(canonical), describe(value), hint));
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
