// The config's sections for `weir check` as weir check receives them: rules
// as check::RuleSpecs, the schema as a check::SchemaSpec, CheckSettings, and
// run_problems for a check; the input and errors keys as ReadOptions and the
// PipelineSpec's rejects settings. (What a user sees is in tests/cases/config/.)

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "config/config.hpp"
#include "core/formats/csv/dialect.hpp"
#include "core/formats/format.hpp"
#include "core/io/transcode.hpp"
#include "core/stages/stage.hpp"

using weir::config::Config;
using weir::config::ConfigError;
using weir::config::parse_config;
using weir::config::Purpose;
using weir::config::run_problems;
namespace check = weir::check;

namespace {

// The problems of a config that does not load, one a line.
std::string problems_of(std::string_view text) {
  try {
    parse_config(text, "weir.json");
  } catch (const ConfigError& e) {
    std::string all;
    for (const auto& p : e.problems()) all += p + "\n";
    return all;
  }
  return "";
}

}  // namespace

TEST_CASE("config: rules become RuleSpecs with their origin", "[config]") {
  Config config = parse_config(R"J({"version": 1, "rules": [
    {"id": "status-known", "expr": "status in (200, 404)", "message": "bad {status}", "tags": ["http"]},
    {"id": "slow", "expr": "ms < 400", "when": "method == 'GET'", "severity": "warning"}
  ]})J",
                               "weir.json");
  REQUIRE(config.rules.size() == 2);
  const check::RuleSpec& known = config.rules[0];
  CHECK(known.id == "status-known");
  CHECK(known.expr == "status in (200, 404)");
  CHECK_FALSE(known.hook);
  CHECK(known.severity == check::Severity::error);
  CHECK(known.message == "bad {status}");
  CHECK(known.tags == std::vector<std::string>{"http"});
  CHECK(known.origin == "rules[0]");
  CHECK(config.rules[1].severity == check::Severity::warning);
  CHECK(config.rules[1].when == "method == 'GET'");
  CHECK(config.rules[1].origin == "rules[1]");
  CHECK_FALSE(config.schema);
  CHECK(config.check.include.empty());
  CHECK_FALSE(config.check.fail_on);
}

TEST_CASE("config: a rule hook is absolute, from the config's folder", "[config]") {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "weir-unit-config";
  std::filesystem::create_directories(dir / "hooks");
  { std::ofstream(dir / "hooks" / "rules.py") << "def ok(rec, ctx): pass\n"; }
  std::string path = (dir / "weir.json").string();
  Config config =
      parse_config(R"J({"version": 1, "rules": [{"id": "h", "hook": "hooks/rules.py:ok"}]})J", path);
  REQUIRE(config.rules.size() == 1);
  CHECK(config.rules[0].hook == (dir / "hooks" / "rules.py").string() + ":ok");
  // a rule hook matters to a check, not to a run
  CHECK(run_problems(config, Purpose::run).empty());
  if (weir::find_stage("hook")) {
    CHECK(run_problems(config, Purpose::check).empty());
  } else {
    CHECK(run_problems(config, Purpose::check) ==
          std::vector<std::string>{path +
                                   ": rules[0].hook: this weir was built without Python, so it cannot run "
                                   "rule hooks"});
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("config: the schema section becomes a SchemaSpec", "[config]") {
  Config config = parse_config(R"J({"version": 1, "schema": {
    "header": "exact", "columns": 4, "severity": "info",
    "fields": [
      {"name": "id", "type": "integer", "required": true, "unique": true, "min": 1, "max": 1e6},
      {"name": "day", "type": "date", "format": "%d/%m/%Y"},
      {"name": "method", "type": "enum", "values": ["GET", "POST"]},
      {"name": "path", "pattern": "^/", "min_length": 1, "max_length": 2048}
    ],
    "unique": [["day", "path"]]
  }})J",
                               "weir.json");
  REQUIRE(config.schema);
  const check::SchemaSpec& schema = *config.schema;
  CHECK(schema.header == check::HeaderRule::exact);
  CHECK(schema.columns == std::size_t{4});
  CHECK_FALSE(schema.constant_columns);
  CHECK(schema.severity == check::Severity::info);
  REQUIRE(schema.fields.size() == 4);
  CHECK(schema.fields[0].type == check::FieldType::int_);
  CHECK(schema.fields[0].required);
  CHECK(schema.fields[0].unique);
  CHECK(schema.fields[0].min == 1.0);
  CHECK(schema.fields[0].max == 1e6);
  CHECK(schema.fields[1].format == "%d/%m/%Y");
  CHECK(schema.fields[2].values == std::vector<std::string>{"GET", "POST"});
  CHECK_FALSE(schema.fields[3].type);
  CHECK(schema.fields[3].pattern == "^/");
  CHECK(schema.fields[3].min_length == std::size_t{1});
  CHECK(schema.fields[3].max_length == std::size_t{2048});
  CHECK(schema.unique == std::vector<std::vector<std::string>>{{"day", "path"}});
  // a schema without a check section still has CheckSettings, all defaults
  CHECK(config.check.ignore.empty());
}

