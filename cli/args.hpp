#pragma once
/// The command line: `weir [OPTIONS] VERB [ARGS] [then VERB [ARGS]]... [FILE...]`,
/// `weir run [-c CONFIG] [FILE...]`, `weir check`, `weir sniff`, `weir help`
/// and `weir config validate|show|schema`.
///
/// The verb chain and the main options are read by config/verb_chain.hpp,
/// which `import weir` shares; this file adds the commands around it.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/verb_chain.hpp"
#include "core/pipeline/pipeline.hpp"

namespace weir::cli {

struct Command {
  enum class Kind { run, check, sniff, help, version, man, completion, config_validate, config_show, config_schema };
  Kind kind = Kind::run;
  /// A verb, "run" or "config", or empty for the main help; for man: the template path; for
  /// completion: the shell.
  std::string help_topic;
  /// What the command line says about the pipeline: its verbs, files and
  /// main options, and the JSON config (-c FILE, or ./weir.json for
  /// `weir run` and `weir config`; unset: the command line is the whole pipeline).
  config::PipelineWords words;
  /// `weir check`'s own options (long name, value), in order (cli/check_command.hpp).
  std::vector<config::Setting> check_options;
};

/// The config file used when `weir run` or `weir config` has no -c.
inline constexpr const char* kDefaultConfig = "weir.json";

/// Parses argv[1..]. Throws UsageError with a did-you-mean for unknown
/// verbs, options and formats.
Command parse_command_line(const std::vector<std::string>& args);

}  // namespace weir::cli
