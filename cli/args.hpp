#pragma once
/// The command line: `weir [OPTIONS] VERB [ARGS] [then VERB [ARGS]]... [FILE...]`.
///
/// Verbs are parsed from the stage registry (their options and how many
/// arguments they take), so a verb's definition is also its parser and its
/// help. Main options may stand before the first verb or among the files.
/// (CLI11 is built for one command with subcommands; weir's grammar is a
/// chain of verbs joined by `then`, so it is parsed here, from the tables.)

#include <string>
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
  enum class Kind { run, help, version, man };
  Kind kind = Kind::run;
  std::string help_topic;  ///< a verb name, or empty for the main help; for man: the template path
  PipelineSpec pipeline;
};

/// Parses argv[1..]. Throws UsageError with a did-you-mean for unknown
/// verbs, options and formats.
Command parse_command_line(const std::vector<std::string>& args);

/// ',' from ",", '\t' from "tab" or "\t", and so on; UsageError otherwise.
char parse_delimiter(const std::string& text);

}  // namespace weir::cli
