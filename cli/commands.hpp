#pragma once
/// Carrying out a parsed command line: help, running a pipeline (from the
/// command line, a config, or both), and the `weir config` commands.

#include "cli/args.hpp"
#include "config/config.hpp"
#include "core/errors/error.hpp"

namespace weir::cli {

/// Does what `command` says, writing to standard output. Throws what run()
/// throws, and config::ConfigError for a bad config; main maps them to exit codes.
ExitCode execute(const Command& command);

/// The pipeline of `command` over `config`: the config's settings with the
/// command line's options applied over them (the command line wins), the
/// config's stages followed by the command line's verbs, and the command
/// line's files. Relative paths on the command line stay relative to the
/// current folder; the config's are relative to its folder.
PipelineSpec effective_pipeline(const Command& command, const config::Config& config);

/// The config's input.parse (a decode hook reading lines) and
/// output.format_hook (an encode hook writing lines) as hook stages at the
/// two ends of `spec`.
void add_io_hooks(PipelineSpec& spec, const config::Config& config);

}  // namespace weir::cli
