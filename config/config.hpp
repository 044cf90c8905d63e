#pragma once
/// The JSON config (weir-config(5)): loading, validation, and translation
/// into the same PipelineSpec the command line produces.
///
///   weir.json --> parse (syntax errors: line, column, caret)
///             --> check every key against the tables (verbs and their
///                 options from the stage registry, formats from the format
///                 registry), collecting every problem with its JSON path
///             --> Config { PipelineSpec, hooks that PipelineSpec cannot hold yet, rules }
///
/// Nothing runs until the whole file is known to be good: load_config()
/// either returns a Config or throws one ConfigError listing every problem.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/hook_ref.hpp"
#include "core/errors/error.hpp"
#include "core/pipeline/pipeline.hpp"

namespace weir::config {

/// The only config version this weir reads.
inline constexpr int kVersion = 1;

/// A rule for `weir check` (a later issue): accepted and shape-checked now.
struct Rule {
  std::string id;
  std::optional<std::string> expr;  ///< exactly one of expr and hook
  std::optional<HookRef> hook;
  std::string severity = "error";  ///< error, warning or info
  std::optional<std::string> message;
  std::optional<std::string> when;  ///< an expression: the rule applies only where it is true
  std::vector<std::string> tags;
};

struct Config {
  std::string path;       ///< the file, as named on the command line
  PipelineSpec pipeline;  ///< input, output, stages, error policy; base_dir is the file's folder (absolute)
  /// For each of pipeline.stages that came from the config, its JSON path
  /// ("pipeline[3]"); stages appended from the command line have none.
  std::vector<std::string> stage_paths;
  std::optional<HookRef> parse_hook;   ///< input.parse: a decode hook
  std::optional<HookRef> format_hook;  ///< output.format_hook: an encode hook
  std::vector<Rule> rules;
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

/// Problems that keep a valid config from running with this weir (a hook
/// stage when weir has no Python; decode and encode hooks, not run yet).
/// Empty when it can run.
std::vector<std::string> run_problems(const Config& config);

/// The config as pretty JSON (two-space indent, ending in a newline), with
/// every default spelled out: what `weir config show` prints. It is itself a
/// valid config for a file in the same folder.
std::string show_config(const Config& config);

/// config/weir.schema.json (JSON Schema draft-07), embedded at build time.
std::string_view schema_text();

}  // namespace weir::config
