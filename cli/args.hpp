#pragma once
/// The command line: `weir [OPTIONS] VERB [ARGS] [then VERB [ARGS]]... [FILE...]`,
/// `weir run [-c CONFIG] [FILE...]` and `weir config validate|show|schema`.
///
/// Verbs are parsed from the stage registry (their options and how many
/// arguments they take), so a verb's definition is also its parser and its
/// help. Main options may stand before the first verb or among the files.
/// (CLI11 is built for one command with subcommands; weir's grammar is a
/// chain of verbs joined by `then`, so it is parsed here, from the tables.)

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/pipeline/pipeline.hpp"

namespace weir::cli {

struct MainOption {
  std::string_view short_name;
  std::string_view long_name;
  std::string_view value_name;  ///< empty for a flag
  std::string_view help;
};

/// The main options, in help order.
const std::vector<MainOption>& main_options();

struct Command {
  enum class Kind { run, check, sniff, help, version, man, config_validate, config_show, config_schema };
  Kind kind = Kind::run;
  /// A verb, "run" or "config", or empty for the main help; for man: the template path.
  std::string help_topic;
  /// What the command line alone says: its verbs, files and options.
  PipelineSpec pipeline;
  /// The JSON config: -c FILE, or ./weir.json for `weir run` and `weir config`.
  /// Unset: the command line is the whole pipeline.
  std::optional<std::string> config;
  /// The main options given, as (long name, value; empty for a flag), in
  /// order: applied again over a config's settings, which they override.
  std::vector<std::pair<std::string, std::string>> settings;
  /// `weir check`'s own options (long name, value), in order (cli/check_command.hpp).
  std::vector<std::pair<std::string, std::string>> check_options;
};

/// The config file used when `weir run` or `weir config` has no -c.
inline constexpr const char* kDefaultConfig = "weir.json";

/// Parses argv[1..]. Throws UsageError with a did-you-mean for unknown
/// verbs, options and formats.
Command parse_command_line(const std::vector<std::string>& args);

/// ',' from ",", '\t' from "tab" or "\t", and so on; UsageError otherwise.
char parse_delimiter(const std::string& text);

/// Applies main option `long_name` ("--to"; `value` empty for a flag) to
/// `spec`. Throws UsageError for a bad value (unknown format, ...).
void apply_main_option(PipelineSpec& spec, std::string_view long_name, const std::string& value);

}  // namespace weir::cli
