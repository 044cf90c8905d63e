#pragma once
/// The JSON config (weir-config(5)): loading, validation, and translation
/// into the same PipelineSpec the command line produces.
///
///   weir.json --> parse (syntax errors: line, column, caret)
///             --> check every key against the tables (verbs and their
///                 options from the stage registry, formats from the format
///                 registry), collecting every problem with its JSON path
///             --> Config { PipelineSpec, hooks that PipelineSpec cannot hold yet,
///                          rules, schema and check settings for `weir check` }
///
/// Nothing runs until the whole file is known to be good: load_config()
/// either returns a Config or throws one ConfigError listing every problem.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/hook_ref.hpp"
#include "core/check/check.hpp"
#include "core/errors/error.hpp"
#include "core/pipeline/pipeline.hpp"

namespace weir::config {

/// The only config version this weir reads.
inline constexpr int kVersion = 1;

/// The config's `check` section: how `weir check` finds its files and when
/// it fails. The command line's options (--fail-on, --max-violations, ...)
/// override these one by one.
struct CheckSettings {
  /// Globs a file found in a folder must match (empty: every extension weir
  /// reads) and globs that leave it out, over its path inside that folder;
  /// files named on the command line are always read.
  std::vector<std::string> include, exclude;
  /// Rules not reported for some files; every name is a rule's id or tag,
  /// or schema.* / "schema" (with a schema), or "malformed".
  std::vector<check::IgnoreEntry> ignore;
  /// The lowest severity that fails the run: "error", "warning", "info", or
  /// "never"; unset: the default (error).
  std::optional<std::string> fail_on;
  std::optional<std::int64_t> max_violations;  ///< stop after this many (>= 1); unset: no limit
};

struct Config {
  std::string path;       ///< the file, as named on the command line
  PipelineSpec pipeline;  ///< input, output, stages, error policy; base_dir is the file's folder (absolute)
  /// For each of pipeline.stages that came from the config, its JSON path
  /// ("pipeline[3]"); stages appended from the command line have none.
  std::vector<std::string> stage_paths;
  std::optional<HookRef> parse_hook;   ///< input.parse: a decode hook
  std::optional<HookRef> format_hook;  ///< output.format_hook: an encode hook
  /// `rules`, in file order: ids checked unique, expressions compiled once
  /// here (so a bad one is reported at load time), hooks absolute
  /// ("/abs/hooks/rules.py:no_email"), origin "rules[N]".
  std::vector<check::RuleSpec> rules;
  /// `schema`: every constraint checked for the type it applies to, its
  /// patterns (RE2) and date formats compiled once to check them.
  std::optional<check::SchemaSpec> schema;
  CheckSettings check;  ///< `check`; all defaults when the config has none
};

/// Every problem found in a config, in file order, each one
/// "FILE: json.path: what is wrong and what was expected" (possibly followed
/// by a snippet with a caret on the next lines). main prints each after "weir: ".
class ConfigError : public UsageError {
 public:
  explicit ConfigError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

/// Reads and checks the config at `path`. Throws SetupError when the file
/// cannot be read, ConfigError when anything in it is wrong.
Config load_config(const std::string& path);

/// The same over text already read; `path` names the file in messages and
/// its folder is where relative paths start.
Config parse_config(std::string_view text, const std::string& path);

/// What a config is about to be used for.
enum class Purpose : std::uint8_t {
  run,    ///< `weir run`: the pipeline (rules are not run)
  check,  ///< `weir check`: the pipeline and the rules
};

/// Problems that keep a valid config from running with this weir: a hook
/// (a pipeline stage, input.parse, output.format_hook, and for
/// Purpose::check a rule hook) when weir was built without Python.
/// Empty when it can run.
std::vector<std::string> run_problems(const Config& config, Purpose purpose = Purpose::run);

/// The config as pretty JSON (two-space indent, ending in a newline), with
/// every default spelled out: what `weir config show` prints. It is itself a
/// valid config for a file in the same folder.
std::string show_config(const Config& config);

/// config/weir.schema.json (JSON Schema draft-07), embedded at build time.
std::string_view schema_text();

}  // namespace weir::config
