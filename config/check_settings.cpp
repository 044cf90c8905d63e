// The "check" section: how `weir check` finds its files and when it fails.
//
//   "check": {
//     "include": ["**/*.csv"], "exclude": ["vendor/**"],
//     "ignore": [{"files": "legacy/**", "rules": ["status-known", "privacy"]}],
//     "fail_on": "warning", "max_violations": 1000
//   }

#include <algorithm>

#include <fmt/format.h>

#include "config/checker.hpp"

namespace weir::config {

namespace {

const std::vector<std::string> kCheckKeys = {"include", "exclude", "ignore", "fail_on", "max_violations"};
const std::vector<std::string> kIgnoreKeys = {"files", "rules"};
const std::vector<std::string> kFailOn = {"error", "warning", "info", "never"};

// The ids of the schema's checks (core/check/schema.hpp; all tagged
// "schema"): names check.ignore may use when there is a schema.
const std::vector<std::string> kSchemaIds = {
    "schema",      "schema.header",     "schema.columns",    "schema.required",
    "schema.type", "schema.enum",       "schema.pattern",    "schema.min",
    "schema.max",  "schema.min_length", "schema.max_length", "schema.unique"};

}  // namespace

void Checker::check_settings(const Json& settings) {
  if (!check_object(settings, "check", kCheckKeys)) return;
  CheckSettings& out = config_.check;
  for (const auto& [key, value] : settings.items()) {
    std::string path = member_path("check", key);
    if (key == "include" || key == "exclude") {
      auto globs = strings_at(value, path);
      if (!globs) continue;
      for (std::size_t i = 0; i < globs->size(); ++i) {
        if ((*globs)[i].empty())
          problem(index_path(path, i), "expected a glob such as \"**/*.csv\", got \"\"");
      }
      (key == "include" ? out.include : out.exclude) = std::move(*globs);
    } else if (key == "ignore") {
      if (!value.is_array()) {
        problem(path,
                fmt::format("expected an array such as [{{\"files\": \"legacy/**\", \"rules\": [\"id\"]}}], "
                            "got {}",
                            describe(value)));
        continue;
      }
      for (std::size_t i = 0; i < value.size(); ++i) check_ignore(value[i], index_path(path, i));
    } else if (key == "fail_on") {
      out.fail_on = choice_at(value, path, kFailOn);
    } else if (key == "max_violations") {
      out.max_violations = count_at(value, path, 1);
    }
  }
}

void Checker::check_ignore(const Json& json, const std::string& path) {
  if (!check_object(json, path, kIgnoreKeys)) return;
  check::IgnoreEntry entry;
  bool good = true;
  if (auto files = json.find("files"); files == json.end()) {
    problem(path,
            "missing \"files\": the glob of the files these rules are ignored for, such as \"legacy/**\"");
    good = false;
  } else if (auto glob = string_at(*files, member_path(path, "files")); !glob) {
    good = false;
  } else if (glob->empty()) {
    problem(member_path(path, "files"), "expected a glob such as \"legacy/**\", got \"\"");
    good = false;
  } else {
    entry.files = std::move(*glob);
  }
  if (auto rules = json.find("rules"); rules == json.end()) {
    problem(path, "missing \"rules\": the ids or tags of the rules to ignore for these files");
    good = false;
  } else if (auto names = strings_at(*rules, member_path(path, "rules")); !names) {
    good = false;
  } else if (names->empty()) {
    problem(member_path(path, "rules"), "expected at least one rule id or tag, got an empty array");
    good = false;
  } else {
    entry.rules = std::move(*names);
  }
  if (!good) return;
  config_.check.ignore.push_back(std::move(entry));
  ignore_paths_.push_back(member_path(path, "rules"));
}

void Checker::check_ignore_rules() {
  // Run once every section is read: "rules" may come after "check".
  std::vector<std::string> known = {"malformed"};  // malformed input, a violation too
  if (config_.schema) known.insert(known.end(), kSchemaIds.begin(), kSchemaIds.end());
  for (const auto& rule : config_.rules) {
    if (!rule.id.empty()) known.push_back(rule.id);
    known.insert(known.end(), rule.tags.begin(), rule.tags.end());
  }
  for (std::size_t i = 0; i < config_.check.ignore.size() && i < ignore_paths_.size(); ++i) {
    const auto& names = config_.check.ignore[i].rules;
    for (std::size_t j = 0; j < names.size(); ++j) {
      if (std::find(known.begin(), known.end(), names[j]) != known.end()) continue;
      problem(index_path(ignore_paths_[i], j),
              fmt::format("{} is not the id or a tag of any rule{}", Json(names[j]).dump(),
                          did_you_mean(names[j], known)));
    }
  }
}

}  // namespace weir::config