TEST_CASE("config: the check section becomes CheckSettings", "[config]") {
  Config config = parse_config(R"J({"version": 1,
    "rules": [{"id": "r", "expr": "x > 1", "tags": ["t"]}],
    "check": {"include": ["*.csv"], "exclude": ["vendor/**"], "fail_on": "never", "max_violations": 10,
              "ignore": [{"files": "legacy/**", "rules": ["r", "t", "malformed"]}]}})J",
                               "weir.json");
  CHECK(config.check.include == std::vector<std::string>{"*.csv"});
  CHECK(config.check.exclude == std::vector<std::string>{"vendor/**"});
  CHECK(config.check.fail_on == "never");
  CHECK(config.check.max_violations == 10);
  REQUIRE(config.check.ignore.size() == 1);
  CHECK(config.check.ignore[0].files == "legacy/**");
  CHECK(config.check.ignore[0].rules == std::vector<std::string>{"r", "t", "malformed"});
}

TEST_CASE("config: check.ignore names rules that exist, even when they come later", "[config]") {
  CHECK(problems_of(R"J({"version": 1,
    "check": {"ignore": [{"files": "a/**", "rules": ["status-known", "schema.type"]}]},
    "rules": [{"id": "status-known", "expr": "true"}]})J") ==
        "weir.json: check.ignore[0].rules[1]: \"schema.type\" is not the id or a tag of any rule\n");
}

TEST_CASE("config: the input keys of a sniffed dialect land in ReadOptions", "[config]") {
  Config config = parse_config(R"J({"version": 1, "input": {
    "format": "csv", "delimiter": ";", "quote": "'", "escape": "backslash", "header": true,
    "header_rows": 2, "skip_lines": 3, "ragged": "pad", "strict": true, "encoding": "Windows-1252",
    "max_record_size": 4096, "newline": "crlf", "types": {"id": "int", "when": "datetime", "note": "empty"}}})J",
                               "weir.json");
  const weir::ReadOptions& read = config.pipeline.read;
  CHECK(config.pipeline.from == "csv");
  CHECK(read.delimiter == ';');
  CHECK(read.quote == '\'');
  CHECK(read.escape == weir::Escape::backslash);
  CHECK(read.header == true);
  CHECK(read.header_rows == 2);
  CHECK(read.skip_lines == 3);
  CHECK(read.ragged == weir::Ragged::pad);
  CHECK(read.strict);
  CHECK(read.encoding == weir::Encoding::cp1252);
  CHECK(read.max_record_size == 4096);
  // types bind: dates and times are str, "empty" declares nothing
  CHECK(config.pipeline.types ==
        weir::DeclaredTypes{{"id", weir::ColumnType::integer}, {"when", weir::ColumnType::str}});
}

TEST_CASE("config: input.types declares columns, in sniff's names or --types'", "[config]") {
  Config config = parse_config(R"J({"version": 1, "input": {"types": {
    "i": "int", "f": "float", "b": "bool", "s": "str", "t": "text", "d": "date", "tm": "time",
    "dt": "datetime", "e": "empty", "*": "str"}}})J",
                               "weir.json");
  using weir::ColumnType;
  CHECK(config.pipeline.types == weir::DeclaredTypes{{"*", ColumnType::str},
                                                     {"b", ColumnType::boolean},
                                                     {"d", ColumnType::str},
                                                     {"dt", ColumnType::str},
                                                     {"f", ColumnType::real},
                                                     {"i", ColumnType::integer},
                                                     {"s", ColumnType::str},
                                                     {"t", ColumnType::str},
                                                     {"tm", ColumnType::str}});
}

