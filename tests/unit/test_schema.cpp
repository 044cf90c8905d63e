// The schema rule of `weir check`: every constraint, its exact message, and
// the value parsers behind the types.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <re2/re2.h>

#include "core/check/schema.hpp"
#include "core/check/schema_types.hpp"
#include "core/errors/error.hpp"
#include "tests/unit/test_support.hpp"

using weir::Batch;
using weir::ReadOptions;
using weir::check::FieldSchema;
using weir::check::FieldType;
using weir::check::Finding;
using weir::check::HeaderRule;
using weir::check::Rule;
using weir::check::SchemaSpec;

namespace {

/// Every finding of `rule` over `input` read as `from`, one a line:
/// "RECORD RULE FIELD: MESSAGE", RECORD counting from 0 across batches
/// (so that Finding::record, an index in its batch, is checked too).
/// Header findings add "@LINE:COLUMN".
std::string check_text(Rule& rule, const std::string& input, const std::string& from, ReadOptions read = {},
                       std::size_t* batches = nullptr) {
  weir::ErrorPolicy errors(weir::OnError::fail);
  auto reader = weir::format_named(from).make_reader(weir::memory_source(input, "in." + from), read, errors);
  rule.begin_file("in." + from);
  std::string out;
  Batch batch;
  std::size_t before = 0, count = 0;
  while (reader->read(batch)) {
    ++count;
    std::vector<Finding> findings;
    rule.check(batch, findings);
    for (const Finding& f : findings) {
      REQUIRE(f.record < batch.size());
      out += std::to_string(before + f.record) + " " + rule.rules().at(f.rule).id + " " + f.field + ": " +
             f.message;
      if (f.line) out += " @" + std::to_string(*f.line) + ":" + std::to_string(f.column.value_or(0));
      out += "\n";
    }
    before += batch.size();
  }
  if (batches) *batches = count;
  return out;
}

std::string check_text(const SchemaSpec& spec, const std::string& input, const std::string& from,
                       ReadOptions read = {}) {
  auto rule = weir::check::make_schema_rule(spec);
  return check_text(*rule, input, from, read);
}

FieldSchema field(std::string name, std::optional<FieldType> type = std::nullopt) {
  FieldSchema f;
  f.name = std::move(name);
  f.type = type;
  return f;
}

SchemaSpec one_field(FieldSchema f) {
  SchemaSpec spec;
  spec.fields.push_back(std::move(f));
  return spec;
}

/// The findings for a one-field schema over a CSV column "v" of `values`.
/// Read with --strict: the CSV is made here, header first, and the rule is
/// under test, not the sniffer (which may take a first value that is not of
/// the column's type for a second header row).
std::string check_values(const FieldSchema& f, const std::vector<std::string>& values) {
  std::string csv = f.name + "\n";
  for (const auto& v : values) {
    csv += '"';
    for (char c : v) csv += c == '"' ? std::string("\"\"") : std::string(1, c);
    csv += "\"\n";
  }
  ReadOptions read;
  read.strict = true;
  return check_text(one_field(f), csv, "csv", read);
}

std::vector<std::string> rule_ids(const SchemaSpec& spec) {
  auto rule = weir::check::make_schema_rule(spec);
  std::vector<std::string> ids;
  for (const auto& info : rule->rules()) ids.push_back(info.id);
  return ids;
}

std::string usage_error(const SchemaSpec& spec) {
  try {
    weir::check::make_schema_rule(spec);
  } catch (const weir::UsageError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

// ------------------------------------------------------------------ rules()

TEST_CASE("schema: rules() lists only the ids the spec can produce", "[schema]") {
  SchemaSpec spec;
  spec.fields.push_back(field("name"));
  CHECK(rule_ids(spec).empty());

  spec.fields.push_back(field("s", FieldType::string));  // a string cannot fail its type
  CHECK(rule_ids(spec).empty());

  FieldSchema id = field("id", FieldType::int_);
  id.required = true;
  id.unique = true;
  id.min = 1;
  spec.fields.push_back(id);
  FieldSchema method = field("method", FieldType::enum_);
  method.values = {"GET", "POST"};
  spec.fields.push_back(method);
  CHECK(rule_ids(spec) == std::vector<std::string>{"schema.required", "schema.type", "schema.enum",
                                                   "schema.min", "schema.unique"});

  spec.header = HeaderRule::exact;
  spec.constant_columns = true;
  FieldSchema path = field("path");
  path.pattern = "^/";
  path.max = 3;
  path.min_length = 1;
  path.max_length = 10;
  spec.fields.push_back(path);
  spec.severity = weir::check::Severity::warning;
  auto rule = weir::check::make_schema_rule(spec);
  const auto& rules = rule->rules();
  REQUIRE(rules.size() == 11);
  CHECK(rules[0].id == "schema.header");
  CHECK(rules[1].id == "schema.columns");
  CHECK(rules[5].id == "schema.pattern");
  CHECK(rules[7].id == "schema.max");
  CHECK(rules[10].id == "schema.unique");
  for (const auto& r : rules) {
    CHECK(r.severity == weir::check::Severity::warning);
    CHECK(r.tags == std::vector<std::string>{"schema"});
    CHECK(!r.description.empty());
    CHECK(r.description.find('\n') == std::string::npos);
  }
  CHECK(rules[2].description == "present and not empty: id");
  CHECK(rules[3].description == "of their type: id int");
  CHECK(rules[4].description == "one of their values: method in (GET, POST)");
  CHECK(rules[5].description == "matching their pattern: path ~ \"^/\"");
  CHECK(rules[10].description == "unique in each file: id");
}

TEST_CASE("schema: type names read and print", "[schema]") {
  using weir::check::field_type_name;
  using weir::check::parse_field_type;
  for (auto t : {FieldType::string, FieldType::int_, FieldType::float_, FieldType::bool_, FieldType::date,
                 FieldType::datetime, FieldType::enum_}) {
    CHECK(parse_field_type(field_type_name(t)) == t);
  }
  CHECK(field_type_name(FieldType::int_) == "int");
  CHECK(field_type_name(FieldType::datetime) == "datetime");
  CHECK(parse_field_type("integer") == FieldType::int_);
  CHECK(parse_field_type("number") == FieldType::float_);
  CHECK(parse_field_type("boolean") == FieldType::bool_);
  CHECK(parse_field_type("Int") == std::nullopt);
  CHECK(parse_field_type("") == std::nullopt);
}

// ------------------------------------------------------------------ required

TEST_CASE("schema: a required field missing, empty or null", "[schema]") {
  FieldSchema id = field("id", FieldType::int_);
  id.required = true;
  SchemaSpec spec = one_field(id);
  CHECK(check_text(spec, "id,x\n1,a\n,b\n3,c\n", "csv") ==
        "1 schema.required id: required field 'id' is empty\n");
  CHECK(check_text(spec, "{\"id\":1}\n{\"x\":2}\n{\"id\":null}\n{\"id\":\"\"}\n{\"id\":0}\n", "jsonl") ==
        "1 schema.required id: missing required field 'id'\n"
        "2 schema.required id: required field 'id' is empty\n"
        "3 schema.required id: required field 'id' is empty\n");
  CHECK(check_text(spec, "x\n1\n", "csv") == "0 schema.required id: missing required field 'id'\n");
}

TEST_CASE("schema: a field that is not required may be missing or empty, and is then not checked",
          "[schema]") {
  FieldSchema n = field("n", FieldType::int_);
  n.min = 5;
  n.pattern = "^9";
  n.min_length = 3;
  n.values = {"999"};
  SchemaSpec spec = one_field(n);
  CHECK(check_text(spec, "n,x\n,1\n999,2\n", "csv") == "");
  CHECK(check_text(spec, "{\"x\":1}\n{\"n\":null}\n{\"n\":\"\"}\n", "jsonl") == "");
}

// ------------------------------------------------------------------ types

TEST_CASE("schema: int", "[schema]") {
  auto f = field("n", FieldType::int_);
  CHECK(check_values(f, {"0", "42", "-7", "+3", "007", "123456789012345678901234567890"}) == "");
  CHECK(check_values(f, {"abc", "1.5", "1e3", "- 1", "--1", "+", " 1", "1 ", "0x10", "1,000"}) ==
        "0 schema.type n: field 'n' is not an int: \"abc\"\n"
        "1 schema.type n: field 'n' is not an int: \"1.5\"\n"
        "2 schema.type n: field 'n' is not an int: \"1e3\"\n"
        "3 schema.type n: field 'n' is not an int: \"- 1\"\n"
        "4 schema.type n: field 'n' is not an int: \"--1\"\n"
        "5 schema.type n: field 'n' is not an int: \"+\"\n"
        "6 schema.type n: field 'n' is not an int: \" 1\"\n"
        "7 schema.type n: field 'n' is not an int: \"1 \"\n"
        "8 schema.type n: field 'n' is not an int: \"0x10\"\n"
        "9 schema.type n: field 'n' is not an int: \"1,000\"\n");
}

TEST_CASE("schema: float", "[schema]") {
  auto f = field("x", FieldType::float_);
  CHECK(check_values(f, {"0", "1.5", "-2", "+2.5", "1e3", "-1.5E-3", ".5", "42"}) == "");
  CHECK(check_values(f, {"abc", "nan", "inf", "-Infinity", "1,5", "1e400", "1.5.2", "0x1p3"}) ==
        "0 schema.type x: field 'x' is not a float: \"abc\"\n"
        "1 schema.type x: field 'x' is not a float: \"nan\"\n"
        "2 schema.type x: field 'x' is not a float: \"inf\"\n"
        "3 schema.type x: field 'x' is not a float: \"-Infinity\"\n"
        "4 schema.type x: field 'x' is not a float: \"1,5\"\n"
        "5 schema.type x: field 'x' is not a float: \"1e400\"\n"
        "6 schema.type x: field 'x' is not a float: \"1.5.2\"\n"
        "7 schema.type x: field 'x' is not a float: \"0x1p3\"\n");
}

TEST_CASE("schema: bool takes the frictionless defaults", "[schema]") {
  auto f = field("b", FieldType::bool_);
  CHECK(check_values(f, {"true", "True", "TRUE", "1", "false", "False", "FALSE", "0"}) == "");
  CHECK(check_values(f, {"yes", "tRUE", "t", "2", "01"}) ==
        "0 schema.type b: field 'b' is not a bool: \"yes\"\n"
        "1 schema.type b: field 'b' is not a bool: \"tRUE\"\n"
        "2 schema.type b: field 'b' is not a bool: \"t\"\n"
        "3 schema.type b: field 'b' is not a bool: \"2\"\n"
        "4 schema.type b: field 'b' is not a bool: \"01\"\n");
}

TEST_CASE("schema: date, by default %Y-%m-%d, is a calendar date", "[schema]") {
  auto f = field("d", FieldType::date);
  CHECK(check_values(f, {"2024-02-29", "2000-02-29", "2023-12-31", "0001-01-01"}) == "");
  CHECK(check_values(f, {"2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00",
                         "2024-1-05", "2024-01-01T00:00:00", "20240105"}) ==
        "0 schema.type d: field 'd' is not a date (%Y-%m-%d): \"2023-02-29\"\n"
        "1 schema.type d: field 'd' is not a date (%Y-%m-%d): \"1900-02-29\"\n"
        "2 schema.type d: field 'd' is not a date (%Y-%m-%d): \"2024-04-31\"\n"
        "3 schema.type d: field 'd' is not a date (%Y-%m-%d): \"2024-13-01\"\n"
        "4 schema.type d: field 'd' is not a date (%Y-%m-%d): \"2024-00-10\"\n"
        "5 schema.type d: field 'd' is not a date (%Y-%m-%d): \"2024-01-00\"\n"
        "6 schema.type d: field 'd' is not a date (%Y-%m-%d): \"2024-1-05\"\n"
        "7 schema.type d: field 'd' is not a date (%Y-%m-%d): \"2024-01-01T00:00:00\"\n"
        "8 schema.type d: field 'd' is not a date (%Y-%m-%d): \"20240105\"\n");
}

TEST_CASE("schema: datetime, by default ISO 8601 / RFC 3339", "[schema]") {
  auto f = field("t", FieldType::datetime);
  CHECK(check_values(f, {"2024-01-01T00:00:00", "2024-01-01 23:59:59", "2024-01-01t12:00:00z",
                         "2024-02-29T10:00:00.116Z", "2024-06-30T23:59:60Z", "2024-01-01T10:00:00+02:00",
                         "2024-01-01T10:00:00.123456789-05:30"}) == "");
  CHECK(check_values(f, {"2024-01-01", "2024-01-01T10:00", "2024-01-01T24:00:00", "2024-01-01T10:60:00",
                         "2023-02-29T10:00:00", "2024-01-01T10:00:00.", "2024-01-01T10:00:00+0200",
                         "2024-01-01T10:00:00+02", "2024-01-01T10:00:00Zx", "2024-01-01_10:00:00",
                         "2024-01-01T10:00:00,5"}) ==
        "0 schema.type t: field 't' is not a datetime (ISO 8601): \"2024-01-01\"\n"
        "1 schema.type t: field 't' is not a datetime (ISO 8601): \"2024-01-01T10:00\"\n"
        "2 schema.type t: field 't' is not a datetime (ISO 8601): \"2024-01-01T24:00:00\"\n"
        "3 schema.type t: field 't' is not a datetime (ISO 8601): \"2024-01-01T10:60:00\"\n"
        "4 schema.type t: field 't' is not a datetime (ISO 8601): \"2023-02-29T10:00:00\"\n"
        "5 schema.type t: field 't' is not a datetime (ISO 8601): \"2024-01-01T10:00:00.\"\n"
        "6 schema.type t: field 't' is not a datetime (ISO 8601): \"2024-01-01T10:00:00+0200\"\n"
        "7 schema.type t: field 't' is not a datetime (ISO 8601): \"2024-01-01T10:00:00+02\"\n"
        "8 schema.type t: field 't' is not a datetime (ISO 8601): \"2024-01-01T10:00:00Zx\"\n"
        "9 schema.type t: field 't' is not a datetime (ISO 8601): \"2024-01-01_10:00:00\"\n"
        "10 schema.type t: field 't' is not a datetime (ISO 8601): \"2024-01-01T10:00:00,5\"\n");
}

TEST_CASE("schema: datetime with a format", "[schema]") {
  auto f = field("ts", FieldType::datetime);
  f.format = "%Y-%m-%dT%H:%M:%SZ";
  CHECK(check_values(f, {"2024-01-01T00:00:00Z", "2024-12-31T23:59:59Z"}) == "");
  CHECK(
      check_values(
          f, {"2024-13-01", "2024-01-01T00:00:00", "2024-01-01T00:00:00.5Z", "2024-01-01T00:00:00+00:00"}) ==
      "0 schema.type ts: field 'ts' is not a datetime (%Y-%m-%dT%H:%M:%SZ): \"2024-13-01\"\n"
      "1 schema.type ts: field 'ts' is not a datetime (%Y-%m-%dT%H:%M:%SZ): \"2024-01-01T00:00:00\"\n"
      "2 schema.type ts: field 'ts' is not a datetime (%Y-%m-%dT%H:%M:%SZ): \"2024-01-01T00:00:00.5Z\"\n"
      "3 schema.type ts: field 'ts' is not a datetime (%Y-%m-%dT%H:%M:%SZ): \"2024-01-01T00:00:00+00:00\"\n");

  auto d = field("d", FieldType::date);
  d.format = "%d/%m/%Y";
  CHECK(check_values(d, {"29/02/2024", "31/12/1999"}) == "");
  CHECK(check_values(d, {"29/02/2023", "2024-02-01", "1/2/2024"}) ==
        "0 schema.type d: field 'd' is not a date (%d/%m/%Y): \"29/02/2023\"\n"
        "1 schema.type d: field 'd' is not a date (%d/%m/%Y): \"2024-02-01\"\n"
        "2 schema.type d: field 'd' is not a date (%d/%m/%Y): \"1/2/2024\"\n");
}

TEST_CASE("schema: TimeFormat directives", "[schema]") {
  auto matches = [](const std::string& format, const std::string& text) {
    std::string error;
    auto f = weir::check::TimeFormat::compile(format, error);
    REQUIRE(f);
    CHECK(error.empty());
    return f->matches(text);
  };
  CHECK(matches("%Y-%m-%d %H:%M:%S.%f%z", "2024-01-01 10:00:00.5+0200"));
  CHECK(matches("%Y-%m-%d %H:%M:%S.%f%z", "2024-01-01 10:00:00.123456789-02:30"));
  CHECK(matches("%Y-%m-%d %H:%M:%S.%f%z", "2024-01-01 10:00:00.000Z"));
  CHECK_FALSE(matches("%Y-%m-%d %H:%M:%S.%f%z", "2024-01-01 10:00:00.1234567890Z"));  // %f: 1 to 9 digits
  CHECK_FALSE(matches("%Y-%m-%d %H:%M:%S.%f%z", "2024-01-01 10:00:00.Z"));
  CHECK_FALSE(matches("%Y-%m-%d %H:%M:%S.%f%z", "2024-01-01 10:00:00.5+2400"));
  CHECK_FALSE(matches("%Y-%m-%d %H:%M:%S.%f%z", "2024-01-01 10:00:00.5+02"));
  CHECK(matches("%F %T", "2024-02-29 23:59:60"));
  CHECK_FALSE(matches("%F %T", "2024-02-30 23:59:59"));
  CHECK_FALSE(matches("%F %T", "2024-02-29 23:59:61"));
  CHECK(matches("%Y/%j", "2024/366"));
  CHECK_FALSE(matches("%Y/%j", "2023/366"));
  CHECK_FALSE(matches("%Y/%j", "2023/000"));
  CHECK(matches("%Y-%m-%d (%j)", "2024-03-01 (061)"));
  CHECK_FALSE(matches("%Y-%m-%d (%j)", "2023-03-01 (061)"));  // 060 in a common year
  CHECK(matches("%d.%m.%y", "29.02.00"));                     // 2000: a leap year
  CHECK_FALSE(matches("%d.%m.%y", "29.02.01"));
  CHECK(matches("%m-%d", "02-29"));  // no year: February may have 29 days
  CHECK_FALSE(matches("%m-%d", "02-30"));
  CHECK_FALSE(matches("%m-%d", "04-31"));
  CHECK(matches("%H:%M", "23:59"));
  CHECK(matches("100%%", "100%"));
  CHECK_FALSE(matches("100%%", "100"));
  CHECK_FALSE(matches("%Y", "202"));
  CHECK_FALSE(matches("%Y", "20245"));
  CHECK(matches("", ""));
  CHECK_FALSE(matches("", "x"));

  std::string error;
  CHECK_FALSE(weir::check::TimeFormat::compile("%Y-%Q", error));
  CHECK(error == "unsupported directive %Q (supported: %Y %y %m %d %j %H %M %S %f %z %F %T %%)");
  CHECK_FALSE(weir::check::TimeFormat::compile("%Y%", error));
  CHECK(error == "the format ends in a lone '%' (write %% for a percent sign)");
}

TEST_CASE("schema: JSON values keep their JSON types", "[schema]") {
  SchemaSpec spec;
  spec.fields = {field("n", FieldType::int_), field("x", FieldType::float_), field("b", FieldType::bool_),
                 field("d", FieldType::date)};
  CHECK(check_text(spec, "{\"n\":42,\"x\":1.5,\"b\":true,\"d\":\"2024-01-01\"}\n", "jsonl") == "");
  CHECK(check_text(
            spec,
            "{\"n\":\"42\",\"x\":\"1.5\",\"b\":\"true\",\"d\":20240101}\n{\"n\":1.5,\"b\":1,\"x\":[1]}\n",
            "jsonl") ==
        "0 schema.type n: field 'n' is not an int: \"42\" (a JSON string)\n"
        "0 schema.type x: field 'x' is not a float: \"1.5\" (a JSON string)\n"
        "0 schema.type b: field 'b' is not a bool: \"true\" (a JSON string)\n"
        "0 schema.type d: field 'd' is not a date (%Y-%m-%d): \"20240101\"\n"
        "1 schema.type n: field 'n' is not an int: \"1.5\"\n"
        "1 schema.type x: field 'x' is not a float: \"[1]\"\n");
}

TEST_CASE("schema: values in messages are quoted JSON-style and cut past 80 characters", "[schema]") {
  auto f = field("n", FieldType::int_);
  CHECK(check_text(one_field(f), "{\"n\":\"say \\\"hi\\\"\\n\\t\\\\ \\u0001\"}\n", "jsonl") ==
        "0 schema.type n: field 'n' is not an int: \"say \\\"hi\\\"\\n\\t\\\\ \\u0001\" (a JSON string)\n");
  std::string long_value;
  for (int i = 0; i < 100; ++i) long_value += "\xC3\xA9";  // é, two bytes
  std::string shown;
  for (int i = 0; i < 80; ++i) shown += "\xC3\xA9";
  CHECK(check_values(f, {long_value}) ==
        "0 schema.type n: field 'n' is not an int: \"" + shown + "\xE2\x80\xA6\"\n");
  std::string exactly80(80, 'x');
  CHECK(check_values(f, {exactly80}) == "0 schema.type n: field 'n' is not an int: \"" + exactly80 + "\"\n");
}

// ------------------------------------------------------------------ enum, pattern

TEST_CASE("schema: enum", "[schema]") {
  auto m = field("method", FieldType::enum_);
  m.values = {"GET", "POST", "PUT"};
  CHECK(check_values(m, {"GET", "PUT", "POST"}) == "");
  CHECK(check_values(m, {"PATCH", "get", "GET "}) ==
        "0 schema.enum method: field 'method' is not one of GET, POST, PUT: \"PATCH\"\n"
        "1 schema.enum method: field 'method' is not one of GET, POST, PUT: \"get\"\n"
        "2 schema.enum method: field 'method' is not one of GET, POST, PUT: \"GET \"\n");

  // values that would read ambiguously in the list are quoted
  auto q = field("q");
  q.values = {"a, b", "c"};
  CHECK(check_values(q, {"x"}) == "0 schema.enum q: field 'q' is not one of \"a, b\", c: \"x\"\n");

  // many values: found by hashing, listed up to ten
  auto n = field("n", FieldType::enum_);
  for (int i = 1; i <= 12; ++i) n.values.push_back(std::to_string(i));
  CHECK(check_values(n, {"1", "7", "12"}) == "");
  CHECK(check_values(n, {"13"}) ==
        "0 schema.enum n: field 'n' is not one of 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, \xE2\x80\xA6 (12 values): "
        "\"13\"\n");
}

TEST_CASE("schema: an int with values is checked for both, type first", "[schema]") {
  auto s = field("status", FieldType::int_);
  s.values = {"200", "404"};
  CHECK(check_values(s, {"200", "500", "x"}) ==
        "1 schema.enum status: field 'status' is not one of 200, 404: \"500\"\n"
        "2 schema.type status: field 'status' is not an int: \"x\"\n");
}

TEST_CASE("schema: pattern matches anywhere unless anchored", "[schema]") {
  auto p = field("path");
  p.pattern = "^/";
  CHECK(check_values(p, {"/", "/api/v1"}) == "");
  CHECK(check_values(p, {"x", "api/"}) ==
        "0 schema.pattern path: field 'path' does not match the pattern \"^/\": \"x\"\n"
        "1 schema.pattern path: field 'path' does not match the pattern \"^/\": \"api/\"\n");
  auto d = field("code");
  d.pattern = "\\d{3}";
  CHECK(check_values(d, {"abc123", "404"}) == "");
  CHECK(check_values(d, {"12a"}) ==
        "0 schema.pattern code: field 'code' does not match the pattern \"\\\\d{3}\": \"12a\"\n");
  auto u = field("name");
  u.pattern = "^\\p{Lu}";  // UTF-8 aware
  CHECK(check_values(u, {"\xC3\x89mile"}) == "");
  CHECK(check_values(u, {"\xC3\xA9mile"}) ==
        "0 schema.pattern name: field 'name' does not match the pattern \"^\\\\p{Lu}\": \"\xC3\xA9mile\"\n");
}

TEST_CASE("schema: literal patterns, tested without RE2, match as RE2 would", "[schema]") {
  auto check = [](const std::string& pattern, const std::string& value) {
    auto p = field("p");
    p.pattern = pattern;
    return check_values(p, {value}).empty();
  };
  for (const std::string value : {"abc", "xabc", "abcx", "xabcx", "ab", "ABC", "a.c"}) {
    INFO(value);
    CHECK(check("abc", value) == re2::RE2::PartialMatch(value, "abc"));
    CHECK(check("^abc", value) == re2::RE2::PartialMatch(value, "^abc"));
    CHECK(check("abc$", value) == re2::RE2::PartialMatch(value, "abc$"));
    CHECK(check("^abc$", value) == re2::RE2::PartialMatch(value, "^abc$"));
    CHECK(check("^", value));
    CHECK(check("a.c", value) == re2::RE2::PartialMatch(value, "a.c"));
    CHECK(check("a\\.c", value) == re2::RE2::PartialMatch(value, "a\\.c"));
  }
}

// ------------------------------------------------------------------ min, max, lengths

TEST_CASE("schema: ints parsed on the fast path equal from_chars", "[schema]") {
  using weir::check::parse_int;
  for (const std::string text : {"0", "-0", "12", "+12", "-12.5", "11.619", "0.1", "0.3", "123456789012345",
                                 "1234567890.12345", "9007199254740993", "-99999999999999999999999"}) {
    INFO(text);
    weir::Field f("x", text);
    REQUIRE(f.number());
    double n;
    if (parse_int(text, n)) CHECK(n == *f.number());
  }
  double n = 0;
  CHECK(parse_int("-42", n));
  CHECK(n == -42);
  CHECK_FALSE(parse_int("4 2", n));
}

TEST_CASE("schema: min and max are inclusive", "[schema]") {
  auto l = field("latency_ms", FieldType::float_);
  l.min = 0;
  l.max = 10000;
  CHECK(check_values(l, {"0", "10000", "0.001", "9999.999", "1e4"}) == "");
  CHECK(check_values(l, {"12000", "-0.5", "10000.001", "abc"}) ==
        "0 schema.max latency_ms: field 'latency_ms' is 12000, above the maximum 10000\n"
        "1 schema.min latency_ms: field 'latency_ms' is -0.5, below the minimum 0\n"
        "2 schema.max latency_ms: field 'latency_ms' is 10000.001, above the maximum 10000\n"
        "3 schema.type latency_ms: field 'latency_ms' is not a float: \"abc\"\n");
  auto id = field("id", FieldType::int_);
  id.min = 1;
  CHECK(check_values(id, {"1", "99999999999"}) == "");
  CHECK(check_values(id, {"0", "-3"}) ==
        "0 schema.min id: field 'id' is 0, below the minimum 1\n"
        "1 schema.min id: field 'id' is -3, below the minimum 1\n");
  auto r = field("ratio");
  r.max = 0.5;
  CHECK(check_values(r, {"0.75", "x"}) ==
        "0 schema.max ratio: field 'ratio' is 0.75, above the maximum 0.5\n"
        "1 schema.max ratio: field 'ratio' is not a number: \"x\"\n");
}

TEST_CASE("schema: lengths count UTF-8 characters", "[schema]") {
  auto c = field("country");
  c.min_length = 2;
  c.max_length = 3;
  CHECK(check_values(c, {"US", "USA", "\xC3\xA9\xC3\xA9", "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC"}) == "");
  CHECK(check_values(c, {"U", "\xF0\x9F\x98\x80", "USAX", "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"}) ==
        "0 schema.min_length country: field 'country' has 1 character, fewer than the minimum 2\n"
        "1 schema.min_length country: field 'country' has 1 character, fewer than the minimum 2\n"
        "2 schema.max_length country: field 'country' has 4 characters, more than the maximum 3\n"
        "3 schema.max_length country: field 'country' has 4 characters, more than the maximum 3\n");
}

TEST_CASE("schema: one record can break several constraints, reported in schema order", "[schema]") {
  SchemaSpec spec;
  auto id = field("id", FieldType::int_);
  id.required = true;
  auto path = field("path");
  path.pattern = "^/";
  path.max_length = 3;
  auto status = field("status", FieldType::int_);
  spec.fields = {id, path, status};
  CHECK(check_text(spec, "status,path\nabc,api/v2\n", "csv") ==
        "0 schema.required id: missing required field 'id'\n"
        "0 schema.pattern path: field 'path' does not match the pattern \"^/\": \"api/v2\"\n"
        "0 schema.max_length path: field 'path' has 6 characters, more than the maximum 3\n"
        "0 schema.type status: field 'status' is not an int: \"abc\"\n");
}

// ------------------------------------------------------------------ unique

TEST_CASE("schema: unique fields, per file", "[schema]") {
  auto id = field("id", FieldType::int_);
  id.unique = true;
  auto rule = weir::check::make_schema_rule(one_field(id));
  // (the blank line, in a table of one column, is a record of an empty id:
  // no duplicate of anything)
  const std::string csv = "id\n1\n2\n1\n\n3\n2\n1\n";
  const std::string expected =
      "2 schema.unique id: duplicate id 1 (first on line 2)\n"
      "5 schema.unique id: duplicate id 2 (first on line 3)\n"
      "6 schema.unique id: duplicate id 1 (first on line 2)\n";
  CHECK(check_text(*rule, csv, "csv") == expected);
  // begin_file() forgets the keys of the file before
  CHECK(check_text(*rule, csv, "csv") == expected);
  // missing and empty values are no duplicates of each other
  CHECK(check_text(*rule, "{\"id\":1}\n{}\n{}\n{\"id\":null}\n{\"id\":null}\n{\"id\":\"\"}\n", "jsonl") ==
        "");
  // the type does not matter, the text does
  CHECK(check_text(*rule, "{\"id\":1}\n{\"id\":\"1\"}\n", "jsonl") ==
        "1 schema.type id: field 'id' is not an int: \"1\" (a JSON string)\n"
        "1 schema.unique id: duplicate id 1 (first on line 1)\n");
}

TEST_CASE("schema: unique keys are remembered across batches", "[schema]") {
  auto id = field("id");
  id.unique = true;
  auto rule = weir::check::make_schema_rule(one_field(id));
  std::string csv = "id\n";
  for (int i = 0; i < 3000; ++i) csv += std::to_string(i) + "\n";
  csv += "17\n2999\n";
  ReadOptions read;
  read.block_size = 256;
  std::size_t batches = 0;
  CHECK(check_text(*rule, csv, "csv", read, &batches) ==
        "3000 schema.unique id: duplicate id 17 (first on line 19)\n"
        "3001 schema.unique id: duplicate id 2999 (first on line 3001)\n");
  CHECK(batches > 10);
}

TEST_CASE("schema: combined unique keys", "[schema]") {
  SchemaSpec spec;
  spec.unique = {{"user", "day"}};
  CHECK(check_text(spec,
                   "user,day,n\nann,2024-01-01,1\nann,2024-01-02,2\nbob,2024-01-01,3\nann,2024-01-01,4\n"
                   "ann,,5\nann,,6\n",
                   "csv") ==
        "3 schema.unique user: duplicate (user, day) = (ann, 2024-01-01) (first on line 2)\n");
  // the parts of a key cannot run into each other
  CHECK(check_text(spec, "user,day\nab,c\na,bc\nabc,\n\"a,b\",c\na,\"b,c\"\n", "csv") == "");
  // awkward values are quoted
  CHECK(check_text(spec, "user,day\n\"a,b\",\" c\"\n\"a,b\",\" c\"\n", "csv") ==
        "1 schema.unique user: duplicate (user, day) = (\"a,b\", \" c\") (first on line 2)\n");
}

TEST_CASE("schema: the key hash tells many keys apart", "[schema]") {
  SchemaSpec spec;
  spec.unique = {{"a", "b"}};
  std::string csv = "a,b\n";
  for (int i = 0; i < 20000; ++i) csv += std::to_string(i % 100) + "," + std::to_string(i / 100) + "\n";
  CHECK(check_text(spec, csv, "csv") == "");
}

// ------------------------------------------------------------------ header

namespace {
SchemaSpec header_spec(HeaderRule rule) {
  SchemaSpec spec;
  spec.header = rule;
  spec.fields = {field("a"), field("b"), field("c")};
  return spec;
}
}  // namespace

TEST_CASE("schema: header present", "[schema]") {
  auto spec = header_spec(HeaderRule::present);
  CHECK(check_text(spec, "a,b,c\n1,2,3\n", "csv") == "");
  CHECK(check_text(spec, "c,x,a,b\n1,2,3,4\n", "csv") == "");
  CHECK(check_text(spec, "c,x\n1,2\n3,4\n", "csv") ==
        "0 schema.header a: header lacks field 'a' @1:1\n"
        "0 schema.header b: header lacks field 'b' @1:1\n");
  // JSON Lines: the first record's names, on its line
  CHECK(check_text(spec, "\n{\"a\":1,\"c\":2}\n{\"x\":1}\n", "jsonl") ==
        "0 schema.header b: header lacks field 'b' @2:1\n");
  // a header with no record is not checked
  CHECK(check_text(spec, "x,y\n", "csv") == "");
}

TEST_CASE("schema: header ordered", "[schema]") {
  auto spec = header_spec(HeaderRule::ordered);
  CHECK(check_text(spec, "a,b,c\n1,2,3\n", "csv") == "");
  CHECK(check_text(spec, "x,a,y,b,c,z\n1,2,3,4,5,6\n", "csv") == "");
  CHECK(check_text(spec, "b,a,c\n1,2,3\n", "csv") ==
        "0 schema.header b: field 'b' comes before 'a' in the header; the schema has 'a' first @1:1\n");
  CHECK(check_text(spec, "c,b,a\n1,2,3\n", "csv") ==
        "0 schema.header b: field 'b' comes before 'a' in the header; the schema has 'a' first @1:1\n"
        "0 schema.header c: field 'c' comes before 'a' in the header; the schema has 'a' first @1:1\n");
  CHECK(check_text(spec, "c,a\n1,2\n", "csv") ==
        "0 schema.header b: header lacks field 'b' @1:1\n"
        "0 schema.header c: field 'c' comes before 'a' in the header; the schema has 'a' first @1:1\n");
}

TEST_CASE("schema: header exact", "[schema]") {
  auto spec = header_spec(HeaderRule::exact);
  CHECK(check_text(spec, "a,b,c\n1,2,3\n", "csv") == "");
  CHECK(check_text(spec, "a,b,c,z\n1,2,3,4\n", "csv") == "0 schema.header z: unexpected field 'z' @1:1\n");
  CHECK(check_text(spec, "a,c,b\n1,2,3\n", "csv") ==
        "0 schema.header c: field 'c' comes before 'b' in the header; the schema has 'b' first @1:1\n");
  CHECK(check_text(spec, "z,a,b\n1,2,3\n", "csv") ==
        "0 schema.header c: header lacks field 'c' @1:1\n"
        "0 schema.header z: unexpected field 'z' @1:1\n");
  CHECK(check_text(spec, "{\"a\":1,\"b\":2,\"c\":3,\"d\":4}\n{\"d\":1}\n", "jsonl") ==
        "0 schema.header d: unexpected field 'd' @1:1\n");
}

TEST_CASE("schema: the header is checked once per file", "[schema]") {
  auto rule = weir::check::make_schema_rule(header_spec(HeaderRule::exact));
  const std::string expected = "0 schema.header z: unexpected field 'z' @1:1\n";
  ReadOptions read;
  read.block_size = 16;
  CHECK(check_text(*rule, "a,b,c,z\n1,2,3,4\n5,6,7,8\n9,10,11,12\n", "csv", read) == expected);
  CHECK(check_text(*rule, "a,b,c,z\n1,2,3,4\n", "csv") == expected);
}

// ------------------------------------------------------------------ columns

TEST_CASE("schema: columns N", "[schema]") {
  SchemaSpec spec;
  spec.columns = 3;
  // --strict: rows of another width reach the rule as they are (the default
  // reading would pad them to the usual width first)
  ReadOptions no_header;
  no_header.header = false;
  no_header.strict = true;
  CHECK(check_text(spec, "1,2,3\n1,2\n1,2,3,4\n1\n", "csv", no_header) ==
        "1 schema.columns : 2 fields where the schema says 3\n"
        "2 schema.columns : 4 fields where the schema says 3\n"
        "3 schema.columns : 1 field where the schema says 3\n");
}

TEST_CASE("schema: columns N sees rows as they were written", "[schema]") {
  // without --strict a short row is padded to the table's width (a ragged
  // repair) and a long row keeps its extra values; columns judges each by
  // the fields it was written with (the padded short row went unseen, while
  // the long one was reported)
  SchemaSpec spec;
  spec.columns = 3;
  ReadOptions no_header;
  no_header.header = false;
  CHECK(check_text(spec, "1,2,3\n4,5,6\n7,8\n1,2,3,4\n", "csv", no_header) ==
        "2 schema.columns : 2 fields where the schema says 3\n"
        "3 schema.columns : 4 fields where the schema says 3\n");
  CHECK(check_text(spec, "1\t2\t3\n7\t8\n", "tsv", no_header) == "1 schema.columns : 2 fields where the schema says 3\n");
  SchemaSpec constant;
  constant.constant_columns = true;
  CHECK(check_text(constant, "1,2,3\n7,8\n", "csv", no_header) ==
        "1 schema.columns : 2 fields where the first record has 3\n");
}

TEST_CASE("schema: constant columns, per file", "[schema]") {
  SchemaSpec spec;
  spec.constant_columns = true;
  auto rule = weir::check::make_schema_rule(spec);
  ReadOptions no_header;
  no_header.header = false;
  CHECK(check_text(*rule, "1,2,3,4,5\n1,2,3,4,5,6\n1,2,3,4,5\n", "csv", no_header) ==
        "1 schema.columns : 6 fields where the first record has 5\n");
  CHECK(check_text(*rule, "1,2,3,4,5,6\n1,2,3,4,5,6\n", "csv", no_header) == "");
  CHECK(check_text(*rule, "{\"a\":1}\n{\"a\":1,\"b\":2}\n", "jsonl") ==
        "1 schema.columns : 2 fields where the first record has 1\n");
}

// ------------------------------------------------------------------ lookup

TEST_CASE("schema: fields are found by name whatever their order", "[schema]") {
  SchemaSpec spec;
  auto a = field("a", FieldType::int_);
  auto b = field("b", FieldType::int_);
  b.required = true;
  spec.fields = {a, b};
  CHECK(check_text(spec, "{\"a\":1,\"b\":2}\n{\"b\":\"x\",\"a\":\"y\"}\n{\"a\":3}\n{\"c\":0,\"b\":4}\n",
                   "jsonl") ==
        "1 schema.type a: field 'a' is not an int: \"y\" (a JSON string)\n"
        "1 schema.type b: field 'b' is not an int: \"x\" (a JSON string)\n"
        "2 schema.required b: missing required field 'b'\n");
  // two CSV files with their own headers, through one rule
  auto rule = weir::check::make_schema_rule(spec);
  CHECK(check_text(*rule, "a,b\n1,x\n", "csv") == "0 schema.type b: field 'b' is not an int: \"x\"\n");
  CHECK(check_text(*rule, "b,a\n1,x\n", "csv") == "0 schema.type a: field 'a' is not an int: \"x\"\n");
}

TEST_CASE("schema: JSON Lines records switching between many key sets", "[schema]") {
  SchemaSpec spec;
  auto a = field("a", FieldType::int_);
  a.required = true;
  spec.fields = {a, field("b", FieldType::bool_)};
  const std::vector<std::string> shapes = {
      "{\"a\":A}",         "{\"b\":true,\"a\":A}",      "{\"x\":1,\"a\":A}",
      "{\"a\":A,\"b\":0}", "{\"y\":1,\"z\":2,\"a\":A}", "{\"b\":1,\"y\":1,\"a\":A}"};
  std::string jsonl, expected;
  for (int i = 0; i < 60; ++i) {
    std::string line = shapes[static_cast<std::size_t>(i * 7 % 6)];
    const bool bad = i % 11 == 0;
    line.replace(line.find('A'), 1, bad ? "\"x\"" : std::to_string(i));
    jsonl += line + "\n";
    if (bad)
      expected += std::to_string(i) + " schema.type a: field 'a' is not an int: \"x\" (a JSON string)\n";
  }
  CHECK(check_text(spec, jsonl, "jsonl") == expected);
}

TEST_CASE("schema: a dotted name reaches into JSON objects", "[schema]") {
  auto host = field("req.host");
  host.required = true;
  host.pattern = "\\.com$";
  CHECK(check_text(one_field(host),
                   "{\"req\":{\"host\":\"a.com\"}}\n{\"req\":{\"host\":\"a.org\"}}\n{\"req\":{}}\n",
                   "jsonl") ==
        "1 schema.pattern req.host: field 'req.host' does not match the pattern \"\\\\.com$\": \"a.org\"\n"
        "2 schema.required req.host: missing required field 'req.host'\n");
}

// ------------------------------------------------------------------ setup errors

TEST_CASE("schema: a bad schema is a usage error naming the field", "[schema]") {
  auto ts = field("ts", FieldType::datetime);
  ts.format = "%Y-%m-%d %Q";
  CHECK(usage_error(one_field(ts)) ==
        "schema: field 'ts': bad format \"%Y-%m-%d %Q\": unsupported directive %Q "
        "(supported: %Y %y %m %d %j %H %M %S %f %z %F %T %%)");
  ts.format = "%Y%";
  CHECK(
      usage_error(one_field(ts)) ==
      "schema: field 'ts': bad format \"%Y%\": the format ends in a lone '%' (write %% for a percent sign)");

  auto path = field("path");
  path.pattern = "(abc";
  CHECK(usage_error(one_field(path)) == "schema: field 'path': bad pattern \"(abc\": missing ): (abc");

  auto method = field("method", FieldType::enum_);
  CHECK(usage_error(one_field(method)) == "schema: field 'method': is an enum without values");

  auto n = field("n", FieldType::int_);
  n.format = "%Y";
  CHECK(usage_error(one_field(n)) ==
        "schema: field 'n': has a format, which only types date and datetime take (its type is int)");

  auto s = field("s", FieldType::string);
  s.min = 1;
  CHECK(usage_error(one_field(s)) ==
        "schema: field 's': min and max apply to numbers (type int or float), and its type is string");

  auto r = field("r");
  r.min = 5;
  r.max = 1.5;
  CHECK(usage_error(one_field(r)) == "schema: field 'r': min 5 is above max 1.5");
  r = field("r");
  r.min_length = 5;
  r.max_length = 1;
  CHECK(usage_error(one_field(r)) == "schema: field 'r': min_length 5 is above max_length 1");

  SchemaSpec twice;
  twice.fields = {field("a"), field("a")};
  CHECK(usage_error(twice) == "schema: field 'a': appears twice in the schema's fields");

  SchemaSpec empty_key;
  empty_key.unique = {{}};
  CHECK(usage_error(empty_key) == "schema: unique[0] names no field");
}
