#pragma once
/// Internal: the one walk over a parsed config. It turns each section into
/// its part of the Config and, instead of stopping at the first mistake,
/// notes every problem with its JSON path, so the user fixes them all at once.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/json_util.hpp"
#include "core/io/transcode.hpp"
#include "core/stages/stage.hpp"

namespace weir::config {

/// The hook verb: the hooks library's row, or, when this weir has no Python,
/// the config's own, so a config with hooks is checked the same way everywhere.
const StageInfo& hook_info();

class Checker {
 public:
  /// `file`: the config as named on the command line (for messages);
  /// `base_dir`: its folder, absolute (relative paths start there).
  Checker(std::string file, std::string base_dir);

  /// The Config for `root`; problems() says whether it can be used.
  Config check(const Json& root);
  std::vector<std::string>& problems() { return problems_; }

 private:
  void problem(const std::string& path, const std::string& message);

  // checker.cpp: sections
  void check_version(const Json& root);
  void check_input(const Json& input);
  /// input.newline: what `weir sniff` found ("lf", "crlf", "cr"); checked,
  /// not used, since every line end is read.
  void check_newline(const Json& value, const std::string& path);
  /// input.types: each column's type, in --types' names or those `weir sniff`
  /// writes, declared in pipeline.types ("empty" declares nothing).
  void check_types(const Json& types, const std::string& path);
  void check_output(const Json& output);
  void check_errors(const Json& errors);

  // rules.cpp, record_schema.cpp, check_settings.cpp: the sections for `weir check`
  void check_rules(const Json& rules);
  void check_rule(const Json& rule, const std::string& path, std::vector<std::string>& ids);
  /// Compiles the expression; a bad one is noted with the expression and a caret.
  void check_expression(const Json& value, const std::string& path, std::optional<std::string>& out);
  void check_schema(const Json& schema);
  /// Declares the type of each schema field's column that input.types does
  /// not (int, float, bool as such; string, enum, date, datetime as str), once
  /// both sections are read.
  void declare_schema_types();
  /// The field, or nothing when it has a problem.
  std::optional<check::FieldSchema> check_field(const Json& field, const std::string& path);
  void check_settings(const Json& settings);
  void check_ignore(const Json& entry, const std::string& path);
  /// That each name in check.ignore[].rules is a rule's id or tag (or one
  /// of weir's own: schema.*, malformed), once every section is read.
  void check_ignore_rules();

  // pipeline.cpp: the stages
  void check_pipeline(const Json& pipeline);
  void check_entry(const Json& entry, const std::string& path);
  std::optional<StageSpec> hook_stage(const Json& entry, const std::string& path);
  void take_arguments(const StageInfo& info, const Json& value, const std::string& path, StageSpec& spec,
                      std::vector<std::string>& arg_paths);
  void take_option(const StageInfo& info, std::string_view key, const Json& value, const std::string& path,
                   StageSpec& spec);
  void build_check(const StageInfo& info, const StageSpec& spec, const std::string& path,
                   const std::vector<std::string>& arg_paths);

  // typed values: each notes a problem and returns nothing when the value is not of its type
  /// Notes each key of `object` that is not in `allowed`; false when `object` is not an object.
  bool check_object(const Json& object, const std::string& path, const std::vector<std::string>& allowed);
  std::optional<std::string> string_at(const Json& value, const std::string& path);
  std::optional<bool> bool_at(const Json& value, const std::string& path);
  /// One of `choices`: "expected \"a\", \"b\" or \"c\", got ..." with a did-you-mean.
  std::optional<std::string> choice_at(const Json& value, const std::string& path,
                                       const std::vector<std::string>& choices);
  std::optional<check::Severity> severity_at(const Json& value, const std::string& path);
  /// An array of strings (possibly empty).
  std::optional<std::vector<std::string>> strings_at(const Json& value, const std::string& path);
  std::optional<double> number_at(const Json& value, const std::string& path);
  /// A whole number from `min` to `max`.
  std::optional<std::int64_t> count_at(const Json& value, const std::string& path, std::int64_t min,
                                       std::int64_t max = std::numeric_limits<std::int64_t>::max());
  /// A file name, relative to the config's folder, as the user would name
  /// it from the current folder ("conf/out.csv" for "out.csv" in conf/weir.json).
  std::optional<std::string> file_at(const Json& value, const std::string& path);
  /// A name encoding_named takes, in any case.
  std::optional<Encoding> encoding_at(const Json& value, const std::string& path);
  std::optional<char> char_at(const Json& value, const std::string& path);
  std::optional<char> delimiter_at(const Json& value, const std::string& path);
  std::optional<std::string> format_at(const Json& value, const std::string& path, bool for_reading);
  /// A hook reference whose file exists.
  std::optional<HookRef> hook_at(const Json& value, const std::string& path);

  /// For the entry being checked: (option name, its JSON path), so that a
  /// stage's message about "-n" can name "pipeline[2].head.lines".
  std::vector<std::pair<std::string, std::string>> option_paths_;
  /// The JSON path of each config_.check.ignore entry's "rules".
  std::vector<std::string> ignore_paths_;

  std::string file_;
  std::string base_dir_;
  std::string shown_dir_;  ///< the config's folder as the user would write it: "" or "conf/"
  std::vector<std::string> problems_;
  Config config_;
};

}  // namespace weir::config