TEST_CASE("config: a schema field's type declares its column unless input.types does", "[config]") {
  // schema first in the file: input.types still wins
  Config config = parse_config(R"J({"version": 1,
    "schema": {"fields": [
      {"name": "id", "type": "int"}, {"name": "zip", "type": "int"}, {"name": "ms", "type": "number"},
      {"name": "ok", "type": "bool"}, {"name": "day", "type": "date"}, {"name": "m", "type": "enum",
      "values": ["GET"]}, {"name": "s", "type": "string"}, {"name": "any", "required": true},
      {"name": "e", "type": "int"}]},
    "input": {"types": {"zip": "text", "e": "empty"}}})J",
                               "weir.json");
  using weir::ColumnType;
  CHECK(config.pipeline.types == weir::DeclaredTypes{{"day", ColumnType::str},
                                                     {"e", ColumnType::integer},  // "empty" declares nothing
                                                     {"id", ColumnType::integer},
                                                     {"m", ColumnType::str},
                                                     {"ms", ColumnType::real},
                                                     {"ok", ColumnType::boolean},
                                                     {"s", ColumnType::str},
                                                     {"zip", ColumnType::str}});
}

TEST_CASE("config: what input leaves unset stays unset, to be sniffed", "[config]") {
  const weir::ReadOptions read =
      parse_config(R"J({"version": 1, "input": {"format": "csv"}})J", "weir.json").pipeline.read;
  CHECK(read.delimiter == '\0');
  CHECK_FALSE(read.quote);
  CHECK_FALSE(read.escape);
  CHECK_FALSE(read.header);
  CHECK_FALSE(read.header_rows);
  CHECK_FALSE(read.skip_lines);
  CHECK_FALSE(read.ragged);
  CHECK_FALSE(read.strict);
  CHECK_FALSE(read.encoding);
  CHECK(read.max_record_size == weir::ReadOptions{}.max_record_size);
}

TEST_CASE("config: quote \"\" means no quoting; header_rows 0 means no header", "[config]") {
  const weir::ReadOptions read =
      parse_config(R"J({"version": 1, "input": {"quote": "", "header_rows": 0, "header": false,
                        "escape": "none", "ragged": "error", "encoding": "utf-16"}})J",
                   "weir.json")
          .pipeline.read;
  CHECK(read.quote == '\0');
  CHECK(read.header_rows == 0);
  CHECK(read.escape == weir::Escape::none);
  CHECK(read.ragged == weir::Ragged::error);
  CHECK(read.encoding == weir::Encoding::utf16);
}

TEST_CASE("config: errors.rejects starts at the config's folder; max_rejects may be 0", "[config]") {
  Config config = parse_config(
      R"J({"version": 1, "errors": {"policy": "skip", "rejects": "out/rejects.jsonl", "max_rejects": 0}})J",
      "conf/weir.json");
  CHECK(config.pipeline.on_error == weir::OnError::skip);
  CHECK(config.pipeline.rejects == "conf/out/rejects.jsonl");
  CHECK(config.pipeline.max_rejects == 0);
  Config absolute =
      parse_config(R"J({"version": 1, "errors": {"rejects": "/tmp/r.jsonl"}})J", "conf/weir.json");
  CHECK(absolute.pipeline.rejects == "/tmp/r.jsonl");
  CHECK_FALSE(absolute.pipeline.max_rejects);
}

