// The config's sections for `weir check` as weir check receives them: rules
// as check::RuleSpecs, the schema as a check::SchemaSpec, CheckSettings, and
// run_problems for a check. (What a user sees is in tests/cases/config/.)

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "config/config.hpp"
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