TEST_CASE("config: bad input values, each with its path and what was expected", "[config]") {
  CHECK(problems_of(R"J({"version": 1, "input": {
    "quote": "''", "escape": "double", "header_rows": -1, "skip_lines": 1.5, "ragged": "truncate",
    "strict": "yes", "encoding": "UTF9", "max_record_size": 0, "newline": "CRLF",
    "types": {"id": "integer", "ok": true}}})J") ==
        "weir.json: input.quote: expected one character, or \"\" for no quoting, got \"''\"\n"
        "weir.json: input.escape: expected \"doubled\", \"backslash\" or \"none\", got \"double\" "
        "(did you mean 'doubled'?)\n"
        "weir.json: input.header_rows: expected a whole number >= 0, got -1\n"
        "weir.json: input.skip_lines: expected a whole number >= 0, got 1.5\n"
        "weir.json: input.ragged: expected \"keep\", \"pad\", \"skip\" or \"error\", got \"truncate\"\n"
        "weir.json: input.strict: expected true or false, got \"yes\"\n"
        "weir.json: input.encoding: expected \"utf-8\", \"latin1\", \"cp1252\", \"utf-16\", \"utf-16le\" or "
        "\"utf-16be\", got \"UTF9\" (did you mean 'utf8'?)\n"
        "weir.json: input.max_record_size: expected a size in bytes (a whole number >= 1), got 0\n"
        "weir.json: input.newline: expected \"lf\", \"crlf\" or \"cr\", got \"CRLF\"\n"
        "weir.json: input.types.id: expected \"int\", \"float\", \"bool\", \"str\", \"date\", \"time\", "
        "\"datetime\", \"text\" or \"empty\", got \"integer\"\n"
        "weir.json: input.types.ok: expected \"int\", \"float\", \"bool\", \"str\", \"date\", \"time\", "
        "\"datetime\", \"text\" or \"empty\", got true\n");
  CHECK(problems_of(R"J({"version": 1, "input": {
    "types": "id:int", "newline": "\r\n", "header_rows": 3e9, "max_record_size": "64M"}})J") ==
        "weir.json: input.types: expected an object of column types such as {\"id\": \"int\"}, "
        "got \"id:int\"\n"
        "weir.json: input.newline: expected \"lf\", \"crlf\" or \"cr\", got \"\\r\\n\" "
        "(did you mean 'crlf'?)\n"
        "weir.json: input.header_rows: expected a whole number from 0 to 2147483647, got 3000000000.0\n"
        "weir.json: input.max_record_size: expected a size in bytes (a whole number >= 1), got \"64M\"\n");
}

TEST_CASE("config: header_rows agrees with header", "[config]") {
  CHECK(problems_of(R"J({"version": 1, "input": {"header": true, "header_rows": 0}})J") ==
        "weir.json: input.header_rows: expected 1 or more when input.header is true "
        "(0 means no header), got 0\n");
  CHECK(problems_of(R"J({"version": 1, "input": {"header_rows": 2, "header": false}})J") ==
        "weir.json: input.header_rows: expected 0 when input.header is false, got 2\n");
  CHECK(problems_of(R"J({"version": 1, "input": {"header": true, "header_rows": 3}})J").empty());
}

TEST_CASE("config: bad errors values", "[config]") {
  CHECK(problems_of(
            R"J({"version": 1, "errors": {"rejects": "", "max_rejects": -1, "policy": "quarantine"}})J") ==
        "weir.json: errors.rejects: expected a file name, got an empty string\n"
        "weir.json: errors.max_rejects: expected a whole number >= 0, got -1\n"
        "weir.json: errors.policy: expected \"fail\" or \"skip\", got \"quarantine\"\n");
  CHECK(problems_of(
            R"J({"version": 1, "errors": {"rejects": ["a.jsonl"], "max_rejects": "5", "max_reject": 5}})J") ==
        "weir.json: errors.max_reject: unknown key (did you mean 'max_rejects'?)\n"
        "weir.json: errors.rejects: expected a string, got an array\n"
        "weir.json: errors.max_rejects: expected a whole number >= 0, got \"5\"\n");
}

TEST_CASE("config: show prints the new keys when set, in a fixed order", "[config]") {
  Config config = parse_config(R"J({"version": 1,
    "input": {"encoding": "latin-1", "strict": true, "ragged": "skip", "quote": "", "skip_lines": 1,
              "newline": "lf", "types": {"a": "text"}},
    "errors": {"max_rejects": 3}})J",
                               "weir.json");
  std::string shown = weir::config::show_config(config);
  CHECK(shown.find(R"("input": {
    "quote": "",
    "skip_lines": 1,
    "ragged": "skip",
    "strict": true,
    "trim": false,
    "keep_blank_lines": false,
    "encoding": "latin1",
    "types": {"a": "str"}
  },)") != std::string::npos);
  CHECK(shown.find(R"("errors": {
    "policy": "fail",
    "max_rejects": 3
  })") != std::string::npos);
  // newline is informational: checked, not kept
  CHECK(shown.find("newline") == std::string::npos);
}

TEST_CASE("config: show prints the declared types, the schema's included", "[config]") {
  Config config = parse_config(R"J({"version": 1,
    "input": {"types": {"zip": "text", "n": "float", "note": "empty"}},
    "schema": {"fields": [{"name": "id", "type": "int"}, {"name": "ts", "type": "datetime"}]}})J",
                               "weir.json");
  std::string shown = weir::config::show_config(config);
  CHECK(shown.find(R"(    "keep_blank_lines": false,
    "types": {"id": "int", "n": "float", "ts": "str", "zip": "str"}
  },)") != std::string::npos);
}
